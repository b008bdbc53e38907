import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { change } from '../../../__testUtils__/fixtures';
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

describe('ChangeCalendar', () => {
  it('shows planned windows in a month and a week view', async () => {
    await renderInTestApp(
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
    await renderInTestApp(
      <ChangeCalendar changes={changes} initialDate="2025-01-15T12:00:00" />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));
    expect(
      screen.getByRole('table', { name: 'Change calendar, December 2024' }),
    ).toBeInTheDocument();
  });
});
