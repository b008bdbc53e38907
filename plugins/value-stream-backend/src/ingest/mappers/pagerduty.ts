import {
  type EventSeverity,
  type IncidentState,
  type Priority,
  type Urgency,
  ANNOTATION_SERVICE_LEVEL_TIER,
  priorityFor,
} from '@valuestream/plugin-value-stream-common';
import { IngestEntity, normalizeIngestRef } from './entities';
import {
  IncidentPriority,
  IngestIncidentDraft,
  IngestPriorityOptions,
  impactForTier,
  truncate,
} from './incidents';
import { IngestEventInput } from './keys';
import type { PagerDutyIncident, PagerDutyWebhook } from './schemas';

/**
 * What a PagerDuty v3 incident event says about the incident.
 */
export interface PagerDutyIncidentUpdate {
  eventId: string;
  /** e.g. `incident.acknowledged`. */
  eventType: string;
  occurredAt: string;
  /** The PagerDuty incident id, e.g. `PGR0VU2`. */
  externalId: string;
  externalUrl: string;
  /** The PagerDuty service id, matched to `pagerduty.com/service-id`. */
  serviceId: string;
  title: string;
  number?: number;
  /** PagerDuty's own status of the incident. */
  pagerDutyStatus: PagerDutyIncident['status'];
  /**
   * The lifecycle state the event moves the incident to: triggered -> new,
   * acknowledged -> acknowledged, resolved -> resolved, reopened ->
   * in_progress. Undefined for events that change no state
   * (priority_updated, escalated, reassigned, unacknowledged, ...).
   */
  state?: IncidentState;
  /** True for `incident.reopened`. */
  reopened: boolean;
  urgency: Urgency;
  /** PagerDuty's priority name, e.g. `P1`, when priorities are on. */
  priorityName?: string;
  /** Our priority when the PagerDuty name reads as one (`P1`..`P5`, `SEV-1`..). */
  priority?: Priority;
  /** Who or what caused the event. */
  agent?: { id: string; type?: string; name?: string };
  /** True when the agent is a PagerDuty user (a person), not automation. */
  byPerson: boolean;
}

const EVENT_STATES: Record<string, IncidentState> = {
  'incident.triggered': 'new',
  'incident.acknowledged': 'acknowledged',
  'incident.resolved': 'resolved',
  'incident.reopened': 'in_progress',
};

function isIncident(data: { type: string }): data is PagerDutyIncident {
  return data.type === 'incident';
}

/** `P1`..`P5`, `SEV1`, `SEV-2`, `Sev 3` -> P1..P4 (5 and beyond are P4). */
function priorityFromName(name: string | undefined): Priority | undefined {
  const match = name ? /^(?:p|sev)[\s-]?(\d)$/i.exec(name.trim()) : null;
  if (!match) {
    return undefined;
  }
  const level = Math.min(Math.max(Number(match[1]), 1), 4);
  return `P${level}` as Priority;
}

/**
 * What a PagerDuty v3 webhook says about an incident; undefined for events
 * about anything else (`pagey.ping`, `service.updated`, notes, responders).
 */
export function pagerDutyToIncidentUpdate(
  webhook: PagerDutyWebhook,
): PagerDutyIncidentUpdate | undefined {
  const { event } = webhook;
  if (!event.event_type.startsWith('incident.') || !isIncident(event.data)) {
    return undefined;
  }
  const incident = event.data;
  const state = EVENT_STATES[event.event_type];
  const priorityName = incident.priority?.summary?.trim() || undefined;
  const priority = priorityFromName(priorityName);
  const agent = event.agent
    ? {
        id: event.agent.id,
        ...(event.agent.type ? { type: event.agent.type } : {}),
        ...(event.agent.summary ? { name: event.agent.summary } : {}),
      }
    : undefined;
  return {
    eventId: event.id,
    eventType: event.event_type,
    occurredAt: event.occurred_at,
    externalId: incident.id,
    externalUrl: incident.html_url,
    serviceId: incident.service.id,
    title: incident.title,
    ...(incident.number !== undefined ? { number: incident.number } : {}),
    pagerDutyStatus: incident.status,
    ...(state ? { state } : {}),
    reopened: event.event_type === 'incident.reopened',
    urgency: incident.urgency,
    ...(priorityName ? { priorityName } : {}),
    ...(priority ? { priority } : {}),
    ...(agent ? { agent } : {}),
    byPerson: agent?.type === 'user_reference',
  };
}

