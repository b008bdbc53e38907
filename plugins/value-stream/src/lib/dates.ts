import { DateTime } from 'luxon';

/** An ISO timestamp as the value of a `datetime-local` input. */
export function toLocalInput(iso?: string): string {
  if (!iso) {
    return '';
  }
  const dt = DateTime.fromISO(iso);
  return dt.isValid ? dt.toFormat("yyyy-LL-dd'T'HH:mm") : '';
}

/** The value of a `datetime-local` input as an ISO timestamp in UTC. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) {
    return undefined;
  }
  const dt = DateTime.fromISO(value);
  return dt.isValid ? dt.toUTC().toISO() ?? undefined : undefined;
}
