import {
  EventRecord,
  parseOrThrow,
} from '@valuestream/plugin-value-stream-common';
import {
  AlertEntityLookup,
  AlertEntityMatch,
  AlertmanagerAlert,
  DEFAULT_FLAPPING_WINDOW_MINUTES,
  IngestEntity,
  alertToEvent,
  alertToIncidentDraft,
  alertmanagerWebhookSchema,
  eventIdempotencyKey,
  flappingIncidentId,
  isIncidentTakenOver,
  matchAlertToEntity,
  normalizeIngestRef,
  ALERT_LABELS,
  INGEST_ACTORS,
} from './mappers';
import type {
  AlertmanagerIngestOptions,
  IngestItemResult,
  IngestPorts,
  IngestResult,
} from './ports';

/** Answers each catalog question once per request. */
function cachedLookup(lookup: AlertEntityLookup): AlertEntityLookup {
  const byRef = new Map<string, Promise<IngestEntity | undefined>>();
  const byName = new Map<string, Promise<IngestEntity[]>>();
  let withSelector: Promise<IngestEntity[]> | undefined;
  return {
    byRef(ref) {
      const key = ref.toLocaleLowerCase('en-US');
      if (!byRef.has(key)) {
        byRef.set(key, lookup.byRef(ref));
      }
      return byRef.get(key)!;
    },
    byName(name) {
      const key = name.toLocaleLowerCase('en-US');
      if (!byName.has(key)) {
        byName.set(key, lookup.byName(name));
      }
      return byName.get(key)!;
    },
    withAlertSelector() {
      withSelector ??= lookup.withAlertSelector();
      return withSelector;
    },
  };
}

interface Context {
  deps: IngestPorts;
  now: string;
  actor: string;
  windowMinutes: number;
  options: AlertmanagerIngestOptions;
}

function alertName(alert: AlertmanagerAlert): string {
  return alert.labels[ALERT_LABELS.alertName] ?? alert.fingerprint;
}

/**
 * Resolves the incident an alert opened, because the alert resolved. Leaves
 * it alone when a person has taken it over (an assignee, or history written
 * by a user), when it is already resolved or closed, or when a newer
 * instance of the same alert, linked to it, still fires.
 */
async function resolveIncidentFromEvent(
  deps: IngestPorts,
  incidentId: string,
  event: EventRecord,
  context: { at: string; actor: string; note: string },
): Promise<Pick<IngestItemResult, 'outcome' | 'incidentId' | 'reason'>> {
  const incident = await deps.getIncident(incidentId);
  if (!incident) {
    return { outcome: 'recorded', reason: `incident ${incidentId} not found` };
  }
  if (incident.state === 'resolved' || incident.state === 'closed') {
    return { outcome: 'incident-unchanged', incidentId };
  }
  if (isIncidentTakenOver(incident)) {
    return {
      outcome: 'incident-kept-open',
      incidentId,
      reason: 'a person has taken the incident over',
    };
  }
  const newer = await deps.listEventsForFingerprint(
    event.source as 'alertmanager',
    event.fingerprint,
    event.startsAt,
  );
  if (
    newer.some(
      e =>
        e.id !== event.id &&
        e.incidentId === incidentId &&
        e.status === 'firing' &&
        Date.parse(e.startsAt) > Date.parse(event.startsAt),
    )
  ) {
    return {
      outcome: 'incident-kept-open',
      incidentId,
      reason: 'a newer instance of the alert still fires',
    };
  }
  const resolved = await deps.transitionIncident({
    id: incident.id,
    expectedVersion: incident.version,
    to: 'resolved',
    at: context.at,
    actor: context.actor,
    note: context.note,
  });
  return resolved
    ? { outcome: 'incident-resolved', incidentId }
    : {
        outcome: 'incident-kept-open',
        incidentId,
        reason:
          'the incident changed meanwhile or cannot be resolved from its state',
      };
}

async function openOrCorrelate(
  ctx: Context,
  alert: AlertmanagerAlert,
  entity: IngestEntity,
  event: EventRecord,
): Promise<Pick<IngestItemResult, 'outcome' | 'incidentId' | 'reason'>> {
  const { deps } = ctx;
  const open = await deps.findOpenIncidentForFingerprint(
    'alertmanager',
    alert.fingerprint,
  );
  if (open) {
    await deps.linkEventToIncident(event.id, open.id);
    return { outcome: 'incident-linked', incidentId: open.id };
  }

  const since = new Date(
    Date.parse(ctx.now) - ctx.windowMinutes * 60_000,
  ).toISOString();
  const previous = (
    await deps.listEventsForFingerprint(
      'alertmanager',
      alert.fingerprint,
      since,
    )
  ).filter(e => e.id !== event.id);
  const flapping = flappingIncidentId(previous, ctx.now, ctx.windowMinutes);
  if (flapping) {
    const incident = await deps.getIncident(flapping);
    if (incident?.state === 'resolved') {
      const reopened = await deps.transitionIncident({
        id: incident.id,
        expectedVersion: incident.version,
        to: 'in_progress',
        at: ctx.now,
        actor: ctx.actor,
        note: `Reopened: alert ${alertName(alert)} fired again within ${
          ctx.windowMinutes
        } minutes (flapping).`,
      });
      if (reopened) {
        await deps.linkEventToIncident(event.id, incident.id);
        return { outcome: 'incident-reopened', incidentId: incident.id };
      }
    }
  }

  const draft = alertToIncidentDraft(alert, entity, ctx.options.priority);
  const { incident, created } = await deps.createIncident({
    ...draft,
    eventId: event.id,
    at: ctx.now,
    actor: ctx.actor,
  });
  return {
    outcome: created ? 'incident-opened' : 'incident-linked',
    incidentId: incident.id,
  };
}

