import { InputError } from '@backstage/errors';
import { metricsWindow, trendPoints } from './MetricsService';

describe('metricsWindow', () => {
  const now = new Date('2026-03-10T12:00:00Z');

  it('defaults to the 90 days before now', () => {
    expect(metricsWindow({}, now)).toEqual({
      from: '2025-12-10T12:00:00.000Z',
      to: '2026-03-10T12:00:00.000Z',
    });
  });

  it('counts 90 days back from a given to', () => {
    expect(metricsWindow({ to: '2026-01-31T00:00:00Z' }, now).from).toBe(
      '2025-11-02T00:00:00.000Z',
    );
  });

  it('refuses an empty or reversed window', () => {
    expect(() =>
      metricsWindow({ from: '2026-02-01', to: '2026-01-01' }, now),
    ).toThrow(InputError);
    expect(() => metricsWindow({ from: '2020-01-01' }, now)).toThrow(/at most/);
  });
});

describe('trendPoints', () => {
  it('buckets samples by week over the window, empty buckets included', () => {
    const window = {
      from: '2026-01-05T00:00:00Z',
      to: '2026-01-19T00:00:00Z',
    };
    expect(
      trendPoints(
        [
          { at: '2026-01-06T00:00:00Z', value: 10 },
          { at: '2026-01-07T00:00:00Z', value: 30 },
        ],
        'week',
        window,
        'median',
      ),
    ).toEqual([
      { bucket: '2026-01-05T00:00:00.000Z', value: 20 },
      { bucket: '2026-01-12T00:00:00.000Z', value: null },
    ]);
  });
});
