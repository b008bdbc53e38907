/*
 * The practice records: one spec-driven create, get, list and update for
 * every record type, plus what only one type has (approvals, the links of
 * releases and problems, the lookups ingestion does).
 */
import { randomUUID } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import {
  AUTHORIZED_CHANGE_STATES,
  type ChangeRecord,
  type ConflictCandidate,
  type IncidentRecord,
  type Page,
} from '@valuestream/plugin-value-stream-common';
import { Knex } from 'knex';
import { normalizeRef } from '../lib/refs';
import {
  afterWrite,
  bumpVersion,
  checkReferences,
  getRecord,
  hydrate,
  insertRecord,
  linkProblemIncidents,
  linkReleaseChanges,
  lockForUpdate,
  requireRecord,
  staleVersion,
  touchEntitiesOf,
  unlinkProblemIncidents,
} from './recordRows';
import {
  applyPatch,
  CHANGE_SPEC,
  chunks,
  isUuid,
  parseTimestamp,
  PROBLEM_SPEC,
  RECORD_SPECS,
  RecordSpec,
  recordToColumns,
  RELEASE_SPEC,
  Row,
  rowToRecord,
  toNumber,
} from './records';
import {
  checkLimit,
  Db,
  isUniqueViolation,
  keyset,
  nonEmpty,
  pageOf,
  perChunk,
  StoreBase,
  uniqueRefs,
  writeTime,
} from './StoreBase';
import { touchEntities } from './touchEntities';
import { openChangesOverlapping, type OverlapWindow } from './changeWindows';
import type {
  AwaitingApprovalFilter,
  CreateOptions,
  ListFilter,
  NewApproval,
  NewRecords,
  RecordKind,
  RecordListFilters,
  StoredRecords,
  UpdateOptions,
} from './types';

/** Adds the query conditions of one record type's filter. */
type ExtraFilter<K extends RecordKind> = (
  filter: RecordListFilters[K],
  query: Knex.QueryBuilder,
  db: Db,
) => void;

/** A filter on an id column; a value that is no UUID matches nothing. */
function whereId(query: Knex.QueryBuilder, column: string, id: string) {
  query.where(column, isUuid(id) ? id : null);
}

/** A filter on the ids linked through a link table. */
function whereLinked(
  query: Knex.QueryBuilder,
  db: Db,
  link: { table: string; select: string; by: string; id: string },
) {
  query.whereIn(
    'id',
    db(link.table)
      .select(link.select)
      .where(link.by, isUuid(link.id) ? link.id : null),
  );
}

const EXTRA_FILTERS: { [K in RecordKind]: ExtraFilter<K> } = {
  change: (filter, query) => {
    if (nonEmpty(filter.types)) {
      query.whereIn('type', filter.types);
    }
    if (filter.requestedBy) {
      query.where('requested_by', filter.requestedBy);
    }
  },
  release: (filter, query, db) => {
    if (filter.changeId !== undefined) {
      whereLinked(query, db, {
        table: 'vs_release_changes',
        select: 'release_id',
        by: 'change_id',
        id: filter.changeId,
      });
    }
    if (filter.externalId !== undefined) {
      query.where('external_id', filter.externalId);
    }
    if (filter.gitTag !== undefined) {
      query.where('git_tag', filter.gitTag);
    }
  },
  deployment: (filter, query) => {
    if (nonEmpty(filter.environments)) {
      query.whereIn('environment', filter.environments);
    }
    if (filter.production !== undefined) {
      query.where('production', filter.production);
    }
    if (filter.releaseId !== undefined) {
      whereId(query, 'release_id', filter.releaseId);
    }
    if (filter.changeId !== undefined) {
      whereId(query, 'change_id', filter.changeId);
    }
    if (filter.externalId !== undefined) {
      query.where('external_id', filter.externalId);
    }
  },
  incident: (filter, query) => {
    if (nonEmpty(filter.priorities)) {
      query.whereIn('priority', filter.priorities);
    }
    if (filter.major !== undefined) {
      query.where('major', filter.major);
    }
    if (filter.problemId !== undefined) {
      whereId(query, 'problem_id', filter.problemId);
    }
    if (filter.causedByChangeId !== undefined) {
      whereId(query, 'caused_by_change_id', filter.causedByChangeId);
    }
    if (filter.externalId !== undefined) {
      query.where('external_id', filter.externalId);
    }
  },
  problem: (filter, query, db) => {
    if (filter.incidentId !== undefined) {
      whereLinked(query, db, {
        table: 'vs_problem_incidents',
        select: 'problem_id',
        by: 'incident_id',
        id: filter.incidentId,
      });
    }
  },
  serviceLevel: () => {},
};

