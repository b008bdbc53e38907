import {
  DEFAULT_SLO_ALERT_POLICIES,
  parseSloDeclarations,
  parseSloDuration,
} from './declaration';

const CHECKOUT = `
- name: checkout-latency
  displayName: Checkout within 300 ms
  indicator:
    metricSourceRef: prometheus
    ratioMetric:
      good: { query: 'sum(http_request_duration_seconds_bucket{job="checkout",le="0.3"})' }
      total: { query: 'sum(http_request_duration_seconds_count{job="checkout"})' }
  objectives:
    - target: 0.99
  timeWindow:
    - duration: 28d
      isRolling: true
`;

describe('parseSloDuration', () => {
  it.each<[string, number | undefined]>([
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['28d', 28 * 86_400_000],
    ['1w', 7 * 86_400_000],
    ['1M', undefined],
    ['0m', undefined],
    ['5 m', undefined],
    ['1.5h', undefined],
  ])('%s is %s ms', (value, ms) => {
    expect(parseSloDuration(value)).toBe(ms);
  });
});

describe('parseSloDeclarations', () => {
  it('reads a ratio SLO in YAML and fills in the defaults', () => {
    const [slo] = parseSloDeclarations(CHECKOUT);
    expect(slo).toEqual({
      name: 'checkout-latency',
      displayName: 'Checkout within 300 ms',
      source: 'prometheus',
      budgetingMethod: 'Occurrences',
      indicator: {
        kind: 'ratio',
        counter: true,
        good: 'sum(http_request_duration_seconds_bucket{job="checkout",le="0.3"})',
        total: 'sum(http_request_duration_seconds_count{job="checkout"})',
      },
      target: 0.99,
      timeWindow: {
        kind: 'rolling',
        duration: '28d',
        durationMs: 28 * 86_400_000,
      },
      alertPolicies: DEFAULT_SLO_ALERT_POLICIES,
    });
  });

  it('reads JSON, a threshold SLO over a calendar month and declared burn-rate alerts', () => {
    const [slo] = parseSloDeclarations(
      JSON.stringify([
        {
          name: 'search-p99',
          indicator: {
            thresholdMetric: { query: 'histogram_quantile(0.99, x)' },
          },
          objectives: [{ target: 0.95, op: 'lte', value: 0.5 }],
          timeWindow: [
            {
              duration: '1M',
              isRolling: false,
              calendar: { timeZone: 'Europe/Berlin' },
            },
          ],
          alertPolicies: [
            {
              name: 'fast',
              conditions: [
                { kind: 'burnrate', threshold: 14.4, lookbackWindow: '1h' },
                {
                  kind: 'burnrate',
                  threshold: 6,
                  lookbackWindow: '6h',
                  shortWindow: '15m',
                },
              ],
            },
          ],
        },
      ]),
    );
    expect(slo.source).toBe('default');
    expect(slo.budgetingMethod).toBe('Timeslices');
    expect(slo.indicator).toEqual({
      kind: 'threshold',
      query: 'histogram_quantile(0.99, x)',
      op: 'lte',
      value: 0.5,
    });
    expect(slo.timeWindow).toEqual({
      kind: 'calendarMonth',
      timeZone: 'Europe/Berlin',
    });
    expect(slo.alertPolicies).toEqual([
      {
        name: 'fast',
        severity: 'page',
        conditions: [
          { threshold: 14.4, longWindowMs: 3_600_000, shortWindowMs: 300_000 },
          {
            threshold: 6,
            longWindowMs: 6 * 3_600_000,
            shortWindowMs: 900_000,
          },
        ],
      },
    ]);
  });

  const valid = {
    name: 'a',
    indicator: { ratioMetric: { good: { query: 'g' }, total: { query: 't' } } },
    objectives: [{ target: 0.9 }],
    timeWindow: [{ duration: '30d', isRolling: true }],
  };

  it.each<[string, unknown, string]>([
    ['not a list', { ...valid }, '(root): '],
    [
      'a target of 99',
      [{ ...valid, objectives: [{ target: 99 }] }],
      '0.objectives.0.target: Must be below 1',
    ],
    [
      'two metrics',
      [
        {
          ...valid,
          indicator: { ...valid.indicator, thresholdMetric: { query: 'x' } },
        },
      ],
      '0.indicator: Must have exactly one of ratioMetric and thresholdMetric',
    ],
    [
      'a threshold without op',
      [
        {
          ...valid,
          indicator: { thresholdMetric: { query: 'x' } },
          objectives: [{ target: 0.9, value: 1 }],
        },
      ],
      '0.objectives.0.op: A thresholdMetric objective needs op',
    ],
    [
      'a ratio objective with a value',
      [{ ...valid, objectives: [{ target: 0.9, value: 1 }] }],
      '0.objectives.0.value: Only a thresholdMetric objective has op and value',
    ],
    [
      'a 7-minute window',
      [{ ...valid, timeWindow: [{ duration: '7m', isRolling: true }] }],
      '0.timeWindow.0.duration: Must be a duration such as 28d or 30d, a multiple of 5m',
    ],
    [
      'a 100-day window',
      [{ ...valid, timeWindow: [{ duration: '100d', isRolling: true }] }],
      '0.timeWindow.0.duration: Must be from 1h to 90d',
    ],
    [
      'a calendar week',
      [{ ...valid, timeWindow: [{ duration: '1w', isRolling: false }] }],
      '0.timeWindow.0.duration: A calendar window must be 1M',
    ],
    [
      'an unknown time zone',
      [
        {
          ...valid,
          timeWindow: [
            {
              duration: '1M',
              isRolling: false,
              calendar: { timeZone: 'Mars/Olympus' },
            },
          ],
        },
      ],
      '0.timeWindow.0.calendar.timeZone: Must be an IANA time zone',
    ],
    [
      'an upper-case name',
      [{ ...valid, name: 'Checkout' }],
      '0.name: Must be a lower-case name',
    ],
    ['duplicate names', [valid, valid], '1.name: Duplicate SLO name a'],
    ['an unknown field', [{ ...valid, sli: 'x' }], '0.sli: Unknown field'],
    [
      'a short window as long as the long one',
      [
        {
          ...valid,
          alertPolicies: [
            {
              name: 'p',
              conditions: [
                {
                  kind: 'burnrate',
                  threshold: 2,
                  lookbackWindow: '1h',
                  shortWindow: '1h',
                },
              ],
            },
          ],
        },
      ],
      '0.alertPolicies.0.conditions.0.shortWindow: Must be shorter than lookbackWindow',
    ],
    [
      'a Timeslices ratio',
      [{ ...valid, budgetingMethod: 'Timeslices' }],
      '0.budgetingMethod: A ratioMetric is budgeted by Occurrences',
    ],
  ])('refuses %s, naming the field', (_, value, message) => {
    expect(() => parseSloDeclarations(JSON.stringify(value))).toThrow(message);
  });

  it('refuses what is not YAML', () => {
    expect(() => parseSloDeclarations('- name: [unclosed')).toThrow(
      /^is not YAML or JSON: /,
    );
  });
});
