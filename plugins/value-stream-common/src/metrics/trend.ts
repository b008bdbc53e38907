import { mean, median, millis, percentile } from './stats';
import type { MetricWindow, TrendPoint } from './types';

/**
 * Bucket sizes of a trend. Weeks start on Monday; all buckets are in UTC.
 * @public
 */
export type TrendBucketSize = 'day' | 'week' | 'month';

/**
 * How the values of a bucket combine.
 * @public
 */
export type TrendAggregate = 'count' | 'sum' | 'mean' | 'median' | 'p90';

/**
 * One bucket of a trend.
 * @public
 */
export interface TrendBucket {
  /** Inclusive start, UTC ISO. */
  start: string;
  /** Exclusive end, UTC ISO. */
  end: string;
  /** Points in the bucket. */
  count: number;
  /**
   * The aggregate of the bucket's values; 0 for an empty bucket under
   * `count` and `sum`, null under `mean`, `median` and `p90`.
   */
  value: number | null;
}

/**
 * Options of {@link trend}.
 * @public
 */
export interface TrendOptions {
  /** Default `count`. */
  aggregate?: TrendAggregate;
  /**
   * Buckets covering the window, empty ones included; points outside it are
   * left out. Without a window the buckets run from the first point to the
   * last.
   */
  window?: MetricWindow;
}

function bucketStart(ms: number, bucket: TrendBucketSize): Date {
  const d = new Date(ms);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (bucket === 'day') {
    return new Date(day);
  }
  if (bucket === 'week') {
    const sinceMonday = (d.getUTCDay() + 6) % 7;
    return new Date(day - sinceMonday * 86_400_000);
  }
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

function nextStart(start: Date, bucket: TrendBucketSize): Date {
  if (bucket === 'day') {
    return new Date(start.getTime() + 86_400_000);
  }
  if (bucket === 'week') {
    return new Date(start.getTime() + 7 * 86_400_000);
  }
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

function aggregateOf(
  values: number[],
  aggregate: TrendAggregate,
): number | null {
  switch (aggregate) {
    case 'count':
      return values.length;
    case 'sum':
      return values.reduce((sum, v) => sum + v, 0);
    case 'mean':
      return mean(values) ?? null;
    case 'median':
      return median(values) ?? null;
    case 'p90':
      return percentile(values, 90) ?? null;
    default:
      throw new Error(`Unknown aggregate ${aggregate}`);
  }
}

/**
 * Buckets a series (the `samples` of any metric, or any points) by day,
 * week or month for charts: deployments per week (`count`), median lead
 * time per week (`median`), change failure rate per week (`mean` of 0/1
 * samples), and so on.
 * @public
 */
export function trend(
  series: readonly TrendPoint[],
  bucket: TrendBucketSize = 'week',
  options: TrendOptions = {},
): TrendBucket[] {
  const aggregate = options.aggregate ?? 'count';
  const points = series
    .map(p => ({ t: millis(p.at), value: p.value ?? 1 }))
    .filter(
      p =>
        !Number.isNaN(p.t) &&
        (!options.window ||
          (p.t >= millis(options.window.from) &&
            p.t < millis(options.window.to))),
    );

  let from: number;
  let to: number;
  if (options.window) {
    from = millis(options.window.from);
    to = millis(options.window.to);
  } else if (points.length) {
    from = Math.min(...points.map(p => p.t));
    to = Math.max(...points.map(p => p.t)) + 1;
  } else {
    return [];
  }
  if (!(to > from)) {
    return [];
  }

  const buckets: Array<{ start: Date; end: Date; values: number[] }> = [];
  for (let start = bucketStart(from, bucket); start.getTime() < to; ) {
    const end = nextStart(start, bucket);
    buckets.push({ start, end, values: [] });
    start = end;
  }
  for (const p of points) {
    const index = buckets.findIndex(
      b => p.t >= b.start.getTime() && p.t < b.end.getTime(),
    );
    if (index >= 0) {
      buckets[index].values.push(p.value);
    }
  }
  return buckets.map(b => ({
    start: b.start.toISOString(),
    end: b.end.toISOString(),
    count: b.values.length,
    value: aggregateOf(b.values, aggregate),
  }));
}
