/**
 * A time window `[from, to)` of ISO times.
 * @public
 */
export interface MetricWindow {
  from: string;
  to: string;
}

/**
 * DORA performance bands.
 * @public
 */
export type DoraBand = 'elite' | 'high' | 'medium' | 'low';

/**
 * One point of a time series: a time and a value (1 when absent, so that a
 * list of occurrences can be counted).
 * @public
 */
export interface TrendPoint {
  at: string;
  value?: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The thresholds of the DORA bands, after the performance clusters of the
 * Accelerate State of DevOps reports (2023):
 *
 * - deployment frequency, successful production deployments per day, at
 *   least: elite 1 (on demand, daily or more), high 1/7 (weekly), medium
 *   1/30 (monthly); below is low;
 * - lead time for changes (median), less than: elite 1 day, high 1 week,
 *   medium 30 days;
 * - change failure rate, at most: elite 5 %, high 10 %, medium 15 %;
 * - time to restore service (median), less than: elite 1 hour, high 1 day,
 *   medium 1 week.
 * @public
 */
export const DORA_THRESHOLDS = {
  deploymentsPerDay: { elite: 1, high: 1 / 7, medium: 1 / 30 },
  leadTimeMs: { elite: DAY, high: 7 * DAY, medium: 30 * DAY },
  changeFailureRate: { elite: 0.05, high: 0.1, medium: 0.15 },
  timeToRestoreMs: { elite: HOUR, high: DAY, medium: 7 * DAY },
} as const;