/** Conditions every record list has. */
function whereListed(query: Knex.QueryBuilder, filter: ListFilter) {
  if (nonEmpty(filter.entityRefs)) {
    query.whereIn('entity_ref', uniqueRefs(filter.entityRefs));
  }
  if (nonEmpty(filter.states)) {
    query.whereIn('state', filter.states);
  }
  if (nonEmpty(filter.ids)) {
    query.whereIn('id', filter.ids.filter(isUuid));
  }
  if (filter.from) {
    query.where('created_at', '>=', parseTimestamp(filter.from, 'from'));
  }
  if (filter.to) {
    query.where('created_at', '<', parseTimestamp(filter.to, 'to'));
  }
  if (filter.open !== undefined) {
    query.where('is_open', filter.open);
  }
}

/** The practice records (changes, releases, deployments, incidents, problems, service levels). */
export class RecordStore extends StoreBase {
  /**
   * Creates a record and its first history entry. A second record with the
   * same (source, externalId) is a `ConflictError`.
   */
  async create<K extends RecordKind>(
    kind: K,
    input: NewRecords[K],
    options: CreateOptions,
  ): Promise<StoredRecords[K]> {
    const spec = RECORD_SPECS[kind];
    const at = writeTime(options);
    try {
      return await this.db.transaction(trx =>
        insertRecord<StoredRecords[K]>(trx, spec, input, options.actor, at),
      );
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `${spec.label} with external id ${String(
            (input as Row).externalId,
          )} exists already`,
        );
      }
      throw error;
    }
  }

  async get<K extends RecordKind>(
    kind: K,
    id: string,
  ): Promise<StoredRecords[K] | undefined> {
    return getRecord<StoredRecords[K]>(this.db, RECORD_SPECS[kind], id);
  }

  /** A page of records, newest first. */
  async list<K extends RecordKind>(
    kind: K,
    filter: RecordListFilters[K],
  ): Promise<Page<StoredRecords[K]>> {
    const spec = RECORD_SPECS[kind];
    const query = this.db(spec.table);
    whereListed(query, filter);
    EXTRA_FILTERS[kind](filter, query, this.db);
    return this.page<StoredRecords[K]>(spec, query, filter);
  }

  /**
   * Patches a record at `expectedVersion` (else a `ConflictError`), with a
   * history entry when the state changes or `history` is given.
   */
  async update<K extends RecordKind>(
    kind: K,
    options: UpdateOptions<K>,
  ): Promise<StoredRecords[K]> {
    const spec = RECORD_SPECS[kind];
    const { id, expectedVersion, history } = options;
    const at = writeTime(options);
    return this.db.transaction(async trx => {
      const row = await lockForUpdate(trx, spec, id, expectedVersion);
      const current = rowToRecord(spec, row);
      const next = applyPatch(current, options.patch as Row);
      if (history) {
        next.state = history.to;
      }
      await checkReferences(trx, spec, next, current);
      const updated = await trx(spec.table)
        .where({ id, version: expectedVersion })
        .update({
          ...recordToColumns(spec, next),
          updated_at: at,
          version: expectedVersion + 1,
        });
      if (updated !== 1) {
        throw staleVersion(spec, id, expectedVersion);
      }
      if (history || next.state !== current.state) {
        const from = history?.from !== undefined ? history.from : current.state;
        await trx('vs_record_history').insert({
          record_type: spec.type,
          record_id: id,
          at,
          actor: options.actor,
          from_state: from === null ? null : String(from),
          to_state: String(next.state),
          note: history?.note ?? null,
          changes: history?.changes?.length
            ? JSON.stringify(history.changes)
            : null,
        });
      }
      if (options.voidApprovals && spec.type === 'change') {
        await trx('vs_change_approvals').where('change_id', id).delete();
      }
      await afterWrite(trx, spec, id, current, next, at);
      await touchEntities(trx, [row.entity_ref, next.entityRef]);
      return (await getRecord<StoredRecords[K]>(trx, spec, id))!;
    });
  }

  // ------------------------------------------------------------- changes

  /**
   * Records one approver's decision and bumps the change's version. A second
   * decision by the same approver is a `ConflictError`.
   */
  async addApproval(
    changeId: string,
    options: { approval: NewApproval; expectedVersion: number },
  ): Promise<ChangeRecord> {
    const { approval, expectedVersion } = options;
    const at = approval.at
      ? parseTimestamp(approval.at, 'approval time')
      : new Date().toISOString();
    return this.db.transaction(async trx => {
      const row = await lockForUpdate(
        trx,
        CHANGE_SPEC,
        changeId,
        expectedVersion,
      );
      const existing = await trx('vs_change_approvals')
        .where({ change_id: row.id, approver: approval.approver })
        .first();
      if (existing) {
        throw new ConflictError(
          `${approval.approver} has already decided on change ${changeId}`,
        );
      }
      try {
        await trx('vs_change_approvals').insert({
          id: randomUUID(),
          change_id: row.id,
          approver: approval.approver,
          decision: approval.decision,
          comment: approval.comment ?? null,
          freeze_override: approval.freezeOverride === true,
          at,
          approver_groups: approval.approverGroups
            ? JSON.stringify(approval.approverGroups)
            : null,
        });
      } catch (error) {
        // Lost a race with a concurrent decision by the same approver.
        throw new ConflictError(
          `${approval.approver} has already decided on change ${changeId}`,
          error,
        );
      }
      await bumpVersion(trx, CHANGE_SPEC, changeId, expectedVersion, at);
      await touchEntities(trx, [row.entity_ref]);
      return (await getRecord<ChangeRecord>(trx, CHANGE_SPEC, changeId))!;
    });
  }

  /** Changes in state `authorize` that the approver may still decide on, newest first. */
  async listChangesAwaitingApproval(
    filter: AwaitingApprovalFilter,
  ): Promise<Page<ChangeRecord>> {
    const db = this.db;
    const query = db(CHANGE_SPEC.table).where('state', 'authorize');
    if (filter.excludeRequestedBy) {
      query.whereNot('requested_by', filter.excludeRequestedBy);
    }
    if (filter.approverRef) {
      query.whereNotExists(
        db('vs_change_approvals')
          .select(db.raw('1'))
          .whereRaw('?? = ??', [
            'vs_change_approvals.change_id',
            'vs_changes.id',
          ])
          .where('vs_change_approvals.approver', filter.approverRef),
      );
    }
    if (nonEmpty(filter.entityRefs)) {
      query.whereIn('entity_ref', uniqueRefs(filter.entityRefs));
    }
    return this.page<ChangeRecord>(CHANGE_SPEC, query, filter);
  }

  /** The incident with this (source, externalId), in any state. */
  async getIncidentByExternalId(
    source: string,
    externalId: string,
  ): Promise<IncidentRecord | undefined> {
    return incidentByExternalId(this.db, source, externalId);
  }

  /**
   * The newest change of the entity in state scheduled or implement whose
   * planned window, where it has bounds, contains `at`.
   */
  async findAuthorizedChange(
    entityRef: string,
    at: string,
  ): Promise<ChangeRecord | undefined> {
    const time = parseTimestamp(at, 'at');
    const row = await this.db('vs_changes')
      .where('entity_ref', normalizeRef(entityRef))
      .whereIn('state', ['scheduled', 'implement'])
      .where(q =>
        q.whereNull('planned_start').orWhere('planned_start', '<=', time),
      )
      .where(q => q.whereNull('planned_end').orWhere('planned_end', '>=', time))
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first('id');
    return row ? this.get('change', String(row.id)) : undefined;
  }

  /**
   * The changes of an entity that may have authorized work in a window, the
   * candidates of `judgeDeploymentAuthorization`: in an authorized state
   * (scheduled, implement, review, closed, failed) with a planned window
   * that overlaps it, or implemented around it (in implement since before
   * its end, or created before its end and last written after its start,
   * which every move out of implement is). Newest first, at most 50, with
   * their history (the implementation is read from it).
   */
  async changesNear(
    entityRef: string,
    window: { from: string; to: string },
  ): Promise<ChangeRecord[]> {
    const from = parseTimestamp(window.from, 'from');
    const to = parseTimestamp(window.to, 'to');
    const rows = (await this.db('vs_changes')
      .where('entity_ref', normalizeRef(entityRef))
      .whereIn('state', [...AUTHORIZED_CHANGE_STATES])
      .where(q =>
        q
          .where(planned =>
            planned
              .where('planned_start', '<=', to)
              .where(end =>
                end
                  .where('planned_end', '>=', from)
                  .orWhere(start =>
                    start
                      .whereNull('planned_end')
                      .where('planned_start', '>=', from),
                  ),
              ),
          )
          .orWhere(implementing =>
            implementing
              .where('state', 'implement')
              .where('created_at', '<=', to),
          )
          .orWhere(implemented =>
            implemented
              .whereIn('state', ['review', 'closed', 'failed'])
              .where('created_at', '<=', to)
              .where('updated_at', '>=', from),
          ),
      )
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(50)) as Row[];
    return hydrate<ChangeRecord>(this.db, CHANGE_SPEC, rows);
  }

  /**
   * How many unauthorized production deployments each entity has whose time
   * (startedAt, else finishedAt, else createdAt) is at or after `since`;
   * entities without any are absent. One query per chunk of refs.
   */
  async countUnauthorizedDeployments(
    refs: readonly string[],
    since: string,
  ): Promise<Map<string, number>> {
    const time = parseTimestamp(since, 'since');
    const rows: Row[] = await perChunk(uniqueRefs([...refs]), chunk =>
      this.db('vs_deployments')
        .select('entity_ref')
        .count({ n: '*' })
        .whereIn('entity_ref', chunk)
        .where('unauthorized', true)
        .where(
          this.db.raw('coalesce(started_at, finished_at, created_at)'),
          '>=',
          time,
        )
        .groupBy('entity_ref'),
    );
    return new Map(rows.map(row => [String(row.entity_ref), toNumber(row.n)]));
  }

  /** Open changes whose planned windows overlap a window: see {@link openChangesOverlapping}. */
  async openChangesOverlapping(
    window: OverlapWindow,
  ): Promise<ConflictCandidate[]> {
    return openChangesOverlapping(this.db, window);
  }

  // --------------------------------------------------------------- links

  /**
   * Adds changes to a release (idempotent). A missing release is a
   * `NotFoundError`, unknown change ids an `InputError`.
   */
  async linkReleaseChanges(releaseId: string, changeIds: string[]) {
    await this.db.transaction(async trx => {
      await requireRecord(trx, RELEASE_SPEC, releaseId);
      await linkReleaseChanges(trx, releaseId, changeIds, false);
      await touchEntitiesOf(trx, RELEASE_SPEC, [releaseId]);
    });
  }

  async unlinkReleaseChanges(releaseId: string, changeIds: string[]) {
    await this.db.transaction(async trx => {
      await requireRecord(trx, RELEASE_SPEC, releaseId);
      const ids = changeIds.filter(isUuid);
      for (const chunk of chunks(ids)) {
        await trx('vs_release_changes')
          .where('release_id', releaseId)
          .whereIn('change_id', chunk)
          .delete();
      }
      await touchEntitiesOf(trx, RELEASE_SPEC, [releaseId]);
    });
  }

  /**
   * Links incidents to a problem (idempotent) and sets their `problemId`
   * (bumping their version). A missing problem is a `NotFoundError`, unknown
   * incident ids an `InputError`.
   */
  async linkProblemIncidents(problemId: string, incidentIds: string[]) {
    const at = new Date().toISOString();
    await this.db.transaction(async trx => {
      await requireRecord(trx, PROBLEM_SPEC, problemId);
      await linkProblemIncidents(trx, problemId, incidentIds, at, false);
    });
  }

  async unlinkProblemIncidents(problemId: string, incidentIds: string[]) {
    const at = new Date().toISOString();
    await this.db.transaction(async trx => {
      await requireRecord(trx, PROBLEM_SPEC, problemId);
      await unlinkProblemIncidents(
        trx,
        problemId,
        incidentIds.filter(isUuid),
        at,
      );
    });
  }

  private page<T>(
    spec: RecordSpec,
    query: Knex.QueryBuilder,
    filter: Pick<ListFilter, 'limit' | 'cursor' | 'withoutHistory'>,
  ): Promise<Page<T>> {
    return pageRecords<T>(this.db, spec, query, filter);
  }
}

/** A page of records of a query: the rows and what lives in other tables. */
async function pageRecords<T>(
  db: Db,
  spec: RecordSpec,
  query: Knex.QueryBuilder,
  filter: Pick<ListFilter, 'limit' | 'cursor' | 'withoutHistory'>,
): Promise<Page<T>> {
  const size = checkLimit(filter.limit);
  const rows = await keyset(query, size, filter.cursor);
  const items = await hydrate<T>(db, spec, rows.slice(0, size), {
    withoutHistory: filter.withoutHistory,
  });
  return pageOf(rows, size, items);
}

/** The incident with this (source, externalId), in any state. */
export async function incidentByExternalId(
  db: Db,
  source: string,
  externalId: string,
): Promise<IncidentRecord | undefined> {
  const row = await db('vs_incidents')
    .where({ source, external_id: externalId })
    .first('id');
  return row
    ? getRecord<IncidentRecord>(db, RECORD_SPECS.incident, String(row.id))
    : undefined;
}
