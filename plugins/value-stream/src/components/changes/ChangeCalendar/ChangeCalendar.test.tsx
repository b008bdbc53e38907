import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import type { ChangeConflict } from '@valuestream/plugin-value-stream-common';
import { change } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
} from '../../../__testUtils__/render';
import { ChangeCalendar } from './ChangeCalendar';

const changes = [
  change({
    plannedStart: '2025-01-15T10:00:00',
    plannedEnd: '2025-01-16T12:00:00',
  }),
  change({
    id: 'chg-2',
    title: 'Hotfix',
    type: 'emergency',
    plannedStart: '2025-01-29T10:00:00',
    plannedEnd: undefined,
  }),
  change({
    id: 'chg-3',
    title: 'Unplanned',
    plannedStart: undefined,
    plannedEnd: undefined,
  }),
];

const render = (
  element: Parameters<typeof renderWithApis>[0],
  api = fakeValueStreamApi(),
) => renderWithApis(element, { api, entity: false });

describe('ChangeCalendar', () => {
  it('shows planned windows in a month and a week view', async () => {
    await render(
      <ChangeCalendar changes={changes} initialDate="2025-01-15T12:00:00" />,
    );
    const month = screen.getByRole('table', {
      name: 'Change calendar, January 2025',
    });
    expect(
      within(month).getByRole('cell', { name: 'January 15, 2025' }),
    ).toHaveTextContent('Upgrade payment SDK');
    expect(
      within(month).getByRole('cell', { name: 'January 16, 2025' }),
    ).toHaveTextContent('Upgrade payment SDK');
    expect(
      within(month).getByRole('cell', { name: 'January 29, 2025' }),
    ).toHaveTextContent('Hotfix');
    expect(
      screen.getByText('1 change without a planned window is not shown.'),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Week' }));
    const week = screen.getByRole('table', {
      name: /Change calendar, Week of Jan 13, 2025/,
    });
    expect(within(week).getAllByRole('cell')).toHaveLength(7);
    expect(week).toHaveTextContent('Upgrade payment SDK');
    expect(week).not.toHaveTextContent('Hotfix');

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(
      screen.getByRole('table', { name: /Week of Jan 27, 2025/ }),
    ).toHaveTextContent('Hotfix');
  });

  it('moves between months', async () => {
    await render(
      <ChangeCalendar changes={changes} initialDate="2025-01-15T12:00:00" />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));
    expect(
      screen.getByRole('table', { name: 'Change calendar, December 2024' }),
    ).toBeInTheDocument();
  });

  it('draws the freeze and maintenance windows of the days it shows', async () => {
    // Local times, as the calendar shows them.
    const local = (iso: string) => DateTime.fromISO(iso).toISO()!;
    const start = local('2025-01-18T02:00:00');
    const end = local('2025-01-18T06:00:00');
    const api = fakeValueStreamApi({
      getChangeCalendar: jest.fn(async ({ from, to }) => ({
        from,
        to,
        freezeWindows: [
          {
            reason: 'Quarter close',
            start: local('2025-01-20T00:00:00'),
            end: local('2025-01-22T00:00:00'),
          },
        ],
        maintenance: [
          {
            entityRef: 'component:default/checkout',
            windows: ['Sat 02:00-06:00'],
            occurrences: [{ start, end, window: 'Sat 02:00-06:00' }],
          },
        ],
      })),
    });
    await render(
      <ChangeCalendar changes={changes} initialDate="2025-01-15T12:00:00" />,
      api,
    );
    const month = screen.getByRole('table', {
      name: 'Change calendar, January 2025',
    });
    const day = (name: string) => within(month).getByRole('cell', { name });
    await waitFor(() =>
      expect(day('January 20, 2025')).toHaveTextContent(
        'Freeze: Quarter close',
      ),
    );
    expect(day('January 21, 2025')).toHaveTextContent('Freeze: Quarter close');
    expect(day('January 22, 2025')).not.toHaveTextContent('Freeze');
    expect(day('January 18, 2025')).toHaveTextContent(
      'Maintenance 02:00–06:00: checkout',
    );
    expect(day('January 19, 2025')).not.toHaveTextContent('Maintenance');

    // It asked for the days it shows and the services of its changes.
    expect(api.getChangeCalendar).toHaveBeenCalledWith({
      from: DateTime.fromISO('2024-12-30T00:00:00').toUTC().toISO(),
      to: DateTime.fromISO('2025-02-03T00:00:00').toUTC().toISO(),
      entityRefs: ['component:default/checkout'],
    });
  });

  it('marks each change that collides with another, from either side', async () => {
    const conflict: ChangeConflict = {
      changeId: 'chg-2',
      title: 'Hotfix',
      entityRef: 'component:default/cart',
      type: 'emergency',
      state: 'authorize',
      plannedStart: '2025-01-15T11:00:00.000Z',
      hops: 1,
      relation: 'dependent',
    };
    const colliding = [
      change({
        plannedStart: '2025-01-15T10:00:00',
        plannedEnd: '2025-01-15T12:00:00',
        conflicts: [conflict],
      }),
      change({
        id: 'chg-2',
        title: 'Hotfix',
        type: 'emergency',
        plannedStart: '2025-01-15T11:00:00',
        plannedEnd: undefined,
        conflicts: [],
      }),
      change({
        id: 'chg-4',
        title: 'Quiet change',
        plannedStart: '2025-01-15T10:00:00',
        plannedEnd: '2025-01-15T12:00:00',
        conflicts: [],
      }),
    ];
    await render(
      <ChangeCalendar changes={colliding} initialDate="2025-01-15T12:00:00" />,
    );
    const cell = screen.getByRole('cell', { name: 'January 15, 2025' });
    expect(
      within(cell).getByLabelText('Upgrade payment SDK, collides with Hotfix'),
    ).toHaveTextContent('⚠ Upgrade payment SDK');
    // The other side of the stored conflict is marked too.
    expect(
      within(cell).getByLabelText('Hotfix, collides with Upgrade payment SDK'),
    ).toHaveTextContent('⚠ Hotfix');
    expect(within(cell).getByText('Quiet change')).not.toHaveAttribute(
      'aria-label',
    );
  });

  it('says when the windows cannot be loaded, and still shows the changes', async () => {
    const api = fakeValueStreamApi({
      getChangeCalendar: jest.fn().mockRejectedValue(new Error('offline')),
    });
    await render(
      <ChangeCalendar changes={changes} initialDate="2025-01-15T12:00:00" />,
      api,
    );
    expect(
      await screen.findByText(
        'Freeze and maintenance windows could not be loaded: offline',
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Upgrade payment SDK').length).toBeGreaterThan(
      0,
    );
  });
});
