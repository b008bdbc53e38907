import {
  type EventRecord,
  type EventSeverity,
  type Impact,
  type IncidentRecord,
  type Priority,
  type Urgency,
  PriorityMatrix,
  priorityFor,
} from '@valuestream/plugin-value-stream-common';
import { toMillis } from './time';

/**
 * An incident as ingestion proposes it; the backend adds the SLA clocks and
 * the fields every incident has.
 */
export interface IngestIncidentDraft {
  entityRef: string;
  title: string;
  description: string;
  impact: Impact;
  urgency: Urgency;
  priority: Priority;
  source: 'alertmanager' | 'pagerduty';
  /** Alertmanager: the event's idempotency key; PagerDuty: the incident id. */
  externalId: string;
  externalUrl?: string;
}

/**
 * How ingestion weighs an incident.
 */
export interface IngestPriorityOptions {
  /**
   * Impact by service level tier (lower-case name). Defaults: `platinum`
   * and `gold` high, `silver` medium, `bronze` low. An entity without a
   * tier, or with a tier not listed, has medium impact.
   */
  tierImpacts?: Record<string, Impact>;
  /**
   * Priority by impact and urgency; defaults to `DEFAULT_PRIORITY_MATRIX`.
   * Pass `readPriorityMatrix(config valueStream.priorityMatrix)` here.
   */
  matrix?: PriorityMatrix;
}

/**
 * Impact, urgency and priority of an incident.
 */
export interface IncidentPriority {
  impact: Impact;
  urgency: Urgency;
  priority: Priority;
}

const DEFAULT_TIER_IMPACTS: Record<string, Impact> = {
  platinum: 'high',
  gold: 'high',
  silver: 'medium',
  bronze: 'low',
};

const SEVERITY_URGENCY: Record<EventSeverity, Urgency> = {
  exception: 'high',
  warning: 'medium',
  informational: 'low',
};

/**
 * The impact of an incident on an entity of the given service level tier.
 */
export function impactForTier(
  tier: string | undefined,
  options: IngestPriorityOptions = {},
): Impact {
  const impacts = { ...DEFAULT_TIER_IMPACTS, ...options.tierImpacts };
  const key = tier?.trim().toLocaleLowerCase('en-US');
  return (key && impacts[key]) || 'medium';
}

/**
 * The priority of an incident opened by an alert: urgency from the alert's
 * severity (exception high, warning medium, informational low), impact from
 * the entity's service level tier, priority from the matrix.
 */
export function incidentPriorityForAlert(
  severity: EventSeverity,
  tier: string | undefined,
  options: IngestPriorityOptions = {},
): IncidentPriority {
  const impact = impactForTier(tier, options);
  const urgency = SEVERITY_URGENCY[severity];
  return {
    impact,
    urgency,
    priority: priorityFor(impact, urgency, options.matrix),
  };
}

/**
 * Whether a person has taken an incident over: it has an assignee, or a
 * history entry written by a user (`user:...`). Automation then leaves its
 * state alone: a resolved alert does not resolve it.
 */
export function isIncidentTakenOver(
  incident: Pick<IncidentRecord, 'assignee' | 'history'>,
): boolean {
  return (
    Boolean(incident.assignee) ||
    incident.history.some(entry =>
      entry.by.trim().toLocaleLowerCase('en-US').startsWith('user:'),
    )
  );
}

/**
 * Default flapping window: an alert that fires again within this many
 * minutes of the last activity of its previous instance belongs to the same
 * incident.
 */
export const DEFAULT_FLAPPING_WINDOW_MINUTES = 60;

/**
 * What the flapping rule reads of the earlier events of a fingerprint.
 */
export type FlappingEvent = Pick<
  EventRecord,
  'startsAt' | 'endsAt' | 'receivedAt' | 'incidentId'
>;

function lastActivity(event: FlappingEvent): number {
  return Math.max(
    Date.parse(event.startsAt),
    event.endsAt ? Date.parse(event.endsAt) : -Infinity,
    Date.parse(event.receivedAt),
  );
}

/**
 * The incident a flapping alert belongs to: among the earlier events of the
 * same fingerprint that are linked to an incident, the one with the latest
 * activity (start, end or last delivery) at or after `now - windowMinutes`.
 * Undefined when there is none, so a new incident may be opened.
 */
export function flappingIncidentId(
  previousEventsForFingerprint: readonly FlappingEvent[],
  now: string | Date,
  windowMinutes: number = DEFAULT_FLAPPING_WINDOW_MINUTES,
): string | undefined {
  const since = toMillis(now) - windowMinutes * 60_000;
  let best: { id: string; at: number } | undefined;
  for (const event of previousEventsForFingerprint) {
    if (!event.incidentId) {
      continue;
    }
    const at = lastActivity(event);
    if (at >= since && (!best || at > best.at)) {
      best = { id: event.incidentId, at };
    }
  }
  return best?.id;
}

/**
 * Whether an exception alert that fires again should open a new incident:
 * false while an earlier instance of the same fingerprint that had an
 * incident was active within the window (the alert is flapping; reuse that
 * incident, see {@link flappingIncidentId}).
 */
export function shouldOpenIncident(
  previousEventsForFingerprint: readonly FlappingEvent[],
  now: string | Date,
  windowMinutes: number = DEFAULT_FLAPPING_WINDOW_MINUTES,
): boolean {
  return (
    flappingIncidentId(previousEventsForFingerprint, now, windowMinutes) ===
    undefined
  );
}

/** Cuts text to a length, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
