import { trend } from './trend';

// 2026-03-02 and 2026-03-09 are Mondays.
const POINTS = [
  { at: '2026-03-02T10:00:00.000Z', value: 5 },
  { at: '2026-03-04T12:00:00.000Z', value: 3 },
  { at: '2026-03-08T23:59:59.999Z', value: 10 },
  { at: '2026-03-09T00:00:00.000Z', value: 1 },
];

describe('trend', () => {
  it.each([
    ['count', [3, 1]],
    ['sum', [18, 1]],
    ['mean', [6, 1]],
    ['median', [5, 1]],
    ['p90', [10, 1]],
  ] as const)('buckets by week with %s', (aggregate, values) => {
    const buckets = trend(POINTS, 'week', { aggregate });
    expect(buckets.map(b => [b.start, b.end, b.count])).toEqual([
      ['2026-03-02T00:00:00.000Z', '2026-03-09T00:00:00.000Z', 3],
      ['2026-03-09T00:00:00.000Z', '2026-03-16T00:00:00.000Z', 1],
    ]);
    expect(buckets.map(b => b.value)).toEqual(values);
  });

  it.each([
    ['count', [0, 3, 1, 0]],
    ['sum', [0, 18, 1, 0]],
    ['mean', [null, 6, 1, null]],
  ] as const)(
    'fills the empty weeks of a window with %s',
    (aggregate, values) => {
      const buckets = trend(POINTS, 'week', {
        aggregate,
        window: {
          from: '2026-02-23T00:00:00.000Z',
          to: '2026-03-23T00:00:00.000Z',
        },
      });
      expect(buckets.map(b => b.start)).toEqual([
        '2026-02-23T00:00:00.000Z',
        '2026-03-02T00:00:00.000Z',
        '2026-03-09T00:00:00.000Z',
        '2026-03-16T00:00:00.000Z',
      ]);
      expect(buckets.map(b => b.value)).toEqual(values);
    },
  );

  it('leaves out points outside the window and starts on its Monday', () => {
    const buckets = trend(POINTS, 'week', {
      window: {
        from: '2026-03-04T12:00:00.000Z',
        to: '2026-03-09T00:00:00.000Z',
      },
    });
    expect(buckets).toEqual([
      {
        start: '2026-03-02T00:00:00.000Z',
        end: '2026-03-09T00:00:00.000Z',
        count: 2,
        value: 2,
      },
    ]);
  });

  it('buckets by day and by month', () => {
    expect(
      trend(POINTS, 'day', {
        window: {
          from: '2026-03-01T00:00:00.000Z',
          to: '2026-03-03T00:00:00.000Z',
        },
      }),
    ).toEqual([
      {
        start: '2026-03-01T00:00:00.000Z',
        end: '2026-03-02T00:00:00.000Z',
        count: 0,
        value: 0,
      },
      {
        start: '2026-03-02T00:00:00.000Z',
        end: '2026-03-03T00:00:00.000Z',
        count: 1,
        value: 1,
      },
    ]);
    expect(
      trend([...POINTS, { at: '2026-04-30T00:00:00.000Z' }], 'month', {
        aggregate: 'sum',
      }),
    ).toEqual([
      {
        start: '2026-03-01T00:00:00.000Z',
        end: '2026-04-01T00:00:00.000Z',
        count: 4,
        value: 19,
      },
      {
        start: '2026-04-01T00:00:00.000Z',
        end: '2026-05-01T00:00:00.000Z',
        count: 1,
        value: 1,
      },
    ]);
  });

  it('counts points without a value as one', () => {
    expect(
      trend(
        [
          { at: '2026-03-03T00:00:00.000Z' },
          { at: '2026-03-04T00:00:00.000Z' },
        ],
        'week',
        { aggregate: 'sum' },
      ),
    ).toEqual([
      {
        start: '2026-03-02T00:00:00.000Z',
        end: '2026-03-09T00:00:00.000Z',
        count: 2,
        value: 2,
      },
    ]);
  });

  it('is empty without points or window', () => {
    expect(trend([], 'week')).toEqual([]);
  });

  it('buckets a week across a month end', () => {
    expect(trend([{ at: '2026-04-01T00:00:00.000Z' }], 'week')).toEqual([
      {
        start: '2026-03-30T00:00:00.000Z',
        end: '2026-04-06T00:00:00.000Z',
        count: 1,
        value: 1,
      },
    ]);
  });
});
