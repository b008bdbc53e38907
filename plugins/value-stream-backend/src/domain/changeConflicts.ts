/*
 * Conflict detection: the other open changes whose windows overlap a
 * change's on the same entity or within two hops of the catalog graph. The
 * rules are -common's; this reads the catalog's relations (through the
 * impact analysis' relation cache) and the candidate changes (through the
 * window index).
 */
import {
  type ChangeConflict,
  CONFLICT_HOPS,
  entitiesWithinConflictHops,
  findChangeConflicts,
  spanOf,
} from '@valuestream/plugin-value-stream-common';
import type { ValueStreamStore } from '../database/ValueStreamStore';
import { normalizeRef } from '../lib/refs';
import type { ImpactService } from './ImpactService';

/** What conflict detection reads. */
export interface ConflictDeps {
  impact: Pick<ImpactService, 'relationsNear'>;
  store: Pick<ValueStreamStore, 'records'>;
}

/** What of a change its conflicts depend on. */
export interface ConflictSubject {
  id?: string;
  entityRef: string;
  plannedStart?: string | null;
  plannedEnd?: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The conflicts of a change, nearest first. A change without a planned
 * window has none. The catalog graph is read as this plugin sees it, not as
 * the caller does: a conflict is a fact about two changes, and whoever may
 * read changes may read both.
 */
export async function findConflicts(
  deps: ConflictDeps,
  change: ConflictSubject,
): Promise<ChangeConflict[]> {
  const span = spanOf(change.plannedStart, change.plannedEnd);
  if (!span) {
    return [];
  }
  const entityRef = normalizeRef(change.entityRef);
  const relations = await deps.impact.relationsNear(entityRef, CONFLICT_HOPS);
  const related = entitiesWithinConflictHops(entityRef, ref =>
    relations.get(ref),
  );
  const candidates = await deps.store.records.openChangesOverlapping({
    start: iso(span.start),
    end: iso(span.end),
    entityRefs: [...related.keys()],
  });
  return findChangeConflicts({ change, candidates, related });
}
