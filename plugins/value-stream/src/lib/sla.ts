import {
  isOpen,
  remainingMs,
  type IncidentRecord,
  type RecordHeadline,
} from '@valuestream/plugin-value-stream-common';

/** Where the SLA clock of an incident stands at one moment. */
export interface SlaStatus {
  /** Which target the clock runs against; `none` once resolved. */
  clock: 'response' | 'resolution' | 'none';
  dueAt?: string;
  /** Milliseconds left until the due time; negative once overdue. */
  remainingMs?: number;
  breached: boolean;
  paused: boolean;
}

/**
 * The SLA clock of an incident as the countdown shows it: the response clock
 * until someone responds, then the resolution clock. While the incident
 * waits on the reporter the clock is paused and the remaining time frozen
 * (`remainingMs` of -common, the same answer the backend gives).
 */
export function slaStatus(
  incident: RecordHeadline<IncidentRecord>,
  now: number,
): SlaStatus {
  const { sla } = incident;
  const breachedFlag = sla.responseBreached || sla.resolutionBreached;
  if (!isOpen('incident', incident.state)) {
    return { clock: 'none', breached: breachedFlag, paused: false };
  }
  const left = remainingMs(sla, new Date(now).toISOString());
  const paused = Boolean(sla.pausedAt);
  if (left.responseMs !== undefined) {
    return {
      clock: 'response',
      dueAt: sla.responseDueAt,
      remainingMs: left.responseMs,
      breached: breachedFlag || left.responseMs < 0,
      paused,
    };
  }
  if (left.resolutionMs !== undefined) {
    return {
      clock: 'resolution',
      dueAt: sla.resolutionDueAt,
      remainingMs: left.resolutionMs,
      breached: breachedFlag || left.resolutionMs < 0,
      paused,
    };
  }
  return { clock: 'none', breached: breachedFlag, paused };
}
