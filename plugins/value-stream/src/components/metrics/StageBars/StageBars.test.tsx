import { waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { StageBars } from './StageBars';

describe('StageBars', () => {
  it('loads the chart after a placeholder of its height', async () => {
    const { container } = await renderInTestApp(
      <StageBars
        data={[
          { name: 'Build', days: 3 },
          { name: 'Test', days: null },
        ]}
        dataKey="days"
        label="Time in stage"
        unit="days"
        axisUnit="d"
        height={200}
      />,
    );
    await waitFor(() =>
      expect(
        container.querySelector('.recharts-responsive-container'),
      ).toBeInTheDocument(),
    );
    // Decorative: the figures are in the tables beside it.
    expect(
      container.querySelector('.recharts-responsive-container')?.parentElement,
    ).toHaveAttribute('aria-hidden');
  });
});
