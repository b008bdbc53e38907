import { screen, within } from '@testing-library/react';
import { problem } from '../../../__testUtils__/fixtures';
import { renderWithApis } from '../../../__testUtils__/render';
import { ProblemsList } from './ProblemsList';

describe('ProblemsList', () => {
  it('shows known errors with root cause and workaround', async () => {
    await renderWithApis(
      <ProblemsList
        problems={[
          problem(),
          problem({
            id: 'prb-2',
            title: 'Flaky DNS',
            state: 'investigating',
            rootCause: undefined,
            workaround: undefined,
            incidentIds: [],
          }),
        ]}
        onChanged={jest.fn()}
      />,
    );
    const items = within(
      screen.getByRole('list', { name: 'Problems' }),
    ).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Connection pool exhaustion');
    expect(items[0]).toHaveTextContent('Known error');
    expect(items[0]).toHaveTextContent(
      'Root cause: Leaked connections in retry path',
    );
    expect(within(items[0]).getByRole('alert')).toHaveTextContent(
      'Known error: workaroundRestart the pods',
    );
    expect(items[0]).toHaveTextContent('1 linked incident');
    expect(items[1]).toHaveTextContent('Investigating');
    expect(
      await screen.findByRole('button', { name: 'Move problem Flaky DNS' }),
    ).toBeInTheDocument();
  });

  it('counts linked incidents in the plural', async () => {
    await renderWithApis(
      <ProblemsList
        problems={[problem({ incidentIds: ['inc-1', 'inc-2'] })]}
      />,
    );
    expect(screen.getByRole('listitem')).toHaveTextContent(
      '2 linked incidents',
    );
  });
});
