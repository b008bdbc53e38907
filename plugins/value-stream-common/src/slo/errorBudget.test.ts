import { DEFAULT_SLO_ALERT_POLICIES, type SloDefinition } from './declaration';
import {
  budgetBurndown,
  burnRate,
  burnRateStateOf,
  evaluateBurnRateCondition,
  evaluateSlo,
  evaluateSloAlerts,
  remainingErrorBudget,
  sloWindowBounds,
  thresholdSliceIsGood,
  windowTotals,
  type SliBucket,
} from './errorBudget';

/** undefined stays undefined; a number is compared to 10 decimals. */
function near(value: number | undefined, expected: number | undefined) {
  return expected === undefined
    ? value === undefined
    : value !== undefined && Math.abs(value - expected) < 1e-10;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-03-15T12:02:30Z');
const END = Date.parse('2026-03-15T12:00:00Z');

/** `count` buckets of `total` events, `bad` of them bad, ending at `end`. */
function run(
  end: number,
  count: number,
  total: number,
  bad: number,
): SliBucket[] {
  return Array.from({ length: count }, (_, i) => ({
    start: end - (count - i) * 5 * MIN,
    good: total - bad,
    total,
  }));
}

describe('remainingErrorBudget', () => {
  it.each<[number | undefined, number, number | undefined]>([
    [1, 0.99, 1],
    [0.99, 0.99, 0],
    [0.995, 0.99, 0.5],
    [0.98, 0.99, -1],
    [0.9995, 0.999, 0.5],
    [undefined, 0.99, undefined],
  ])('SLI %s against %s leaves %s', (sli, target, remaining) => {
    expect(near(remainingErrorBudget(sli, target), remaining)).toBe(true);
  });
});

describe('burnRate', () => {
  it.each<[number, number, number, number | undefined]>([
    [1000, 1000, 0.99, 0],
    [990, 1000, 0.99, 1],
    [856, 1000, 0.99, 14.4],
    [940, 1000, 0.99, 6],
    [0, 0, 0.99, undefined],
    [0, 10, 0.999, 1000],
  ])('%s good of %s against %s burns at %s', (good, total, target, rate) => {
    expect(near(burnRate({ good, total }, target), rate)).toBe(true);
  });
});

describe('windowTotals', () => {
  it('sums the buckets in [start, end), leaves out empty ones and counts coverage', () => {
    const buckets: SliBucket[] = [
      { start: END - 20 * MIN, good: 5, total: 10 }, // before the window
      { start: END - 15 * MIN, good: 9, total: 10 },
      { start: END - 10 * MIN, good: 0, total: 0 }, // no events
      { start: END - 5 * MIN, good: 12, total: 10 }, // good clamped to total
      { start: END, good: 1, total: 1 }, // current bucket, not in the window
    ];
    expect(windowTotals(buckets, END - 15 * MIN, END)).toEqual({
      good: 19,
      total: 20,
      bucketsWithData: 2,
      buckets: 3,
    });
  });
});

describe('sloWindowBounds', () => {
  it('ends a rolling window at the start of the current bucket', () => {
    expect(
      sloWindowBounds(
        { kind: 'rolling', duration: '28d', durationMs: 28 * DAY },
        NOW,
      ),
    ).toEqual({ start: END - 28 * DAY, end: END });
  });

  it('starts a calendar month at midnight in its time zone', () => {
    expect(
      sloWindowBounds(
        { kind: 'calendarMonth', timeZone: 'Europe/Berlin' },
        NOW,
      ),
    ).toEqual({ start: Date.parse('2026-02-28T23:00:00Z'), end: END });
    expect(
      sloWindowBounds({ kind: 'calendarMonth', timeZone: 'UTC' }, NOW).start,
    ).toBe(Date.parse('2026-03-01T00:00:00Z'));
  });
});

describe('multi-window, multi-burn-rate alerts', () => {
  const [page, ticket] = DEFAULT_SLO_ALERT_POLICIES;
  const target = 0.99;

  it.each<[string, SliBucket[], string, string]>([
    // 1h at 15x (15 % bad of 1 % budget) with the last 5m as bad: pages.
    ['a fast burn', run(END, 12, 100, 15), 'firing', 'firing'],
    // 1h at 16.4 % bad that stopped 30 minutes ago: both page conditions'
    // short windows are clean, so no page; the slower ticket pair still burns.
    [
      'a burn that stopped',
      [...run(END - 30 * MIN, 12, 100, 16.4), ...run(END, 6, 100, 0)],
      'ok',
      'firing',
    ],
    // 6h at 6x: the slow page condition.
    ['a steady 6x burn', run(END, 72, 100, 6), 'firing', 'firing'],
    // 1 % bad is exactly the budget: ticket for 1x over 3d and 6h.
    [
      'burning exactly the budget for 3 days',
      run(END, 864, 100, 1),
      'ok',
      'firing',
    ],
    ['a clean service', run(END, 864, 100, 0), 'ok', 'ok'],
    ['no data at all', [], 'no-data', 'no-data'],
  ])('%s: page %s, ticket %s', (_, buckets, pageState, ticketState) => {
    const [p, t] = evaluateSloAlerts(buckets, target, [page, ticket], END);
    expect(p.state).toBe(pageState);
    expect(t.state).toBe(ticketState);
  });

  it('reports both burn rates, and does not fire while the long window is below the threshold', () => {
    const state = evaluateBurnRateCondition(
      [...run(END - 5 * MIN, 11, 100, 10), ...run(END, 1, 100, 20)],
      target,
      page.conditions[0],
      END,
    );
    expect(state.longBurnRate).toBeCloseTo((11 * 10 + 20) / 1200 / 0.01, 10);
    expect(state.shortBurnRate).toBeCloseTo(20, 10);
    expect(state.state).toBe('ok');
  });

  it('is no-data when the short window has no data, even when the long one burns', () => {
    const buckets = run(END - 30 * MIN, 6, 100, 50);
    const state = evaluateBurnRateCondition(
      buckets,
      target,
      page.conditions[0],
      END,
    );
    expect(state.longBurnRate).toBeCloseTo(50, 10);
    expect(state.shortBurnRate).toBeUndefined();
    expect(state.state).toBe('no-data');
  });

  it.each<[string[], string]>([
    [['firing', 'firing'], 'page'],
    [['ok', 'firing'], 'ticket'],
    [['ok', 'no-data'], 'ok'],
    [['no-data', 'no-data'], 'no-data'],
  ])('page %j and ticket states give %s', (states, expected) => {
    expect(
      burnRateStateOf([
        {
          name: 'page',
          severity: 'page',
          state: states[0] as any,
          conditions: [],
        },
        {
          name: 'ticket',
          severity: 'ticket',
          state: states[1] as any,
          conditions: [],
        },
      ]),
    ).toBe(expected);
  });
});

describe('evaluateSlo', () => {
  const slo: Pick<SloDefinition, 'target' | 'timeWindow' | 'alertPolicies'> = {
    target: 0.99,
    timeWindow: { kind: 'rolling', duration: '1d', durationMs: DAY },
    alertPolicies: [...DEFAULT_SLO_ALERT_POLICIES],
  };

  it('judges a window with a gap by the data it has, and reports the coverage', () => {
    // 12h of data with 0.5 % bad, then 12h without any.
    const buckets = run(END - 12 * HOUR, 144, 200, 1);
    const result = evaluateSlo(slo, buckets, NOW);
    expect(result.windowStart).toBe('2026-03-14T12:00:00.000Z');
    expect(result.windowEnd).toBe('2026-03-15T12:00:00.000Z');
    expect(result.sli).toBeCloseTo(0.995, 10);
    expect(result.remainingBudget).toBeCloseTo(0.5, 10);
    expect(result.coverage).toBeCloseTo(0.5, 10);
    expect(result.burnRates['1h']).toBeNull();
    expect(result.burnRates['1d']).toBeCloseTo(0.5, 10);
    // Every short window (5m to 6h) lies in the gap: nothing to judge by.
    expect(result.burnRates['6h']).toBeNull();
    expect(result.burnRateState).toBe('no-data');
  });

  it('has no SLI, budget or burn rate without data: never zero', () => {
    const result = evaluateSlo(slo, [], NOW);
    expect(result.sli).toBeUndefined();
    expect(result.remainingBudget).toBeUndefined();
    expect(result.coverage).toBe(0);
    expect(Object.values(result.burnRates).every(v => v === null)).toBe(true);
    expect(result.burnRateState).toBe('no-data');
  });
});

describe('budgetBurndown', () => {
  it('gives the remaining budget at the end of each step, null before data', () => {
    const start = END - 3 * HOUR;
    const buckets = [...run(END - HOUR, 12, 100, 0), ...run(END, 12, 100, 2)];
    expect(budgetBurndown(buckets, 0.99, start, END)).toEqual([
      { at: new Date(start + HOUR).toISOString(), remainingBudget: null },
      { at: new Date(start + 2 * HOUR).toISOString(), remainingBudget: 1 },
      {
        at: new Date(END).toISOString(),
        remainingBudget: expect.closeTo(0, 10),
      },
    ]);
  });
});

describe('thresholdSliceIsGood', () => {
  it.each<[number, 'lt' | 'lte' | 'gt' | 'gte', number, boolean]>([
    [0.3, 'lte', 0.3, true],
    [0.3, 'lt', 0.3, false],
    [0.31, 'lte', 0.3, false],
    [99.9, 'gte', 99.9, true],
    [99.8, 'gt', 99.9, false],
  ])('%s %s %s is %s', (value, op, threshold, good) => {
    expect(thresholdSliceIsGood(value, op, threshold)).toBe(good);
  });
});
