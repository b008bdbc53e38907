import { DateTime } from 'luxon';
import type {
  BusinessHours,
  Priority,
  PriorityTarget,
  SlaClockState,
} from './types';

/**
 * Targets for services without an agreed service level, so every incident
 * still has a clock: 15 min / 4 h for P1 down to 8 h / 5 days for P4.
 * @public
 */
export const DEFAULT_SLA_TARGETS: Readonly<Record<Priority, PriorityTarget>> = {
  P1: { responseMinutes: 15, resolutionMinutes: 4 * 60 },
  P2: { responseMinutes: 30, resolutionMinutes: 8 * 60 },
  P3: { responseMinutes: 4 * 60, resolutionMinutes: 3 * 24 * 60 },
  P4: { responseMinutes: 8 * 60, resolutionMinutes: 5 * 24 * 60 },
};

const MINUTE = 60_000;
/** Bounds the walk over calendar days; a year of minutes at 1 h a day fits. */
const MAX_DAYS = 40_000;

function ms(text: string): number {
  const value = Date.parse(text);
  if (Number.isNaN(value)) {
    throw new TypeError(`Not an ISO date-time: ${text}`);
  }
  return value;
}

function iso(millis: number): string {
  return new Date(millis).toISOString();
}

/**
 * Checks business hours, whether they come from config or a stored clock, and
 * throws a `TypeError` naming what is wrong.
 * @public
 */
export function assertBusinessHours(hours: BusinessHours): void {
  if (!DateTime.local().setZone(hours.zone).isValid) {
    throw new TypeError(`Unknown time zone "${hours.zone}"`);
  }
  const { startHour, endHour, days } = hours;
  if (
    !Number.isInteger(startHour) ||
    !Number.isInteger(endHour) ||
    startHour < 0 ||
    endHour > 24 ||
    startHour >= endHour
  ) {
    throw new TypeError(
      `Business hours need whole hours 0 <= startHour < endHour <= 24, got ${startHour}..${endHour}`,
    );
  }
  if (
    days.length === 0 ||
    days.some(d => !Number.isInteger(d) || d < 1 || d > 7)
  ) {
    throw new TypeError(
      `Business days must be ISO weekdays 1..7, got [${days.join(', ')}]`,
    );
  }
}

function dayStart(at: DateTime, hours: BusinessHours): DateTime {
  return at.startOf('day').set({ hour: hours.startHour });
}

function dayEnd(at: DateTime, hours: BusinessHours): DateTime {
  return hours.endHour === 24
    ? at.startOf('day').plus({ days: 1 })
    : at.startOf('day').set({ hour: hours.endHour });
}

/** The first moment at or after `at` that lies inside business hours. */
function alignForward(at: DateTime, hours: BusinessHours): DateTime {
  let cursor = at;
  for (let i = 0; i < 8; i++) {
    if (hours.days.includes(cursor.weekday)) {
      const start = dayStart(cursor, hours);
      if (cursor < start) {
        return start;
      }
      if (cursor < dayEnd(cursor, hours)) {
        return cursor;
      }
    }
    cursor = dayStart(cursor.startOf('day').plus({ days: 1 }), hours);
  }
  throw new TypeError('Business hours contain no working day');
}

/** Adds business milliseconds to an instant. */
function addBusinessMs(from: number, amount: number, hours: BusinessHours) {
  if (amount <= 0) {
    return from;
  }
  let cursor = alignForward(
    DateTime.fromMillis(from, { zone: hours.zone }),
    hours,
  );
  let left = amount;
  for (let i = 0; i < MAX_DAYS; i++) {
    const end = dayEnd(cursor, hours);
    const available = end.toMillis() - cursor.toMillis();
    if (left <= available) {
      return cursor.toMillis() + left;
    }
    left -= available;
    cursor = alignForward(end, hours);
  }
  throw new RangeError('SLA target too far in business time');
}

/** Business milliseconds between two instants (0 when `to` is not later). */
function businessMsBetween(from: number, to: number, hours: BusinessHours) {
  let total = 0;
  let cursor = alignForward(
    DateTime.fromMillis(from, { zone: hours.zone }),
    hours,
  );
  for (let i = 0; i < MAX_DAYS && cursor.toMillis() < to; i++) {
    const end = Math.min(dayEnd(cursor, hours).toMillis(), to);
    total += end - cursor.toMillis();
    cursor = alignForward(dayEnd(cursor, hours), hours);
  }
  return total;
}

function addTime(from: number, amount: number, hours?: BusinessHours) {
  return hours ? addBusinessMs(from, amount, hours) : from + amount;
}