/**
 * Ingests an Alertmanager webhook notification (payload version 4). Every
 * alert is stored as an event, idempotent by fingerprint + startsAt, and
 * mapped to an entity (label `backstage_entity`, label `service`, or the
 * `valuestream.io/alert-selector` annotation); unmatched alerts are stored
 * with `entityRef` null. A firing exception alert (severity critical, error
 * or page) opens an incident on its entity, unless an incident of the same
 * fingerprint is open (the alert is linked to it) or the alert is flapping
 * (it reopens the incident of its previous instance). A resolved alert
 * resolves its incident unless a person has taken it over.
 *
 * Throws `InputError` for a payload that is not a version 4 notification.
 */
export async function processAlertmanager(
  payload: unknown,
  deps: IngestPorts,
  options: AlertmanagerIngestOptions = {},
): Promise<IngestResult> {
  const webhook = parseOrThrow(
    alertmanagerWebhookSchema,
    payload,
    'Alertmanager webhook',
  );
  const ctx: Context = {
    deps,
    now: options.now ?? new Date().toISOString(),
    actor: options.actor ?? INGEST_ACTORS.alertmanager,
    windowMinutes:
      options.flappingWindowMinutes ?? DEFAULT_FLAPPING_WINDOW_MINUTES,
    options,
  };
  const lookup = cachedLookup(deps.alertEntities);
  const items: IngestItemResult[] = [];

  // The catalog questions of the whole notification at once, then every
  // alert stored in one transaction; only what follows is per alert.
  await deps.prefetchAlertEntities?.({
    refs: webhook.alerts.flatMap(alert => {
      const label = alert.labels[ALERT_LABELS.entity]?.trim();
      const ref = label ? normalizeIngestRef(label) : undefined;
      return ref ? [ref] : [];
    }),
    names: webhook.alerts.flatMap(alert => {
      const name = alert.labels[ALERT_LABELS.service]?.trim();
      return name ? [name] : [];
    }),
  });
  const matches: Array<AlertEntityMatch | undefined> = [];
  for (const alert of webhook.alerts) {
    matches.push(await matchAlertToEntity(alert, lookup));
  }
  const keys = webhook.alerts.map(alert =>
    eventIdempotencyKey({
      source: 'alertmanager',
      fingerprint: alert.fingerprint,
      startsAt: alert.startsAt,
    }),
  );
  // Alerts that would open an incident carry its draft: the first of their
  // fingerprint opens it in the same transaction.
  const recorded = await deps.recordEvents(
    webhook.alerts.map((alert, i) => {
      const event = alertToEvent(alert, ctx.now);
      const match = matches[i];
      return {
        event: { ...event, entityRef: match?.entityRef ?? null },
        idempotencyKey: keys[i],
        ...(match && alert.status === 'firing' && event.severity === 'exception'
          ? {
              openIncident: alertToIncidentDraft(
                alert,
                match.entity,
                ctx.options.priority,
              ),
            }
          : {}),
      };
    }),
    { at: ctx.now, actor: ctx.actor },
  );

  for (const [i, alert] of webhook.alerts.entries()) {
    const match = matches[i];
    const key = keys[i];
    const { event, created, openedIncidentId } = recorded[i];
    const base = {
      key,
      eventId: event.id,
      entityRef: match?.entityRef ?? null,
      duplicate: !created,
    };

    if (!match) {
      items.push({
        ...base,
        outcome: 'unmatched',
        reason:
          'no entity matches the labels backstage_entity or service, or an alert selector',
      });
    } else if (alert.status === 'resolved') {
      items.push(
        event.incidentId
          ? {
              ...base,
              ...(await resolveIncidentFromEvent(
                deps,
                event.incidentId,
                event,
                {
                  at: ctx.now,
                  actor: ctx.actor,
                  note: `Resolved automatically: alert ${alertName(
                    alert,
                  )} resolved${alert.endsAt ? ` at ${alert.endsAt}` : ''}.`,
                },
              )),
            }
          : { ...base, outcome: 'recorded' },
      );
    } else if (event.severity !== 'exception') {
      items.push({ ...base, outcome: 'recorded' });
    } else if (openedIncidentId) {
      items.push({
        ...base,
        outcome: 'incident-opened',
        incidentId: openedIncidentId,
      });
    } else if (event.incidentId) {
      items.push({
        ...base,
        outcome: 'incident-linked',
        incidentId: event.incidentId,
      });
    } else {
      items.push({
        ...base,
        ...(await openOrCorrelate(ctx, alert, match.entity, event)),
      });
    }
  }
  return { source: 'alertmanager', items };
}
