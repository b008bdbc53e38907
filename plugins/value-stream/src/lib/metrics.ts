import { DateTime } from 'luxon';
import type { DoraBand } from '@valuestream/plugin-value-stream-common';
import type { MetricsBucket } from '../api';

/** `Elite`, `High` ...: the display name of a DORA band. */
export function bandLabel(band: DoraBand): string {
  return band.charAt(0).toUpperCase() + band.slice(1);
}

/** A number with at most `digits` decimals, in the user's locale. */
export function formatNumber(value: number, digits = 1): string {
  return value.toLocaleString(undefined, { maximumFractionDigits: digits });
}

/**
 * Deployment frequency in the unit that reads best: per day from one a day,
 * per week from one a week, else per month.
 */
export function formatRate(perDay: number): string {
  if (perDay >= 1) {
    return `${formatNumber(perDay)} per day`;
  }
  if (perDay * 7 >= 1) {
    return `${formatNumber(perDay * 7)} per week`;
  }
  return `${formatNumber(perDay * 30)} per month`;
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
