import {
  IncidentRecord,
  IncidentState,
  parseOrThrow,
  priorityFor,
} from '@valuestream/plugin-value-stream-common';
import {
  PagerDutyIncidentUpdate,
  eventIdempotencyKey,
  isIncidentTakenOver,
  normalizeIngestRef,
  pagerDutyToEvent,
  pagerDutyToIncidentDraft,
  pagerDutyToIncidentUpdate,
  pagerDutyTransition,
  pagerDutyWebhookSchema,
  preferredEntity,
  INGEST_ACTORS,
} from './mappers';
import type {
  IncidentFieldsUpdate,
  IngestItemResult,
  IngestOptions,
  IngestPorts,
  IngestResult,
} from './ports';

const STATUS_STATES: Record<
  PagerDutyIncidentUpdate['pagerDutyStatus'],
  IncidentState
> = {
  triggered: 'new',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
};

function describe(update: PagerDutyIncidentUpdate): string {
  const by = update.agent?.name ? ` by ${update.agent.name}` : '';
  return `PagerDuty ${update.eventType}${by}`;
}

/** Moves an incident as the update says, unless automation would undo a person's work. */
async function transition(
  deps: IngestPorts,
  incident: IncidentRecord,
  update: PagerDutyIncidentUpdate,
  to: IncidentState,
  ctx: { now: string; actor: string },
): Promise<
  Pick<IngestItemResult, 'outcome' | 'reason'> & { incident: IncidentRecord }
> {
  if (to === 'resolved' && !update.byPerson && isIncidentTakenOver(incident)) {
    return {
      incident,
      outcome: 'incident-kept-open',
      reason:
        'resolved by automation in PagerDuty, but a person has taken the incident over',
    };
  }
  const moved = await deps.transitionIncident({
    id: incident.id,
    expectedVersion: incident.version,
    to,
    at: ctx.now,
    actor: ctx.actor,
    note: describe(update),
  });
  if (!moved) {
    return {
      incident,
      outcome: 'incident-unchanged',
      reason: `cannot move the incident from ${incident.state} to ${to}`,
    };
  }
  let outcome: IngestItemResult['outcome'] = 'incident-updated';
  if (to === 'resolved') {
    outcome = 'incident-resolved';
  } else if (update.reopened) {
    outcome = 'incident-reopened';
  }
  return { incident: moved, outcome };
}

/**
 * Ingests one PagerDuty v3 webhook. Incident events are stored as events
 * (idempotent by `event.id`) and kept in step with an incident record keyed
 * by the PagerDuty incident id, on the entity whose
 * `pagerduty.com/service-id` is the incident's service: triggered -> new,
 * acknowledged -> acknowledged, resolved -> resolved, reopened ->
 * in_progress; priority and urgency follow PagerDuty. States only move
 * forward; a resolution by PagerDuty automation leaves an incident a person
 * has taken over open. The first event seen of an incident creates it in
 * PagerDuty's current status. Events about other things (`pagey.ping`,
 * services, notes) are acknowledged and ignored; a repeated event changes
 * nothing.
 *
 * Verify `X-PagerDuty-Signature` over the raw body before calling this.
 * Throws `InputError` for a payload that is not a v3 webhook.
 */
export async function processPagerDuty(
  payload: unknown,
  deps: IngestPorts,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const webhook = parseOrThrow(
    pagerDutyWebhookSchema,
    payload,
    'PagerDuty webhook',
  );
  const now = options.now ?? new Date().toISOString();
  const actor = options.actor ?? INGEST_ACTORS.pagerduty;
  const update = pagerDutyToIncidentUpdate(webhook);
  if (!update) {
    return {
      source: 'pagerduty',
      items: [
        {
          entityRef: null,
          duplicate: false,
          outcome: 'ignored',
          reason: `PagerDuty ${webhook.event.event_type} events are not ingested`,
        },
      ],
    };
  }

  const entity = preferredEntity(
    await deps.entitiesForPagerDutyService(update.serviceId),
  );
  const entityRef = entity
    ? normalizeIngestRef(entity.entityRef) ??
      entity.entityRef.toLocaleLowerCase('en-US')
    : null;
  const key = eventIdempotencyKey({
    source: 'pagerduty',
    eventId: update.eventId,
  });
  const { event, created } = await deps.recordEvent(
    { ...pagerDutyToEvent(webhook, now), entityRef },
    key,
  );
  const base = { key, eventId: event.id, entityRef, duplicate: !created };
  const done = (
    item: Omit<IngestItemResult, keyof typeof base>,
  ): IngestResult => ({
    source: 'pagerduty',
    items: [{ ...base, ...item }],
  });

  if (!entity) {
    return done({
      outcome: 'unmatched',
      reason: `no entity has pagerduty.com/service-id ${update.serviceId}`,
    });
  }
  // A delivery is done once its event is linked to its incident. An event
  // stored without one is a delivery that failed after the event was
  // committed (the sender got a 5xx and retries): the retry finishes it.
  if (!created && event.incidentId) {
    return done({ outcome: 'duplicate', incidentId: event.incidentId });
  }

  const existing = await deps.findIncidentByExternalId(
    'pagerduty',
    update.externalId,
  );
  if (!existing) {
    const draft = pagerDutyToIncidentDraft(update, entity, options.priority);
    const { incident, created: isNew } = await deps.createIncident({
      ...draft,
      eventId: event.id,
      at: now,
      actor,
    });
    const target = pagerDutyTransition(incident.state, {
      state: update.state ?? STATUS_STATES[update.pagerDutyStatus],
      reopened: false,
    });
    if (target) {
      await transition(deps, incident, update, target, { now, actor });
    }
    return done({
      outcome: isNew ? 'incident-opened' : 'incident-linked',
      incidentId: incident.id,
    });
  }

  await deps.linkEventToIncident(event.id, existing.id);
  let incident = existing;
  let fieldsChanged = false;

  const priority =
    update.priority ??
    (update.urgency !== existing.urgency
      ? priorityFor(existing.impact, update.urgency, options.priority?.matrix)
      : existing.priority);
  const patch: IncidentFieldsUpdate['patch'] = {};
  if (update.urgency !== existing.urgency) {
    patch.urgency = update.urgency;
  }
  if (priority !== existing.priority) {
    patch.priority = priority;
  }
  if (update.title.trim() && update.title.trim() !== existing.title) {
    patch.title = update.title.trim().slice(0, 200);
  }
  if (Object.keys(patch).length) {
    const patched = await deps.updateIncidentFields({
      id: existing.id,
      expectedVersion: existing.version,
      patch,
      at: now,
      actor,
      note: describe(update),
    });
    if (patched) {
      incident = patched;
      fieldsChanged = true;
    }
  }

  const to = pagerDutyTransition(incident.state, update);
  if (to) {
    const moved = await transition(deps, incident, update, to, { now, actor });
    if (moved.outcome !== 'incident-unchanged' || !fieldsChanged) {
      return done({
        outcome: moved.outcome,
        incidentId: incident.id,
        ...(moved.reason ? { reason: moved.reason } : {}),
      });
    }
  }
  return done({
    outcome: fieldsChanged ? 'incident-updated' : 'incident-unchanged',
    incidentId: incident.id,
  });
}