const STATE_ORDER: Record<IncidentState, number> = {
  new: 0,
  acknowledged: 1,
  in_progress: 2,
  resolved: 3,
  closed: 4,
};

/**
 * The state an incident in `current` moves to on a PagerDuty update, or
 * undefined when it stays. States only move forward (webhooks of one
 * incident arrive in order, but a duplicate may come late); a reopen moves
 * a resolved or closed incident back to in_progress.
 */
export function pagerDutyTransition(
  current: IncidentState,
  update: Pick<PagerDutyIncidentUpdate, 'state' | 'reopened'>,
): IncidentState | undefined {
  const target = update.state;
  if (!target || target === current) {
    return undefined;
  }
  if (update.reopened) {
    return target;
  }
  if (current === 'closed') {
    return undefined;
  }
  return STATE_ORDER[target] > STATE_ORDER[current] ? target : undefined;
}

/**
 * Impact, urgency and priority of a PagerDuty incident: urgency is
 * PagerDuty's (high or low); impact comes from the entity's tier; the
 * priority is PagerDuty's when it names one, else the matrix's.
 */
export function incidentPriorityForPagerDuty(
  update: Pick<PagerDutyIncidentUpdate, 'urgency' | 'priority'>,
  tier: string | undefined,
  options: IngestPriorityOptions = {},
): IncidentPriority {
  const impact = impactForTier(tier, options);
  const urgency = update.urgency;
  return {
    impact,
    urgency,
    priority: update.priority ?? priorityFor(impact, urgency, options.matrix),
  };
}

/**
 * The incident a PagerDuty incident becomes on the entity it matched.
 */
export function pagerDutyToIncidentDraft(
  update: PagerDutyIncidentUpdate,
  entity: IngestEntity,
  options: IngestPriorityOptions = {},
): IngestIncidentDraft {
  const tier = entity.annotations?.[ANNOTATION_SERVICE_LEVEL_TIER];
  const number = update.number !== undefined ? ` #${update.number}` : '';
  return {
    entityRef: normalizeIngestRef(entity.entityRef) ?? entity.entityRef,
    title: truncate(update.title.trim() || `PagerDuty incident${number}`, 200),
    description: truncate(
      `PagerDuty incident${number} (${update.externalId}): ${update.title}\n\n${update.externalUrl}`,
      10_000,
    ),
    ...incidentPriorityForPagerDuty(update, tier, options),
    source: 'pagerduty',
    externalId: update.externalId,
    externalUrl: update.externalUrl,
  };
}

function severityOf(
  update: PagerDutyIncidentUpdate | undefined,
): EventSeverity {
  if (
    update &&
    (update.eventType === 'incident.triggered' || update.reopened)
  ) {
    return update.urgency === 'high' ? 'exception' : 'warning';
  }
  return 'informational';
}

/**
 * The event record of a PagerDuty webhook. The fingerprint is the event id
 * (the idempotency key); labels carry the incident and service ids. Trigger
 * and reopen events are exceptions (high urgency) or warnings (low), the
 * rest informational; `status` is `resolved` once PagerDuty resolved the
 * incident, else `firing`.
 */
export function pagerDutyToEvent(
  webhook: PagerDutyWebhook,
  receivedAt: string,
): IngestEventInput {
  const { event } = webhook;
  const update = pagerDutyToIncidentUpdate(webhook);
  const labels: Record<string, string> = {
    event_type: event.event_type,
    resource_type: event.resource_type,
  };
  if (update) {
    labels.incident_id = update.externalId;
    labels.service_id = update.serviceId;
    labels.urgency = update.urgency;
    labels.status = update.pagerDutyStatus;
    if (update.number !== undefined) {
      labels.incident_number = String(update.number);
    }
    if (update.priorityName) {
      labels.priority = update.priorityName;
    }
  }
  const summary = update
    ? `${update.title} (${event.event_type})`
    : event.event_type;
  return {
    entityRef: null,
    source: 'pagerduty',
    fingerprint: event.id,
    severity: severityOf(update),
    status:
      update && update.pagerDutyStatus !== 'resolved' ? 'firing' : 'resolved',
    summary: truncate(summary, 500),
    labels,
    startsAt: event.occurred_at,
    receivedAt,
  };
}
