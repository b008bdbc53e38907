/*
 * Timestamp helpers of the ingestion mappers. Tools send RFC 3339 times with
 * offsets and up to nanosecond fractions; records store UTC ISO strings with
 * milliseconds so that they sort and compare as strings.
 */

const RFC3339 =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Parses an RFC 3339 time to epoch milliseconds, keeping at most millisecond
 * precision so that every JavaScript engine reads it alike. NaN when invalid.
 */
export function parseRfc3339(value: string): number {
  const match = RFC3339.exec(value.trim());
  if (!match) {
    return NaN;
  }
  const [, base, fraction, zone] = match;
  const millis = fraction ? `.${fraction.slice(0, 3).padEnd(3, '0')}` : '';
  return Date.parse(`${base}${millis}${zone.toUpperCase()}`);
}

/** Go's zero `time.Time`, which Alertmanager sends as `endsAt` of a firing alert. */
export function isZeroTime(epochMs: number): boolean {
  return new Date(epochMs).getUTCFullYear() <= 1;
}

/** Epoch milliseconds of an ISO string or a Date. */
export function toMillis(value: string | Date): number {
  return typeof value === 'string' ? Date.parse(value) : value.getTime();
}
