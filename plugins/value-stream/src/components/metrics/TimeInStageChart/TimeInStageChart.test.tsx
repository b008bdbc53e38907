import { screen } from '@testing-library/react';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { TimeInStageChart } from './TimeInStageChart';

describe('TimeInStageChart', () => {
  it('shows the time spent in each stage', async () => {
    const api = fakeValueStreamApi({
      getHistory: jest.fn().mockResolvedValue([
        {
          entityRef: 'component:default/checkout',
          from: null,
          to: 'design',
          at: '2025-01-01T00:00:00Z',
        },
        {
          entityRef: 'component:default/checkout',
          from: 'design',
          to: 'build',
          at: '2025-01-03T00:00:00Z',
        },
      ]),
    });
    await renderWithApis(
      <TimeInStageChart entityRef="component:default/checkout" />,
      { api },
    );
    const table = await screen.findByRole('table', {
      name: 'Time in each stage',
    });
    expect(table).toHaveTextContent('Design');
    expect(table).toHaveTextContent('2d 00h 00m');
    expect(table).toHaveTextContent('Build');
    expect(api.getHistory).toHaveBeenCalledWith('component:default/checkout');
  });

  it('shows an empty state without history', async () => {
    await renderWithApis(
      <TimeInStageChart entityRef="component:default/checkout" />,
    );
    expect(await screen.findByText('No stage history yet')).toBeInTheDocument();
  });

  it('shows the error of a failed load', async () => {
    const api = fakeValueStreamApi({
      getHistory: jest
        .fn()
        .mockRejectedValue(
          await responseError(403, 'NotAllowedError', 'Denied'),
        ),
    });
    await renderWithApis(
      <TimeInStageChart entityRef="component:default/checkout" />,
      { api },
    );
    expect(
      await screen.findByText(/Request failed with 403/),
    ).toBeInTheDocument();
  });
});
