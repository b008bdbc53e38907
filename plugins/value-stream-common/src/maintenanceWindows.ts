import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { DateTime } from 'luxon';
import { ANNOTATION_MAINTENANCE_WINDOWS } from './annotations';
import { spanOf, type TimeSpan } from './plannedWindows';

/**
 * A weekly maintenance window of a service: on `days`, from `start` to
 * `end` local time in `zone`. An end at or before the start ends the next
 * day (`22:00-02:00`).
 * @public
 */
export interface MaintenanceWindow {
  /** ISO weekdays: 1 = Monday .. 7 = Sunday. */
  days: number[];
  /** `HH:MM`, 00:00 to 23:59. */
  start: string;
  /** `HH:MM`, 00:00 to 24:00. */
  end: string;
  /** IANA time zone; `UTC` when the window names none. */
  zone: string;
  /** The window as written, for messages. */
  label: string;
}

/**
 * One occurrence of a maintenance window, ISO instants.
 * @public
 */
export interface MaintenanceOccurrence {
  start: string;
  end: string;
  /** The window it is an occurrence of, as written. */
  window: string;
}

const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const TIME = /^([01]\d|2[0-4]):([0-5]\d)$/;
/** Occurrences are listed over at most this many days. */
const MAX_RANGE_DAYS = 400;
const DAY_MS = 86_400_000;

function dayOf(name: string): number {
  const index = DAY_NAMES.indexOf(name.slice(0, 3).toLowerCase());
  if (index < 0 || name.length < 3) {
    throw new TypeError(`"${name}" is not a weekday (Mon .. Sun)`);
  }
  return index + 1;
}

/** `Mon-Fri`, `Sat,Sun`, `Fri-Mon` (wrapping) or `daily`. */
function parseDays(text: string): number[] {
  if (text.toLowerCase() === 'daily') {
    return [1, 2, 3, 4, 5, 6, 7];
  }
  const days = new Set<number>();
  for (const part of text.split(',')) {
    const [from, to, extra] = part.split('-');
    if (extra !== undefined || !from) {
      throw new TypeError(`"${part}" is not a weekday or a range like Mon-Fri`);
    }
    const first = dayOf(from);
    const last = to === undefined ? first : dayOf(to);
    for (let d = first, n = 0; n < 7; d = (d % 7) + 1, n++) {
      days.add(d);
      if (d === last) {
        break;
      }
    }
  }
  return [...days].sort((a, b) => a - b);
}

function minutesOf(time: string): number {
  const match = TIME.exec(time);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || minutes > 24 * 60) {
    throw new TypeError(`"${time}" is not a time of day (HH:MM)`);
  }
  return minutes;
}

/**
 * Parses maintenance windows such as
 * `Sat-Sun 02:00-06:00 Europe/Berlin; Wed 22:00-01:00`: windows separated
 * by `;`, each weekdays (`Mon`, `Mon-Fri`, `Sat,Sun` or `daily`), a time
 * range and an optional IANA zone (UTC by default). Throws a `TypeError`
 * naming the bad part.
 * @public
 */
export function parseMaintenanceWindows(value: string): MaintenanceWindow[] {
  const windows = value
    .split(';')
    .map(part => part.trim())
    .filter(Boolean)
    .map(label => {
      const [days, range, zone = 'UTC', ...rest] = label.split(/\s+/);
      if (!range || rest.length > 0) {
        throw new TypeError(
          `"${label}" is not a window like "Sat-Sun 02:00-06:00 Europe/Berlin"`,
        );
      }
      const [start, end, extra] = range.split('-');
      if (end === undefined || extra !== undefined) {
        throw new TypeError(`"${range}" is not a time range like 02:00-06:00`);
      }
      const startMinutes = minutesOf(start);
      if (startMinutes === 24 * 60) {
        throw new TypeError(`"${range}" starts at 24:00; start at 00:00`);
      }
      if (minutesOf(end) === startMinutes) {
        throw new TypeError(`"${range}" is empty: it ends when it starts`);
      }
      if (!DateTime.local().setZone(zone).isValid) {
        throw new TypeError(`"${zone}" is not an IANA time zone`);
      }
      return { days: parseDays(days), start, end, zone, label };
    });
  if (windows.length === 0) {
    throw new TypeError('names no window');
  }
  return windows;
}

