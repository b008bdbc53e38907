/*
 * Timestamp helpers of the ingestion mappers. Tools send RFC 3339 times with
 * offsets and up to nanosecond fractions, read by -common's checkDateTime
 * (calendar-checked); records store UTC ISO strings with milliseconds so
 * that they sort and compare as strings.
 */

/** Go's zero `time.Time`, which Alertmanager sends as `endsAt` of a firing alert. */
export function isZeroTime(epochMs: number): boolean {
  return new Date(epochMs).getUTCFullYear() <= 1;
}

/** Epoch milliseconds of an ISO string or a Date. */
export function toMillis(value: string | Date): number {
  return typeof value === 'string' ? Date.parse(value) : value.getTime();
}
