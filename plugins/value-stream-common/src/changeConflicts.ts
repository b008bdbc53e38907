import {
  RELATION_API_CONSUMED_BY,
  RELATION_API_PROVIDED_BY,
  RELATION_CONSUMES_API,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
} from '@backstage/catalog-model';
import { spanOf, spansOverlap } from './plannedWindows';
import type { ChangeRecord, ChangeState, ChangeType } from './types';

/**
 * How the entity of a conflicting change relates to the entity of the
 * change: the same one; a dependency or a dependent of it, directly or
 * through one entity; or an entity it shares a dependency with (both depend
 * on `via`) or a dependent with (`via` depends on both).
 * @public
 */
export type ConflictRelation =
  | 'same-entity'
  | 'dependency'
  | 'dependent'
  | 'shared-dependency'
  | 'shared-dependent';

/**
 * Every {@link ConflictRelation}, for schemas.
 * @public
 */
export const CONFLICT_RELATIONS = [
  'same-entity',
  'dependency',
  'dependent',
  'shared-dependency',
  'shared-dependent',
] as const satisfies readonly ConflictRelation[];

/**
 * Another open change whose planned window overlaps the change's, on the
 * same entity or one within two hops of the catalog graph, as it was when
 * the conflict was found.
 * @public
 */
export interface ChangeConflict {
  changeId: string;
  title: string;
  entityRef: string;
  type: ChangeType;
  state: ChangeState;
  plannedStart: string;
  plannedEnd?: string;
  /** 0 for the same entity, else the catalog hops between the entities. */
  hops: number;
  relation: ConflictRelation;
  /** The entity between the two, for two hops. */
  via?: string;
}

/**
 * How far apart in the catalog graph two entities are when their changes
 * can conflict.
 * @public
 */
export const CONFLICT_HOPS = 2;

/** The most conflicts kept on one change, the nearest first. @public */
export const MAX_CHANGE_CONFLICTS = 50;

/** Relations that lead to what the entity needs. */
const UPSTREAM = new Set<string>([
  RELATION_DEPENDS_ON,
  RELATION_PART_OF,
  RELATION_CONSUMES_API,
  RELATION_API_PROVIDED_BY,
]);
/** Relations that lead to what needs the entity. */
const DOWNSTREAM = new Set<string>([
  RELATION_DEPENDENCY_OF,
  RELATION_HAS_PART,
  RELATION_PROVIDES_API,
  RELATION_API_CONSUMED_BY,
]);

/**
 * The catalog relations conflict detection follows, both ways.
 * @public
 */
export const CONFLICT_RELATION_TYPES: readonly string[] = [
  ...UPSTREAM,
  ...DOWNSTREAM,
];

/**
 * An entity near the changed one, and how it relates to it.
 * @public
 */
export interface RelatedEntity {
  entityRef: string;
  hops: number;
  relation: ConflictRelation;
  via?: string;
}

/**
 * The relations of an entity by lower-case ref; undefined for an entity the
 * catalog does not have.
 * @public
 */
export type RelationLookup = (
  entityRef: string,
) => ReadonlyArray<{ type: string; targetRef: string }> | undefined;

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

type Direction = 'up' | 'down';

function directionOf(type: string): Direction | undefined {
  if (UPSTREAM.has(type)) {
    return 'up';
  }
  return DOWNSTREAM.has(type) ? 'down' : undefined;
}

/** The neighbours of an entity one hop away, sorted, with the direction. */
function neighbours(
  ref: string,
  relationsOf: RelationLookup,
): Array<[string, Direction]> {
  const found = new Map<string, Direction>();
  for (const relation of relationsOf(ref) ?? []) {
    const direction = directionOf(relation.type);
    const target = lower(relation.targetRef);
    if (direction && target !== ref && !found.has(target)) {
      found.set(target, direction);
    }
  }
  return [...found].sort(([a], [b]) => (a < b ? -1 : Number(a > b)));
}

const TWO_HOPS: Record<`${Direction}-${Direction}`, ConflictRelation> = {
  'up-up': 'dependency',
  'down-down': 'dependent',
  'up-down': 'shared-dependency',
  'down-up': 'shared-dependent',
};

/**
 * The entities within {@link CONFLICT_HOPS} hops of `rootRef`, the root
 * itself included, following relations both ways: what it depends on and
 * what depends on it, and at two hops also what shares a dependency or a
 * dependent with it. Each entity appears once, at its shortest distance;
 * among paths of the same length the one through the first entity by ref
 * names it. Reads relations of the root and of the entities one hop away.
 * @public
 */
