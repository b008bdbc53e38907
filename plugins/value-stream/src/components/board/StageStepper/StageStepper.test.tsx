import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { StageStepper } from './StageStepper';

describe('StageStepper', () => {
  it('shows every stage and marks the current one', async () => {
    await renderInTestApp(
      <StageStepper
        stage="build"
        stageSince="2025-01-10T09:00:00Z"
        stagesWithGaps={['design']}
      />,
    );
    const stepper = screen.getByLabelText('Value stream stages');
    for (const label of [
      'Demand',
      'Design',
      'Build',
      'Test',
      'Deploy',
      'Operate',
      'Retired',
    ]) {
      expect(within(stepper).getByText(label)).toBeInTheDocument();
    }
    const current = stepper.querySelector('[aria-current="step"]');
    expect(current).toHaveTextContent('Build');
    expect(current).toHaveTextContent(/Current since/);
    expect(within(stepper).getByText('Gaps')).toBeInTheDocument();
  });
});
