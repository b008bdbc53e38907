/*
 * Small statistics over plain numbers, shared by the metrics.
 */

/** Ascending copy. */
function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** The median; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) {
    return undefined;
  }
  const s = sorted(values);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * The nearest-rank percentile: the smallest value with at least `p` percent
 * of the values at or below it (p90 of 10 values is the 9th smallest).
 */
export function percentile(
  values: readonly number[],
  p: number,
): number | undefined {
  if (values.length === 0) {
    return undefined;
  }
  const s = sorted(values);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(rank, s.length) - 1];
}

/** The arithmetic mean. */
export function mean(values: readonly number[]): number | undefined {
  if (values.length === 0) {
    return undefined;
  }
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Epoch milliseconds of an ISO time or a Date. */
export function millis(value: string | Date): number {
  return typeof value === 'string' ? Date.parse(value) : value.getTime();
}
