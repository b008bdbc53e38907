import { DateTime } from 'luxon';
import type { MetricsBucket } from '../api';

/** A number with at most `digits` decimals, in the user's locale. */
export function formatNumber(value: number, digits = 1): string {
  return value.toLocaleString(undefined, { maximumFractionDigits: digits });
}

/** The label of a trend bucket on a chart axis. */
export function bucketLabel(bucket: string, size: MetricsBucket): string {
  const dt = DateTime.fromISO(bucket);
  if (!dt.isValid) {
    return bucket;
  }
  return size === 'month' ? dt.toFormat('LLL yyyy') : dt.toFormat('d LLL');
}

/** Hours, with one decimal, for chart values in milliseconds. */
export function toHours(ms: number | null): number | null {
  return ms === null ? null : Math.round((ms / 3_600_000) * 10) / 10;
}

/** A ratio 0..1 as a percentage with one decimal; null stays null. */
export function toPercent(ratio: number | null): number | null {
  return ratio === null ? null : Math.round(ratio * 1000) / 10;
}
