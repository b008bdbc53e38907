import { screen, within } from '@testing-library/react';
import type { ChangeConflict } from '@valuestream/plugin-value-stream-common';
import { renderWithApis } from '../../../__testUtils__/render';
import { ChangeConflicts } from './ChangeConflicts';

const conflicts: ChangeConflict[] = [
  {
    changeId: 'chg-7',
    title: 'Rotate database credentials',
    entityRef: 'component:default/checkout',
    type: 'normal',
    state: 'scheduled',
    plannedStart: '2025-01-15T10:00:00.000Z',
    plannedEnd: '2025-01-15T11:00:00.000Z',
    hops: 0,
    relation: 'same-entity',
  },
  {
    changeId: 'chg-8',
    title: 'Resize the cart cluster',
    entityRef: 'component:default/cart',
    type: 'standard',
    state: 'new',
    plannedStart: '2025-01-15T10:30:00.000Z',
    hops: 2,
    relation: 'shared-dependency',
    via: 'resource:default/db',
  },
];

describe('ChangeConflicts', () => {
  it('lists each conflicting change, its service, how it relates and its window', async () => {
    await renderWithApis(<ChangeConflicts conflicts={conflicts} />, {
      entity: false,
    });
    const table = screen.getByRole('table', { name: 'Conflicting changes' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Rotate database credentials');
    expect(rows[0]).toHaveTextContent('Same service');
    expect(rows[0]).toHaveTextContent('Scheduled');
    expect(rows[1]).toHaveTextContent('Resize the cart cluster');
    expect(rows[1]).toHaveTextContent(
      'Shares a dependency via resource:default/db',
    );
    expect(
      within(rows[1]).getByRole('link', { name: /cart/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Other open changes whose planned windows overlap/),
    ).toBeInTheDocument();
  });

  it('says when there are none', async () => {
    await renderWithApis(<ChangeConflicts conflicts={[]} />, { entity: false });
    expect(
      screen.getByText('No other open change overlaps its window nearby.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
