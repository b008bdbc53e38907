import { screen, within } from '@testing-library/react';
import { metricsReport } from '../../../__testUtils__/fixtures';
import { renderWithApis } from '../../../__testUtils__/render';
import { FlowMetrics } from './FlowMetrics';

describe('FlowMetrics', () => {
  it('shows work in progress and time in each stage', async () => {
    await renderWithApis(<FlowMetrics flow={metricsReport().flow} />);
    expect(
      screen.getByRole('heading', { name: 'Work in progress per stage' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Median time in stage' }),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Flow by stage' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(8);
    const build = within(table).getByRole('row', { name: /^Build/ });
    expect(
      within(build)
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['Build', '3', '2', '5d 00h 00m', '7d 12h 00m']);
    const operate = within(table).getByRole('row', { name: /^Operate/ });
    expect(operate).toHaveTextContent('Operate50——');
  });
});
