import { DateTime } from 'luxon';

/**
 * `known_error` -> `Known error`, `in_progress` -> `In progress`: the label
 * of a value that has no message in the translation ref.
 */
export function humanize(value: string): string {
  const text = value.replace(/[_-]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A timestamp in the user's locale, or a dash when absent. */
export function formatDateTime(iso?: string | null): string {
  if (!iso) {
    return '—';
  }
  const dt = DateTime.fromISO(iso);
  return dt.isValid ? dt.toLocaleString(DateTime.DATETIME_MED) : iso;
}

/** A date in the user's locale, or a dash when absent. */
export function formatDate(iso?: string | null): string {
  if (!iso) {
    return '—';
  }
  const dt = DateTime.fromISO(iso);
  return dt.isValid ? dt.toLocaleString(DateTime.DATE_MED) : iso;
}

/**
 * A duration as `1d 02h 03m`, `2h 03m 05s` or `45s`; negative durations
 * keep their sign.
 */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let seconds = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(seconds / 86_400);
  seconds -= days * 86_400;
  const hours = Math.floor(seconds / 3_600);
  seconds -= hours * 3_600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (days > 0) {
    return `${sign}${days}d ${pad(hours)}h ${pad(minutes)}m`;
  }
  if (hours > 0) {
    return `${sign}${hours}h ${pad(minutes)}m ${pad(seconds)}s`;
  }
  if (minutes > 0) {
    return `${sign}${minutes}m ${pad(seconds)}s`;
  }
  return `${sign}${seconds}s`;
}

/** A percentage with at most two decimals. */
export function formatPercent(value: number): string {
  return `${Number(value.toFixed(2))} %`;
}

/** Minutes as `30 min`, `4 h`, `2 d 4 h`. */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) {
    return `${minutes} min`;
  }
  if (minutes < 1_440) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(minutes / 1_440);
  const h = Math.floor((minutes % 1_440) / 60);
  return h ? `${d} d ${h} h` : `${d} d`;
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * A field's value before or after an edit, as the history shows it: a dash
 * for an absent one, timestamps in the user's locale, a decision list as
 * `who decision`, anything else as JSON.
 */
export function formatFieldValue(value: unknown): string {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  if (typeof value === 'string') {
    return ISO_TIMESTAMP.test(value) ? formatDateTime(value) : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (Array.isArray(value)) {
    return value.length
      ? value
          .map(item => {
            const { approver, decision } = (item ?? {}) as Record<
              string,
              unknown
            >;
            return typeof approver === 'string' && typeof decision === 'string'
              ? `${approver} ${decision}`
              : formatFieldValue(item);
          })
          .join(', ')
      : '—';
  }
  return JSON.stringify(value);
}
