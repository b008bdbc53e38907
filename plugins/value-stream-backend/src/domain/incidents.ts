/*
 * Opening an incident, one rule for the portal and for ingestion: state
 * `new`, not waiting on its reporter, its SLA clocks started from the
 * targets of the entity's agreed service level (the defaults without one).
 */
import {
  DEFAULT_SLA_TARGETS,
  IncidentRecord,
  Priority,
  PriorityTarget,
  SlaClockState,
  startSlaClock,
} from '@valuestream/plugin-value-stream-common';
import type { RecordStore } from '../database/RecordStore';
import { chunks } from '../database/records';
import type { NewIncident } from '../database/types';
import { normalizeRef } from '../lib/refs';

/** Response and resolution targets per priority. */
export type SlaTargets = Readonly<Record<Priority, PriorityTarget>>;

/** What the opener decides; the rest of a new incident follows from it. */
export type IncidentDraft = Omit<
  NewIncident,
  'state' | 'reporter' | 'waitingOnReporter' | 'sla'
>;

/**
 * The targets of the agreed service level of each entity that has one
 * (lower-case refs), in one read per hundred entities.
 */
export async function agreedSlaTargets(
  records: Pick<RecordStore, 'list'>,
  entityRefs: readonly string[],
): Promise<Map<string, SlaTargets>> {
  const refs = [...new Set(entityRefs.map(normalizeRef))];
  const targets = new Map<string, SlaTargets>();
  for (const part of chunks(refs, 100)) {
    let cursor: string | undefined;
    do {
      const page = await records.list('serviceLevel', {
        entityRefs: part,
        states: ['agreed'],
        limit: 500,
        cursor,
      });
      // Newest first, as a read for one entity would pick it.
      for (const level of page.items) {
        const ref = normalizeRef(level.entityRef);
        if (!targets.has(ref)) {
          targets.set(ref, level.targets);
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
  return targets;
}

/** The targets of one entity: its agreed service level's, else the defaults. */
export async function slaTargetsOf(
  records: Pick<RecordStore, 'list'>,
  entityRef: string,
): Promise<SlaTargets> {
  const targets = await agreedSlaTargets(records, [entityRef]);
  return targets.get(normalizeRef(entityRef)) ?? DEFAULT_SLA_TARGETS;
}

/** A new incident from a draft, opened at `openedAt` by `reporter`. */
export function newIncident(
  draft: IncidentDraft,
  options: {
    reporter: string;
    openedAt: string;
    /** The entity's targets; the defaults when absent. */
    targets?: SlaTargets;
  },
): NewIncident {
  return {
    ...draft,
    entityRef: normalizeRef(draft.entityRef),
    state: 'new',
    reporter: options.reporter,
    waitingOnReporter: false,
    sla: startSlaClock({
      openedAt: options.openedAt,
      targets: (options.targets ?? DEFAULT_SLA_TARGETS)[draft.priority],
    }),
  };
}

/**
 * The clock of an incident whose priority changed: due times from the new
 * targets, counted from when the incident was opened plus the time it was
 * paused; what already happened (response, breaches, a pause) stays.
 */
export function retargetClock(
  incident: IncidentRecord,
  targets: PriorityTarget,
): SlaClockState {
  const fresh = startSlaClock({
    openedAt: new Date(
      Date.parse(incident.createdAt) + incident.sla.pausedMs,
    ).toISOString(),
    targets,
    ...(incident.sla.businessHours
      ? { businessHours: incident.sla.businessHours }
      : {}),
  });
  return {
    ...incident.sla,
    responseDueAt: incident.sla.respondedAt
      ? incident.sla.responseDueAt
      : fresh.responseDueAt,
    resolutionDueAt: fresh.resolutionDueAt,
  };
}
