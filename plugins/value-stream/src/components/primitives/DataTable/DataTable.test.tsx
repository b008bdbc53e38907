import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { TableBody, TableCell, TableRow } from '@material-ui/core';
import { DataTable } from './DataTable';

// Whether the cells keep their words whole depends on the browser's
// cascade (jsdom ignores selector specificity); the end-to-end test of the
// portal pages checks it in Chromium.
describe('DataTable', () => {
  it('is a table with the props it is given and its own class', async () => {
    await renderInTestApp(
      <DataTable size="small" aria-label="Incidents" className="mine">
        <TableBody>
          <TableRow>
            <TableCell>bronze</TableCell>
          </TableRow>
        </TableBody>
      </DataTable>,
    );
    const table = screen.getByRole('table', { name: 'Incidents' });
    expect(table).toHaveClass('mine');
    expect(table.classList.length).toBeGreaterThan(2);
    expect(screen.getByRole('cell', { name: 'bronze' })).toBeInTheDocument();
  });
});