export function entitiesWithinConflictHops(
  rootRef: string,
  relationsOf: RelationLookup,
): Map<string, RelatedEntity> {
  const root = lower(rootRef);
  const related = new Map<string, RelatedEntity>([
    [root, { entityRef: root, hops: 0, relation: 'same-entity' }],
  ]);
  const first = neighbours(root, relationsOf);
  for (const [ref, direction] of first) {
    related.set(ref, {
      entityRef: ref,
      hops: 1,
      relation: direction === 'up' ? 'dependency' : 'dependent',
    });
  }
  for (const [via, firstDirection] of first) {
    for (const [ref, direction] of neighbours(via, relationsOf)) {
      if (!related.has(ref)) {
        related.set(ref, {
          entityRef: ref,
          hops: 2,
          relation: TWO_HOPS[`${firstDirection}-${direction}`],
          via,
        });
      }
    }
  }
  return related;
}

/**
 * What conflict detection reads of another change.
 * @public
 */
export type ConflictCandidate = Pick<
  ChangeRecord,
  'id' | 'title' | 'entityRef' | 'type' | 'state'
> & { plannedStart?: string | null; plannedEnd?: string | null };

/** States in which a change no longer holds its window. */
const CLOSED: ReadonlySet<string> = new Set([
  'closed',
  'rejected',
  'cancelled',
  'failed',
]);

/**
 * The other open changes whose planned windows overlap the change's, on
 * entities within {@link CONFLICT_HOPS} hops (`related`, from
 * {@link entitiesWithinConflictHops}). Windows are half-open; a window
 * without an end is the instant it starts, and a change without a start
 * conflicts with nothing. Nearest first, then by start; at most
 * {@link MAX_CHANGE_CONFLICTS}.
 * @public
 */
export function findChangeConflicts(input: {
  change: {
    id?: string;
    plannedStart?: string | null;
    plannedEnd?: string | null;
  };
  candidates: readonly ConflictCandidate[];
  related: ReadonlyMap<string, RelatedEntity>;
}): ChangeConflict[] {
  const span = spanOf(input.change.plannedStart, input.change.plannedEnd);
  if (!span) {
    return [];
  }
  const conflicts: Array<ChangeConflict & { at: number }> = [];
  for (const other of input.candidates) {
    if (other.id === input.change.id || CLOSED.has(other.state)) {
      continue;
    }
    const near = input.related.get(lower(other.entityRef));
    const otherSpan = spanOf(other.plannedStart, other.plannedEnd);
    if (!near || !otherSpan || !spansOverlap(span, otherSpan)) {
      continue;
    }
    conflicts.push({
      changeId: other.id,
      title: other.title,
      entityRef: lower(other.entityRef),
      type: other.type,
      state: other.state,
      plannedStart: new Date(otherSpan.start).toISOString(),
      ...(other.plannedEnd
        ? { plannedEnd: new Date(otherSpan.end).toISOString() }
        : {}),
      hops: near.hops,
      relation: near.relation,
      ...(near.via ? { via: near.via } : {}),
      at: otherSpan.start,
    });
  }
  return conflicts
    .sort(
      (a, b) =>
        a.hops - b.hops ||
        a.at - b.at ||
        (a.changeId < b.changeId ? -1 : Number(a.changeId > b.changeId)),
    )
    .slice(0, MAX_CHANGE_CONFLICTS)
    .map(({ at: _at, ...conflict }) => conflict);
}

const RELATION_WORDS: Record<ConflictRelation, string> = {
  'same-entity': 'the same entity',
  dependency: 'a dependency',
  dependent: 'a dependent',
  'shared-dependency': 'an entity with a shared dependency',
  'shared-dependent': 'an entity with a shared dependent',
};

/**
 * Says where a conflicting change is, such as: change 1 "Title" on
 * component:default/cart (a dependent, 1 hop).
 * @public
 */
export function describeConflict(conflict: ChangeConflict): string {
  const where =
    conflict.hops === 0
      ? RELATION_WORDS[conflict.relation]
      : `${RELATION_WORDS[conflict.relation]}, ${conflict.hops} hop${
          conflict.hops === 1 ? '' : 's'
        }${conflict.via ? ` through ${conflict.via}` : ''}`;
  return `change ${conflict.changeId} "${conflict.title}" on ${conflict.entityRef} (${where})`;
}

/**
 * Why a change with conflicts may not be scheduled where conflicts block
 * scheduling (`valueStream.changeConflicts.blockScheduling`), or undefined
 * when it has none. Names the conflicting changes, the nearest first.
 * @public
 */
export function conflictRefusal(
  conflicts: readonly ChangeConflict[],
): string | undefined {
  if (conflicts.length === 0) {
    return undefined;
  }
  const shown = conflicts.slice(0, 3).map(describeConflict);
  const more =
    conflicts.length > shown.length
      ? ` and ${conflicts.length - shown.length} more`
      : '';
  return `The planned window collides with ${shown.join(
    '; ',
  )}${more}; conflicts block scheduling here: move the window or settle the other change first`;
}