/**
 * Options of {@link startSlaClock}.
 * @public
 */
export interface StartSlaClockOptions {
  /** When the incident was opened, ISO. */
  openedAt: string;
  targets: PriorityTarget;
  /** Count business time only; wall-clock time when absent. */
  businessHours?: BusinessHours;
}

/**
 * Starts the response and resolution clocks of an incident.
 * @public
 */
export function startSlaClock(options: StartSlaClockOptions): SlaClockState {
  const { openedAt, targets, businessHours } = options;
  if (businessHours) {
    assertBusinessHours(businessHours);
  }
  const opened = ms(openedAt);
  return {
    responseDueAt: iso(
      addTime(opened, targets.responseMinutes * MINUTE, businessHours),
    ),
    resolutionDueAt: iso(
      addTime(opened, targets.resolutionMinutes * MINUTE, businessHours),
    ),
    pausedMs: 0,
    responseBreached: false,
    resolutionBreached: false,
    ...(businessHours ? { businessHours } : {}),
  };
}

/**
 * Stops the clock, e.g. while the incident waits on the reporter. Pausing a
 * paused clock changes nothing.
 * @public
 */
export function pauseSlaClock(state: SlaClockState, at: string): SlaClockState {
  if (state.pausedAt) {
    return state;
  }
  return { ...state, pausedAt: iso(ms(at)) };
}

/**
 * Restarts a paused clock. The due times still running move later by the
 * paused span, counted in business time when the clock uses business hours;
 * the response due time stays once the incident was responded to.
 * @public
 */
export function resumeSlaClock(
  state: SlaClockState,
  at: string,
): SlaClockState {
  const { pausedAt, ...rest } = state;
  if (!pausedAt) {
    return state;
  }
  const from = ms(pausedAt);
  const to = Math.max(from, ms(at));
  const hours = state.businessHours;
  const span = hours ? businessMsBetween(from, to, hours) : to - from;
  const shift = (due: string | undefined) =>
    due === undefined ? undefined : iso(addTime(ms(due), span, hours));
  const next: SlaClockState = { ...rest, pausedMs: state.pausedMs + span };
  if (!state.respondedAt && state.responseDueAt) {
    next.responseDueAt = shift(state.responseDueAt);
  }
  if (state.resolutionDueAt) {
    next.resolutionDueAt = shift(state.resolutionDueAt);
  }
  return next;
}

/**
 * Records the first response; later responses do not move it.
 * @public
 */
export function markResponded(state: SlaClockState, at: string): SlaClockState {
  if (state.respondedAt) {
    return state;
  }
  const respondedAt = iso(ms(at));
  return {
    ...state,
    respondedAt,
    responseBreached:
      state.responseBreached ||
      (state.responseDueAt !== undefined &&
        ms(respondedAt) > ms(state.responseDueAt)),
  };
}

/**
 * Updates the breach flags as of `now`. A breach is never undone; a paused
 * clock is judged at the moment it was paused.
 * @public
 */
export function evaluateSlaBreach(
  state: SlaClockState,
  now: string,
  resolvedAt?: string,
): SlaClockState {
  const effective = ms(state.pausedAt ?? now);
  const late = (due: string | undefined, done: string | undefined) =>
    due !== undefined && (done ? ms(done) : effective) > ms(due);
  const responseBreached =
    state.responseBreached || late(state.responseDueAt, state.respondedAt);
  const resolutionBreached =
    state.resolutionBreached || late(state.resolutionDueAt, resolvedAt);
  if (
    responseBreached === state.responseBreached &&
    resolutionBreached === state.resolutionBreached
  ) {
    return state;
  }
  return { ...state, responseBreached, resolutionBreached };
}

/**
 * Time left on the clocks, in wall-clock milliseconds to the due time
 * (negative when overdue). A paused clock shows what was left when it stopped.
 * @public
 */
export interface SlaRemaining {
  /** Absent once responded or when there is no response target. */
  responseMs?: number;
  resolutionMs?: number;
}

/**
 * How long until the response and resolution due times.
 * @public
 */
export function remainingMs(state: SlaClockState, now: string): SlaRemaining {
  const effective = ms(state.pausedAt ?? now);
  const result: SlaRemaining = {};
  if (!state.respondedAt && state.responseDueAt) {
    result.responseMs = ms(state.responseDueAt) - effective;
  }
  if (state.resolutionDueAt) {
    result.resolutionMs = ms(state.resolutionDueAt) - effective;
  }
  return result;
}