/** The local time of day on a date, by the calendar (DST shifts it). */
function at(day: DateTime, time: string): DateTime {
  const minutes = minutesOf(time);
  return minutes === 24 * 60
    ? day.startOf('day').plus({ days: 1 })
    : day
        .startOf('day')
        .set({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
}

/** Occurrences as spans, of the windows that overlap [from, to). */
function occurrenceSpans(
  windows: readonly MaintenanceWindow[],
  from: number,
  to: number,
): Array<TimeSpan & { window: string }> {
  const spans: Array<TimeSpan & { window: string }> = [];
  const until = Math.min(to, from + MAX_RANGE_DAYS * DAY_MS);
  for (const window of windows) {
    // From the day before: a window that crosses midnight began then.
    let day = DateTime.fromMillis(from - DAY_MS, { zone: window.zone }).startOf(
      'day',
    );
    const endMinutes = minutesOf(window.end);
    const crosses = endMinutes <= minutesOf(window.start);
    while (day.toMillis() < until) {
      if (window.days.includes(day.weekday)) {
        const start = at(day, window.start).toMillis();
        const end = at(crosses ? day.plus({ days: 1 }) : day, window.end);
        if (start < until && end.toMillis() > from) {
          spans.push({ start, end: end.toMillis(), window: window.label });
        }
      }
      day = day.plus({ days: 1 });
    }
  }
  return spans.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * The occurrences of maintenance windows that overlap [from, to), in order
 * of start; at most 400 days of them.
 * @public
 */
export function maintenanceOccurrences(
  windows: readonly MaintenanceWindow[],
  from: string,
  to: string,
): MaintenanceOccurrence[] {
  const range = spanOf(from, to);
  if (!range) {
    return [];
  }
  return occurrenceSpans(windows, range.start, range.end).map(s => ({
    start: new Date(s.start).toISOString(),
    end: new Date(s.end).toISOString(),
    window: s.window,
  }));
}

/**
 * Whether a planned window lies inside the maintenance windows: every moment
 * of it in an occurrence, where occurrences that meet count as one. A window
 * without an end is judged at its start; one without a start is not inside.
 * @public
 */
export function isWithinMaintenance(
  windows: readonly MaintenanceWindow[],
  plannedStart?: string | null,
  plannedEnd?: string | null,
): boolean {
  const span = spanOf(plannedStart, plannedEnd);
  if (!span) {
    return false;
  }
  const spans = occurrenceSpans(windows, span.start, span.end + 1);
  // Covered from span.start on, as far as the occurrences reach unbroken.
  let reached = span.start;
  for (const s of spans) {
    if (s.start > reached) {
      break;
    }
    reached = Math.max(reached, s.end);
  }
  return span.end === span.start ? reached > span.start : reached >= span.end;
}

/**
 * Maintenance windows from config: for named entities, and for every other
 * service (`default`). Keys are lower-case entity refs.
 * @public
 */
export interface ConfiguredMaintenanceWindows {
  byEntity: ReadonlyMap<string, MaintenanceWindow[]>;
  default: MaintenanceWindow[];
}

/**
 * The maintenance windows of an entity: its annotation, else the config
 * for its ref, else the config default. An annotation that does not parse
 * declares none (the catalog module reports it as a processing error).
 * @public
 */
export function maintenanceWindowsOf(
  entity: Entity,
  configured?: ConfiguredMaintenanceWindows,
): MaintenanceWindow[] {
  const annotation =
    entity.metadata.annotations?.[ANNOTATION_MAINTENANCE_WINDOWS]?.trim();
  if (annotation) {
    try {
      return parseMaintenanceWindows(annotation);
    } catch {
      return [];
    }
  }
  const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  return configured?.byEntity.get(ref) ?? configured?.default ?? [];
}
