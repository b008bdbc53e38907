import { screen, within } from '@testing-library/react';
import type { SloStatus } from '@valuestream/plugin-value-stream-common';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { EntitySloCard } from './EntitySloCard';

const CHECKOUT = 'component:default/checkout';

function slo(overrides: Partial<SloStatus> = {}): SloStatus {
  return {
    entityRef: CHECKOUT,
    name: 'checkout-latency',
    displayName: 'Checkout within 300 ms',
    origin: 'annotation',
    source: 'default',
    budgetingMethod: 'Occurrences',
    target: 0.99,
    timeWindow: '28d',
    state: 'ok',
    sli: 0.995,
    remainingBudget: 0.5,
    coverage: 1,
    burnRates: { '1h': 0.5, '5m': 0.4 },
    burnRateState: 'ok',
    alerts: [],
    measuredAt: '2026-03-15T12:00:00.000Z',
    burndown: [
      { at: '2026-03-15T10:00:00.000Z', remainingBudget: null },
      { at: '2026-03-15T11:00:00.000Z', remainingBudget: 1 },
      { at: '2026-03-15T12:00:00.000Z', remainingBudget: 0.5 },
    ],
    ...overrides,
  };
}

async function render(items: SloStatus[]) {
  const api = fakeValueStreamApi({
    listSlos: jest.fn().mockResolvedValue({ items }),
  });
  const result = await renderWithApis(<EntitySloCard entityRef={CHECKOUT} />, {
    api,
  });
  return { api, ...result };
}

describe('EntitySloCard', () => {
  it('shows objective, current SLI, remaining budget, burn-down and burn-rate state', async () => {
    const { api } = await render([slo()]);
    const table = await screen.findByRole('table', { name: 'SLOs' });
    expect(api.listSlos).toHaveBeenCalledWith({ entityRef: CHECKOUT });
    const row = within(table).getAllByRole('row')[1];
    expect(row).toHaveTextContent('Checkout within 300 ms');
    expect(row).toHaveTextContent('Measured');
    expect(row).toHaveTextContent('99.00 % over 28d');
    expect(row).toHaveTextContent('99.500 %');
    expect(row).toHaveTextContent('50.0 %');
    expect(row).toHaveTextContent('OK');
    expect(
      within(row).getByRole('img', {
        name: 'Remaining error budget of Checkout within 300 ms over its window',
      }),
    ).toBeInTheDocument();
  });

  it('keeps the values of a stale SLO and says so; shows no source rather than zero', async () => {
    await render([
      slo({ state: 'stale', burnRateState: 'page', remainingBudget: -0.25 }),
      slo({
        name: 'search-latency',
        displayName: undefined,
        state: 'no-source',
        source: 'thanos',
        sli: undefined,
        remainingBudget: undefined,
        burnRateState: 'no-data',
        burndown: [],
      }),
    ]);
    const rows = within(
      await screen.findByRole('table', { name: 'SLOs' }),
    ).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(/Stale since/);
    expect(rows[1]).toHaveTextContent('-25.0 %');
    expect(rows[1]).toHaveTextContent('Page: burning fast');
    expect(rows[2]).toHaveTextContent('search-latency');
    expect(rows[2]).toHaveTextContent(
      'No source (No SLI source thanos is configured)',
    );
    expect(rows[2]).not.toHaveTextContent('0.0 %');
    expect(within(rows[2]).queryByRole('img')).toBeNull();
  });

  it('shows an empty state and errors', async () => {
    const { unmount } = await render([]);
    expect(await screen.findByText('No SLOs')).toBeInTheDocument();
    unmount();
    const failing = fakeValueStreamApi({
      listSlos: jest
        .fn()
        .mockRejectedValue(await responseError(500, 'Error', 'boom')),
    });
    await renderWithApis(<EntitySloCard entityRef={CHECKOUT} />, {
      api: failing,
    });
    expect(
      await screen.findByText(/Request failed with 500/),
    ).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    const api = fakeValueStreamApi({
      listSlos: jest.fn(() => new Promise(() => {})),
    });
    await renderWithApis(<EntitySloCard entityRef={CHECKOUT} />, { api });
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });
});
