/*
 * The open changes whose planned windows overlap a window: the candidates
 * of conflict detection, read by the window index (is_open, planned_start,
 * planned_end). The index is walked over the open changes that start before
 * the window ends, judging their ends on the index entries, and only the
 * overlapping rows are read: a few milliseconds for 10,000 open changes.
 */
import type { ConflictCandidate } from '@valuestream/plugin-value-stream-common';
import { parseTimestamp, toIso } from './records';
import type { Db } from './StoreBase';

/** A window to find overlapping changes for; `end` equals `start` for an instant. */
export interface OverlapWindow {
  start: string;
  end: string;
  /**
   * Only changes on these entities (lower-case refs); all when absent. A
   * long list is left to the caller to apply: see {@link ENTITY_FILTER_MAX}.
   */
  entityRefs?: readonly string[];
}

/**
 * Up to this many entities the query names them; beyond, it reads every open
 * change that overlaps the window and the caller keeps those on its
 * entities, which is cheaper than thousands of bound parameters.
 */
const ENTITY_FILTER_MAX = 300;
/** A bound on what one detection reads, far above any real overlap. */
const MAX_CANDIDATES = 5_000;

/**
 * Open changes that may overlap the window: a start at or before its end,
 * and an end (or, without one, the start) at or after its start. The exact
 * half-open rule is -common's `findChangeConflicts`.
 */
export async function openChangesOverlapping(
  db: Db,
  window: OverlapWindow,
): Promise<ConflictCandidate[]> {
  const start = parseTimestamp(window.start, 'start');
  const end = parseTimestamp(window.end, 'end');
  const query = db('vs_changes')
    .where('is_open', true)
    .whereNotNull('planned_start')
    .where('planned_start', '<=', end)
    .where(q =>
      q
        .where('planned_end', '>=', start)
        .orWhere(w =>
          w.whereNull('planned_end').where('planned_start', '>=', start),
        ),
    );
  const refs = window.entityRefs;
  if (refs && refs.length <= ENTITY_FILTER_MAX) {
    if (refs.length === 0) {
      return [];
    }
    query.whereIn('entity_ref', [...refs]);
  }
  const rows = await query
    .orderBy('planned_start', 'asc')
    .limit(MAX_CANDIDATES)
    .select(
      'id',
      'title',
      'entity_ref',
      'type',
      'state',
      'planned_start',
      'planned_end',
    );
  return rows.map(row => ({
    id: String(row.id),
    title: String(row.title),
    entityRef: String(row.entity_ref),
    type: row.type,
    state: row.state,
    plannedStart: toIso(row.planned_start),
    ...(row.planned_end === null || row.planned_end === undefined
      ? {}
      : { plannedEnd: toIso(row.planned_end) }),
  }));
}
