import { randomUUID } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type {
  Approval,
  BoardItem,
  ChangeRecord,
  DeploymentRecord,
  EventRecord,
  HistoryEntry,
  IncidentRecord,
  Page,
  ProblemRecord,
  ReleaseRecord,
  ServiceLevelRecord,
  Stage,
  StageTransition,
} from '@valuestream/plugin-value-stream-common';
import { Knex } from 'knex';
import { decodeCursor, encodeCursor } from './cursor';
import { foldEventRows } from './eventRows';
import {
  bumpSummaryGenerations,
  recountOpenRecords,
  touchEntities,
} from './touchEntities';
import { normalizeRef } from '../lib/refs';
import {
  applyPatch,
  CHANGE_SPEC,
  chunks,
  DEPLOYMENT_SPEC,
  INCIDENT_SPEC,
  isUuid,
  parseTimestamp,
  PROBLEM_SPEC,
  RecordSpec,
  recordToColumns,
  RELEASE_SPEC,
  Row,
  rowToRecord,
  SERVICE_LEVEL_SPEC,
  toIso,
  toNumber,
} from './records';
import {
  AwaitingApprovalFilter,
  BoardFilter,
  BoardKey,
  BoardRow,
  ChangeListFilter,
  ChangePatch,
  CreateIncidentForEventResult,
  DeploymentListFilter,
  DeploymentPatch,
  EntityFacts,
  EntityStage,
  EntityStageFilter,
  EventListFilter,
  HistoryInput,
  IncidentBreach,
  IncidentListFilter,
  IngestedEventResult,
  IncidentPatch,
  ListFilter,
  NewApproval,
  NewChange,
  NewDeployment,
  NewEvent,
  NewIncident,
  NewProblem,
  NewRelease,
  NewServiceLevel,
  ProblemListFilter,
  ProblemPatch,
  ProductionVersion,
  RecordStageResult,
  ReleaseListFilter,
  ReleasePatch,
  ServiceLevelListFilter,
  ServiceLevelPatch,
  StageEvidence,
  StageExtras,
  StoredSummary,
  UpsertEventResult,
  ValueStreamStore,
  WriteOptions,
} from './ValueStreamStore';

const MIGRATIONS_DIR = resolvePackagePath(
  '@valuestream/plugin-value-stream-backend',
  'migrations',
);

const MAX_LIMIT = 500;

/** Change states that mean the change was authorized at some point. */
/** The length of entity ref columns in the migrations. */
const REF_LENGTH = 320;

const AUTHORIZED_CHANGE_STATES = [
  'scheduled',
  'implement',
  'review',
  'closed',
  'failed',
];

type Db = Knex | Knex.Transaction;

/** Adds query conditions specific to one record type. */
type ExtraFilter = (query: Knex.QueryBuilder, db: Db) => void;

function nonEmpty<T>(values: readonly T[] | undefined): values is readonly T[] {
  return Array.isArray(values) && values.length > 0;
}

function uniqueRefs(refs: readonly string[]): string[] {
  return [...new Set(refs.map(normalizeRef))];
}

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new InputError(
      `Invalid limit: must be an integer from 1 to ${MAX_LIMIT}`,
    );
  }
  return limit;
}

// The counts and the serialized item are kept on the stage row by the
// writes, so the board is a read of one table.
const BOARD_ROW = [
  'entity_ref',
  'stage',
  'title',
  'board_item',
  'open_incidents',
  'breached_incidents',
  'open_changes',
  'open_problems',
];

function boardKeyOf(row: Row): BoardKey {
  return {
    entityRef: String(row.entity_ref),
    stage: String(row.stage) as Stage,
    ...(row.title ? { title: String(row.title) } : {}),
  };
}

function boardRowOf(row: Row): BoardRow {
  return {
    ...boardKeyOf(row),
    ...(row.board_item ? { item: String(row.board_item) } : {}),
    openIncidents: toNumber(row.open_incidents),
    breachedIncidents: toNumber(row.breached_incidents),
    openChanges: toNumber(row.open_changes),
    openProblems: toNumber(row.open_problems),
  };
}

/** Like `Promise.all` over chunks, but one query at a time to spare the pool. */
async function perChunk<T, R>(
  items: readonly T[],
  run: (chunk: T[]) => Promise<R[]>,
): Promise<R[]> {
  const result: R[] = [];
  for (const chunk of chunks(items)) {
    result.push(...(await run(chunk)));
  }
  return result;
}

/**
 * The knex implementation of {@link ValueStreamStore}, for SQLite and
 * PostgreSQL.
 */
export class DatabaseValueStreamStore implements ValueStreamStore {
  readonly #db: Knex;

  /** Connects and, unless the database service says to skip them, migrates. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseValueStreamStore> {
    const { database } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: MIGRATIONS_DIR });
    }
    return new DatabaseValueStreamStore(client);
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  // ------------------------------------------------------------- changes

  async createChange(
    input: NewChange,
    actor: string,
    options?: WriteOptions,
  ): Promise<ChangeRecord> {
    return this.#create<ChangeRecord>(CHANGE_SPEC, input, actor, options);
  }

  async getChange(id: string): Promise<ChangeRecord | undefined> {
    return this.#get<ChangeRecord>(this.#db, CHANGE_SPEC, id);
  }

  async listChanges(filter: ChangeListFilter): Promise<Page<ChangeRecord>> {
    return this.#list<ChangeRecord>(CHANGE_SPEC, filter, query => {
      if (nonEmpty(filter.types)) {
        query.whereIn('type', filter.types);
      }
      if (filter.requestedBy) {
        query.where('requested_by', filter.requestedBy);
      }
    });
  }

  async updateChange(
    id: string,
    expectedVersion: number,
    patch: ChangePatch,
    actor: string,
    historyEntry?: HistoryInput,
    options?: WriteOptions,
  ): Promise<ChangeRecord> {
    return this.#update<ChangeRecord>(
      CHANGE_SPEC,
      id,
      expectedVersion,
      patch,
      actor,
      historyEntry,
      options,
    );
  }

  async addApproval(
    changeId: string,
    approval: NewApproval,
    expectedVersion: number,
  ): Promise<ChangeRecord> {
    const at = approval.at
      ? parseTimestamp(approval.at, 'approval time')
      : new Date().toISOString();
    return this.#db.transaction(async trx => {
      const row = await this.#lockForUpdate(
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
          at,
        });
      } catch (error) {
        // Lost a race with a concurrent decision by the same approver.
        throw new ConflictError(
          `${approval.approver} has already decided on change ${changeId}`,
          error,
        );
      }
      await this.#bumpVersion(trx, CHANGE_SPEC, changeId, expectedVersion, at);
      await touchEntities(trx, [row.entity_ref]);
      return (await this.#get<ChangeRecord>(trx, CHANGE_SPEC, changeId))!;
    });
  }

  async listChangesAwaitingApproval(
    filter: AwaitingApprovalFilter,
  ): Promise<Page<ChangeRecord>> {
    const db = this.#db;
    const query = db(CHANGE_SPEC.table).where('state', 'authorize');
    if (filter.excludeRequestedBy) {
      query.whereNot('requested_by', filter.excludeRequestedBy);
    }
    if (filter.approverRef) {
      const approver = filter.approverRef;
      query.whereNotExists(
        db('vs_change_approvals')
          .select(db.raw('1'))
          .whereRaw('?? = ??', [
            'vs_change_approvals.change_id',
            'vs_changes.id',
          ])
          .where('vs_change_approvals.approver', approver),
      );
    }
    if (nonEmpty(filter.entityRefs)) {
      query.whereIn('entity_ref', uniqueRefs(filter.entityRefs));
    }
    return this.#page<ChangeRecord>(
      db,
      CHANGE_SPEC,
      query,
      filter.limit,
      filter.cursor,
    );
  }

  // ------------------------------------------------------------ releases

  async createRelease(
    input: NewRelease,
    actor: string,
    options?: WriteOptions,
  ): Promise<ReleaseRecord> {
    return this.#create<ReleaseRecord>(RELEASE_SPEC, input, actor, options);
  }

  async getRelease(id: string): Promise<ReleaseRecord | undefined> {
    return this.#get<ReleaseRecord>(this.#db, RELEASE_SPEC, id);
  }

  async listReleases(filter: ReleaseListFilter): Promise<Page<ReleaseRecord>> {
    return this.#list<ReleaseRecord>(RELEASE_SPEC, filter, (query, db) => {
      if (filter.changeId !== undefined) {
        query.whereIn(
          'id',
          db('vs_release_changes')
            .select('release_id')
            .where(
              'change_id',
              isUuid(filter.changeId) ? filter.changeId : null,
            ),
        );
      }
      if (filter.externalId !== undefined) {
        query.where('external_id', filter.externalId);
      }
      if (filter.gitTag !== undefined) {
        query.where('git_tag', filter.gitTag);
      }
    });
  }

  async updateRelease(
    id: string,
    expectedVersion: number,
    patch: ReleasePatch,
    actor: string,
    historyEntry?: HistoryInput,
    options?: WriteOptions,
  ): Promise<ReleaseRecord> {
    return this.#update<ReleaseRecord>(
      RELEASE_SPEC,
      id,
      expectedVersion,
      patch,
      actor,
      historyEntry,
      options,
    );
  }

  async linkReleaseChanges(releaseId: string, changeIds: string[]) {
    await this.#db.transaction(async trx => {
      await this.#requireRecord(trx, RELEASE_SPEC, releaseId);
      await this.#linkReleaseChanges(trx, releaseId, changeIds, false);
      await this.#touchEntitiesOf(trx, RELEASE_SPEC, [releaseId]);
    });
  }

  async unlinkReleaseChanges(releaseId: string, changeIds: string[]) {
    await this.#db.transaction(async trx => {
      await this.#requireRecord(trx, RELEASE_SPEC, releaseId);
      const ids = changeIds.filter(isUuid);
      for (const chunk of chunks(ids)) {
        await trx('vs_release_changes')
          .where('release_id', releaseId)
          .whereIn('change_id', chunk)
          .delete();
      }
      await this.#touchEntitiesOf(trx, RELEASE_SPEC, [releaseId]);
    });
  }

  // --------------------------------------------------------- deployments

  async createDeployment(
    input: NewDeployment,
    actor: string,
    options?: WriteOptions,
  ): Promise<DeploymentRecord> {
    return this.#create<DeploymentRecord>(
      DEPLOYMENT_SPEC,
      input,
      actor,
      options,
    );
  }

  async getDeployment(id: string): Promise<DeploymentRecord | undefined> {
    return this.#get<DeploymentRecord>(this.#db, DEPLOYMENT_SPEC, id);
  }

  async listDeployments(
    filter: DeploymentListFilter,
  ): Promise<Page<DeploymentRecord>> {
    return this.#list<DeploymentRecord>(DEPLOYMENT_SPEC, filter, query => {
      if (nonEmpty(filter.environments)) {
        query.whereIn('environment', filter.environments);
      }
      if (filter.production !== undefined) {
        query.where('production', filter.production);
      }
      if (filter.releaseId !== undefined) {
        query.where(
          'release_id',
          isUuid(filter.releaseId) ? filter.releaseId : null,
        );
      }
      if (filter.changeId !== undefined) {
        query.where(
          'change_id',
          isUuid(filter.changeId) ? filter.changeId : null,
        );
      }
      if (filter.externalId !== undefined) {
        query.where('external_id', filter.externalId);
      }
    });
  }

  async updateDeployment(
    id: string,
    expectedVersion: number,
    patch: DeploymentPatch,
    actor: string,
    historyEntry?: HistoryInput,
    options?: WriteOptions,
  ): Promise<DeploymentRecord> {
    return this.#update<DeploymentRecord>(
      DEPLOYMENT_SPEC,
      id,
      expectedVersion,
      patch,
      actor,
      historyEntry,
      options,
    );
  }

  // ----------------------------------------------------------- incidents

  async createIncident(
    input: NewIncident,
    actor: string,
    options?: WriteOptions,
  ): Promise<IncidentRecord> {
    return this.#create<IncidentRecord>(INCIDENT_SPEC, input, actor, options);
  }

  async getIncident(id: string): Promise<IncidentRecord | undefined> {
    return this.#get<IncidentRecord>(this.#db, INCIDENT_SPEC, id);
  }

  async listIncidents(
    filter: IncidentListFilter,
  ): Promise<Page<IncidentRecord>> {
    return this.#list<IncidentRecord>(INCIDENT_SPEC, filter, query => {
      if (nonEmpty(filter.priorities)) {
        query.whereIn('priority', filter.priorities);
      }
      if (filter.major !== undefined) {
        query.where('major', filter.major);
      }
      if (filter.problemId !== undefined) {
        query.where(
          'problem_id',
          isUuid(filter.problemId) ? filter.problemId : null,
        );
      }
      if (filter.causedByChangeId !== undefined) {
        query.where(
          'caused_by_change_id',
          isUuid(filter.causedByChangeId) ? filter.causedByChangeId : null,
        );
      }
      if (filter.externalId !== undefined) {
        query.where('external_id', filter.externalId);
      }
    });
  }

  async updateIncident(
    id: string,
    expectedVersion: number,
    patch: IncidentPatch,
    actor: string,
    historyEntry?: HistoryInput,
    options?: WriteOptions,
  ): Promise<IncidentRecord> {
    return this.#update<IncidentRecord>(
      INCIDENT_SPEC,
      id,
      expectedVersion,
      patch,
      actor,
      historyEntry,
      options,
    );
  }

  // ------------------------------------------------------------ problems

  async createProblem(
    input: NewProblem,
    actor: string,
    options?: WriteOptions,
  ): Promise<ProblemRecord> {
    return this.#create<ProblemRecord>(PROBLEM_SPEC, input, actor, options);
  }

  async getProblem(id: string): Promise<ProblemRecord | undefined> {
    return this.#get<ProblemRecord>(this.#db, PROBLEM_SPEC, id);
  }

  async listProblems(filter: ProblemListFilter): Promise<Page<ProblemRecord>> {
    return this.#list<ProblemRecord>(PROBLEM_SPEC, filter, (query, db) => {
      if (filter.incidentId !== undefined) {
        query.whereIn(
          'id',
          db('vs_problem_incidents')
            .select('problem_id')
            .where(
              'incident_id',
              isUuid(filter.incidentId) ? filter.incidentId : null,
            ),
        );
      }
    });
  }

  async updateProblem(
    id: string,
    expectedVersion: number,
    patch: ProblemPatch,
    actor: string,
    historyEntry?: HistoryInput,
    options?: WriteOptions,
  ): Promise<ProblemRecord> {
    return this.#update<ProblemRecord>(
      PROBLEM_SPEC,
      id,
      expectedVersion,
      patch,
      actor,
      historyEntry,
      options,
    );
  }

  async linkProblemIncidents(problemId: string, incidentIds: string[]) {
    const at = new Date().toISOString();
    await this.#db.transaction(async trx => {
      await this.#requireRecord(trx, PROBLEM_SPEC, problemId);
      await this.#linkProblemIncidents(trx, problemId, incidentIds, at, false);
    });
  }

  async unlinkProblemIncidents(problemId: string, incidentIds: string[]) {
    const at = new Date().toISOString();
    await this.#db.transaction(async trx => {
      await this.#requireRecord(trx, PROBLEM_SPEC, problemId);
      await this.#unlinkProblemIncidents(
        trx,
        problemId,
        incidentIds.filter(isUuid),
        at,
      );
    });
  }

  // ------------------------------------------------------ service levels

  async createServiceLevel(
    input: NewServiceLevel,
    actor: string,
    options?: WriteOptions,
  ): Promise<ServiceLevelRecord> {
    return this.#create<ServiceLevelRecord>(
      SERVICE_LEVEL_SPEC,
      input,
      actor,
      options,
    );
  }

  async getServiceLevel(id: string): Promise<ServiceLevelRecord | undefined> {
    return this.#get<ServiceLevelRecord>(this.#db, SERVICE_LEVEL_SPEC, id);
  }

  async listServiceLevels(
    filter: ServiceLevelListFilter,
  ): Promise<Page<ServiceLevelRecord>> {
    return this.#list<ServiceLevelRecord>(SERVICE_LEVEL_SPEC, filter, () => {});
  }

  async updateServiceLevel(
    id: string,
    expectedVersion: number,
    patch: ServiceLevelPatch,
    actor: string,
    historyEntry?: HistoryInput,
    options?: WriteOptions,
  ): Promise<ServiceLevelRecord> {
    return this.#update<ServiceLevelRecord>(
      SERVICE_LEVEL_SPEC,
      id,
      expectedVersion,
      patch,
      actor,
      historyEntry,
      options,
    );
  }

  // -------------------------------------------------------------- events

  async upsertEvent(input: NewEvent): Promise<UpsertEventResult> {
    const [result] = await this.upsertEvents([input]);
    return result;
  }

  async upsertEvents(
    inputs: readonly NewEvent[],
  ): Promise<UpsertEventResult[]> {
    const batch = foldEvents(inputs.map(event => ({ event })));
    if (batch.unique.length === 0) {
      return [];
    }
    // One statement per 500 rows (13 parameters each), in one transaction.
    const stored =
      batch.unique.length <= 500
        ? await upsertEventRows(this.#db, batch.unique)
        : await this.#db.transaction(trx => upsertEventRows(trx, batch.unique));
    return eventResults(batch, stored, new Map());
  }

  async upsertEventsOpeningIncidents(
    items: ReadonlyArray<{ event: NewEvent; incident?: NewIncident }>,
    actor: string,
    options?: WriteOptions,
  ): Promise<IngestedEventResult[]> {
    const batch = foldEvents(items);
    if (batch.unique.length === 0) {
      return [];
    }
    const at = this.#now(options);
    try {
      return await this.#db.transaction(async trx => {
        const stored = await upsertEventRows(trx, batch.unique);
        const opened = await this.#openFirstIncidents(
          trx,
          batch,
          stored,
          actor,
          at,
        );
        return eventResults(batch, stored, opened);
      });
    } catch (error) {
      // A concurrent delivery opened one of the incidents first; nothing of
      // this transaction was kept. Store the events alone: the caller
      // correlates them to that incident.
      if (!isUniqueViolation(error)) {
        throw error;
      }
      return this.upsertEvents(items.map(i => i.event));
    }
  }

  /**
   * Opens the incidents given with events that are the only event of their
   * (source, fingerprint) and linked to none; multi-row writes. Returns the
   * new incident id by event key.
   */
  async #openFirstIncidents(
    trx: Knex.Transaction,
    batch: FoldedEvents,
    stored: Row[],
    actor: string,
    at: string,
  ): Promise<Map<string, string>> {
    const candidates = stored.filter(
      row => !row.incident_id && batch.incidents.has(eventKey(row)),
    );
    const opened = new Map<string, string>();
    if (candidates.length === 0) {
      return opened;
    }
    const counts = new Map<string, number>();
    for (const source of new Set(candidates.map(row => String(row.source)))) {
      const fingerprints = [
        ...new Set(
          candidates
            .filter(row => row.source === source)
            .map(row => String(row.fingerprint)),
        ),
      ];
      const rows = await perChunk(fingerprints, chunk =>
        trx('vs_events')
          .where('source', source)
          .whereIn('fingerprint', chunk)
          .groupBy('fingerprint')
          .select('fingerprint', trx.raw('count(*) as n')),
      );
      for (const row of rows) {
        counts.set(`${source}\u0000${row.fingerprint}`, toNumber(row.n));
      }
    }
    const first = candidates.filter(
      row => counts.get(`${row.source}\u0000${row.fingerprint}`) === 1,
    );
    if (first.length === 0) {
      return opened;
    }
    const incidents: Row[] = [];
    for (const row of first) {
      const record: Row = {
        ...(batch.incidents.get(eventKey(row)) as unknown as Row),
      };
      await this.#checkReferences(trx, INCIDENT_SPEC, record, undefined);
      const id = randomUUID();
      incidents.push({
        ...recordToColumns(INCIDENT_SPEC, record),
        id,
        created_at: at,
        updated_at: at,
        created_by: actor,
        version: 1,
      });
      await this.#afterWrite(trx, INCIDENT_SPEC, id, undefined, record, at);
      opened.set(eventKey(row), id);
    }
    for (const [i, chunk] of chunks(incidents, 100).entries()) {
      await trx(INCIDENT_SPEC.table).insert(chunk);
      await trx('vs_record_history').insert(
        chunk.map(row => ({
          record_type: INCIDENT_SPEC.type,
          record_id: row.id,
          at,
          actor,
          from_state: null,
          to_state: String(row.state),
          note: null,
        })),
      );
      const events = first.slice(i * 100, (i + 1) * 100);
      // One statement links them all; PostgreSQL wants the uuid type named.
      const value = trx.client.config.client === 'pg' ? 'cast(? as uuid)' : '?';
      await trx('vs_events')
        .whereIn(
          'id',
          events.map(row => String(row.id)),
        )
        .update({
          incident_id: trx.raw(
            `case id ${events.map(() => `when ? then ${value}`).join(' ')} end`,
            events.flatMap(row => [String(row.id), opened.get(eventKey(row))!]),
          ),
        });
    }
    await touchEntities(
      trx,
      incidents.map(row => row.entity_ref),
    );
    return opened;
  }

  async getEvent(id: string): Promise<EventRecord | undefined> {
    if (!isUuid(id)) {
      return undefined;
    }
    const row = await this.#db('vs_events').where('id', id).first();
    return row ? eventFromRow(row) : undefined;
  }

  async listEvents(filter: EventListFilter): Promise<Page<EventRecord>> {
    const limit = checkLimit(filter.limit);
    const query = this.#db('vs_events');
    if (filter.entityRef) {
      query.where('entity_ref', normalizeRef(filter.entityRef));
    }
    if (filter.unmatched) {
      query.whereNull('entity_ref');
    }
    if (filter.source) {
      query.where('source', filter.source);
    }
    if (filter.status) {
      query.where('status', filter.status);
    }
    const rows = await this.#keyset(query, limit, filter.cursor);
    return pageOf(rows, limit, rows.map(eventFromRow));
  }

  async setEventIncident(eventId: string, incidentId: string) {
    await this.#db.transaction(async trx => {
      if (
        !isUuid(eventId) ||
        !(await trx('vs_events').where('id', eventId).first())
      ) {
        throw new NotFoundError(`Event ${eventId} not found`);
      }
      await this.#checkExists(trx, 'vs_incidents', 'Incident', [incidentId]);
      await trx('vs_events')
        .where('id', eventId)
        .update({ incident_id: incidentId });
    });
  }

  async listEventsByFingerprint(
    source: string,
    fingerprint: string,
    since: string,
  ): Promise<EventRecord[]> {
    const rows = await this.#db('vs_events')
      .where({ source, fingerprint })
      .where('received_at', '>=', parseTimestamp(since, 'since'))
      .orderBy('received_at', 'desc')
      .limit(MAX_LIMIT);
    return rows.map(eventFromRow);
  }

  async mapEvent(eventId: string, entityRef: string): Promise<EventRecord> {
    if (!isUuid(eventId)) {
      throw new NotFoundError(`Event ${eventId} not found`);
    }
    const updated = await this.#db('vs_events')
      .where('id', eventId)
      .whereNull('entity_ref')
      .update({ entity_ref: normalizeRef(entityRef) });
    const event = await this.getEvent(eventId);
    if (!event) {
      throw new NotFoundError(`Event ${eventId} not found`);
    }
    if (updated !== 1) {
      throw new ConflictError(
        `Event ${eventId} is already matched to ${event.entityRef}`,
      );
    }
    return event;
  }

  // ---------------------------------------------------------------- meta

  async claimMetaKey(key: string, options?: WriteOptions): Promise<boolean> {
    const inserted = await this.#db('vs_meta')
      .insert({ key, value: null, created_at: this.#now(options) })
      .onConflict('key')
      .ignore()
      .returning('key');
    return inserted.length === 1;
  }

  // ----------------------------------------------------------- ingestion

  async getIncidentByExternalId(
    source: string,
    externalId: string,
  ): Promise<IncidentRecord | undefined> {
    const row = await this.#db('vs_incidents')
      .where({ source, external_id: externalId })
      .first('id');
    return row ? this.getIncident(String(row.id)) : undefined;
  }

  async findOpenIncidentForFingerprint(
    source: string,
    fingerprint: string,
  ): Promise<IncidentRecord | undefined> {
    const row = await this.#db('vs_incidents as i')
      .whereIn(
        'i.id',
        this.#db('vs_events')
          .select('incident_id')
          .where({ source, fingerprint })
          .whereNotNull('incident_id'),
      )
      .where('i.is_open', true)
      .orderBy([
        { column: 'i.created_at', order: 'desc' },
        { column: 'i.id', order: 'desc' },
      ])
      .first('i.id');
    return row ? this.getIncident(String(row.id)) : undefined;
  }

  async createIncidentForEvent(
    input: NewIncident,
    eventId: string,
    actor: string,
    options?: WriteOptions,
  ): Promise<CreateIncidentForEventResult> {
    if (!isUuid(eventId)) {
      throw new NotFoundError(`Event ${eventId} not found`);
    }
    const at = this.#now(options);
    try {
      const incident = await this.#db.transaction(async trx => {
        const created = await this.#createIn<IncidentRecord>(
          trx,
          INCIDENT_SPEC,
          input,
          actor,
          at,
        );
        const linked = await trx('vs_events')
          .where('id', eventId)
          .update({ incident_id: created.id });
        if (linked !== 1) {
          throw new NotFoundError(`Event ${eventId} not found`);
        }
        return created;
      });
      return { incident, created: true };
    } catch (error) {
      // A concurrent delivery created it first: the unique index on
      // (source, external_id) refused this one and rolled it back.
      if (!isUniqueViolation(error) || !input.source || !input.externalId) {
        throw error;
      }
      const existing = await this.getIncidentByExternalId(
        input.source,
        input.externalId,
      );
      if (!existing) {
        throw error;
      }
      await this.setEventIncident(eventId, existing.id);
      return { incident: existing, created: false };
    }
  }

  async findAuthorizedChange(
    entityRef: string,
    at: string,
  ): Promise<ChangeRecord | undefined> {
    const time = parseTimestamp(at, 'at');
    const row = await this.#db('vs_changes')
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
    return row ? this.getChange(String(row.id)) : undefined;
  }

  // --------------------------------------------------------------- stage

  async getEntityStages(refs: string[]): Promise<Map<string, EntityStage>> {
    const rows = await perChunk(uniqueRefs(refs), chunk =>
      this.#db('vs_entity_stage').whereIn('entity_ref', chunk),
    );
    return new Map(
      rows.map(row => [String(row.entity_ref), stageFromRow(row)]),
    );
  }

  async listEntityStages(filter?: EntityStageFilter): Promise<EntityStage[]> {
    const run = (refs?: string[]) => {
      const query = this.#db('vs_entity_stage').orderBy('entity_ref');
      if (filter?.stage) {
        query.where('stage', filter.stage);
      }
      if (refs) {
        query.whereIn('entity_ref', refs);
      }
      return query;
    };
    const rows: Row[] = filter?.refs
      ? await perChunk(uniqueRefs(filter.refs), chunk => run(chunk))
      : await run();
    return rows.map(stageFromRow);
  }

  async recordStage(
    entityRef: string,
    stage: Stage,
    at: string,
    extras: StageExtras,
  ): Promise<RecordStageResult> {
    const ref = normalizeRef(entityRef);
    const time = parseTimestamp(at, 'stage time');
    const gaps = Math.max(0, Math.round(extras.gaps));
    const facts = {
      ...(extras.facts ? factsColumns(extras.facts) : {}),
      ...(extras.productionVersion !== undefined
        ? { production_version: extras.productionVersion }
        : {}),
      ...(extras.checklistKey !== undefined
        ? { checklist_key: extras.checklistKey }
        : {}),
    };
    return this.#db.transaction(async trx => {
      // A stage or checklist that changed without a record write (the
      // catalog changed) makes the stored summary stale. The summary row is
      // locked before the stage row, in the order writers take them.
      if (extras.checklistKey !== undefined) {
        const stored = await trx('vs_entity_stage')
          .where('entity_ref', ref)
          .first('checklist_key');
        if (stored?.checklist_key !== extras.checklistKey) {
          await bumpSummaryGenerations(trx, [ref]);
        }
      }
      const result = await this.#compareAndSetStage(
        trx,
        ref,
        stage,
        time,
        gaps,
        facts,
      );
      // The write above holds the stage row, so these counts include every
      // writer that committed before it; the board item reads the row as
      // written.
      const row = (await trx('vs_entity_stage')
        .where('entity_ref', ref)
        .first()) as Row;
      await recountOpenRecords(trx, [ref], {
        board_item: boardItemJson(row) ?? null,
      });
      return result;
    });
  }

  /**
   * Compare-and-set on the stored stage: a concurrent writer makes the
   * conditional write miss, and the loop re-reads what it wrote.
   */
  async #compareAndSetStage(
    trx: Knex.Transaction,
    ref: string,
    stage: Stage,
    time: string,
    gaps: number,
    facts: Row,
  ): Promise<RecordStageResult> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await trx('vs_entity_stage')
        .where('entity_ref', ref)
        .first('stage');
      if (!current) {
        const inserted = await trx('vs_entity_stage')
          .insert({
            entity_ref: ref,
            stage,
            since: time,
            computed_at: time,
            gaps,
            ...facts,
          })
          .onConflict('entity_ref')
          .ignore()
          .returning('entity_ref');
        if (inserted.length === 0) {
          continue;
        }
        await this.#appendStageHistory(trx, ref, null, stage, time);
        return { changed: true, previous: null };
      }
      const previous = String(current.stage) as Stage;
      if (previous === stage) {
        await trx('vs_entity_stage')
          .where({ entity_ref: ref, stage })
          .update({ computed_at: time, gaps, ...facts });
        return { changed: false, previous };
      }
      const updated = await trx('vs_entity_stage')
        .where({ entity_ref: ref, stage: previous })
        .update({ stage, since: time, computed_at: time, gaps, ...facts });
      if (updated === 1) {
        await this.#appendStageHistory(trx, ref, previous, stage, time);
        return { changed: true, previous };
      }
    }
    throw new ConflictError(
      `The stage of ${ref} kept changing while it was recorded`,
    );
  }

  // ---------------------------------------------------- summary read model

  async listStaleSummaries(options: {
    after?: string;
    limit: number;
  }): Promise<Array<{ entityRef: string; generation: number }>> {
    const query = this.#db('vs_entity_stage as s')
      .leftJoin('vs_entity_summary as m', 'm.entity_ref', 's.entity_ref')
      .where(q =>
        q
          .whereNull('m.doc_generation')
          .orWhereRaw('m.doc_generation <> m.generation'),
      )
      .orderBy('s.entity_ref')
      .limit(checkLimit(options.limit))
      .select('s.entity_ref', 'm.generation');
    if (options.after) {
      query.where('s.entity_ref', '>', options.after);
    }
    const rows = (await query) as Row[];
    return rows.map(row => ({
      entityRef: String(row.entity_ref),
      generation:
        row.generation === null || row.generation === undefined
          ? 0
          : toNumber(row.generation),
    }));
  }

  async getStoredSummary(
    entityRef: string,
    options?: { knownGeneration?: number },
  ): Promise<StoredSummary> {
    const ref = normalizeRef(entityRef);
    const db = this.#db;
    const known = options?.knownGeneration ?? -1;
    // The body is not read (nor detoasted) when it is the document the
    // caller holds.
    const document = [
      'm.generation',
      'm.doc_generation',
      db.raw(
        'case when m.doc_generation = ? then null else m.body end as body',
        [known],
      ),
    ];
    // Driven by the stage row, which the hot path has: a primary key lookup
    // that plans fast. Entities the stage task has not placed have only the
    // summary row, if any.
    const row =
      ((await db('vs_entity_stage as s')
        .leftJoin('vs_entity_summary as m', 'm.entity_ref', 's.entity_ref')
        .where('s.entity_ref', ref)
        .first(
          's.entity_ref',
          's.stage',
          's.since',
          's.computed_at',
          's.gaps',
          ...document,
        )) as Row | undefined) ??
      ((await db('vs_entity_summary as m')
        .where('m.entity_ref', ref)
        .first(...document)) as Row | undefined) ??
      {};
    const generation =
      row.generation === null || row.generation === undefined
        ? 0
        : toNumber(row.generation);
    const stored: StoredSummary = { generation };
    if (row.entity_ref !== null && row.entity_ref !== undefined) {
      stored.stage = stageFromRow(row);
    }
    const fresh =
      row.doc_generation !== null &&
      row.doc_generation !== undefined &&
      toNumber(row.doc_generation) === generation;
    if (fresh && row.body !== null && row.body !== undefined) {
      stored.body = String(row.body);
    } else if (fresh && known === generation) {
      stored.known = true;
    }
    return stored;
  }

  async saveSummary(
    entityRef: string,
    generation: number,
    body: string,
  ): Promise<boolean> {
    const saved = await this.#db('vs_entity_summary')
      .insert({
        entity_ref: normalizeRef(entityRef),
        generation,
        doc_generation: generation,
        body,
        computed_at: new Date().toISOString(),
      })
      .onConflict('entity_ref')
      .merge(['doc_generation', 'body', 'computed_at'])
      .where('vs_entity_summary.generation', generation)
      .returning('entity_ref');
    return saved.length === 1;
  }

  async deleteEntityStages(refs: string[]): Promise<number> {
    let deleted = 0;
    for (const chunk of chunks(uniqueRefs(refs))) {
      deleted += await this.#db('vs_entity_stage')
        .whereIn('entity_ref', chunk)
        .delete();
      await this.#db('vs_entity_summary').whereIn('entity_ref', chunk).delete();
    }
    return deleted;
  }

  async getStageHistory(entityRef: string): Promise<StageTransition[]> {
    const rows = await this.#db('vs_stage_history')
      .where('entity_ref', normalizeRef(entityRef))
      .orderBy([
        { column: 'at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(row => ({
      entityRef: String(row.entity_ref),
      from: row.from_stage ? (String(row.from_stage) as Stage) : null,
      to: String(row.to_stage) as Stage,
      at: toIso(row.at),
    }));
  }

  // ---------------------------------------------------------- read models

  async listBoardKeys(filter: BoardFilter): Promise<BoardKey[]> {
    const query = this.#db('vs_entity_stage').select(
      'entity_ref',
      'stage',
      'title',
    );
    if (filter.ownerRef) {
      query.where('owner_ref', normalizeRef(filter.ownerRef));
    }
    if (filter.systemRef) {
      query.where('system_ref', normalizeRef(filter.systemRef));
    }
    if (filter.stage) {
      query.where('stage', filter.stage);
    }
    return ((await query) as Row[]).map(boardKeyOf);
  }

  async getBoardRows(refs: string[]): Promise<BoardRow[]> {
    return perChunk(uniqueRefs(refs), async chunk =>
      (
        (await this.#db('vs_entity_stage')
          .select(BOARD_ROW)
          .whereIn('entity_ref', chunk)) as Row[]
      ).map(boardRowOf),
    );
  }

  async latestDeploymentsByEnvironment(
    entityRef: string,
  ): Promise<DeploymentRecord[]> {
    const db = this.#db;
    const ref = normalizeRef(entityRef);
    // The entity's environments from the (entity_ref, environment,
    // created_at) index, then the newest deployment of each by a LIMIT 1 on
    // the same index.
    const newestPerEnvironment = db('vs_deployments as n')
      .select('n.id')
      .whereRaw('n.entity_ref = e.entity_ref')
      .whereRaw('n.environment = e.environment')
      .orderBy([
        { column: 'n.created_at', order: 'desc' },
        { column: 'n.id', order: 'desc' },
      ])
      .limit(1);
    const ids = db
      .select(newestPerEnvironment.as('id'))
      .from(
        db('vs_deployments')
          .distinct('entity_ref', 'environment')
          .where('entity_ref', ref)
          .as('e'),
      );
    const rows = (await db('vs_deployments')
      .whereIn('id', ids)
      .orderBy('environment')) as Row[];
    return this.#hydrate<DeploymentRecord>(db, DEPLOYMENT_SPEC, rows);
  }

  async latestProductionVersions(
    refs: string[],
  ): Promise<Map<string, ProductionVersion>> {
    const db = this.#db;
    const rows = await perChunk(uniqueRefs(refs), chunk => {
      const ranked = db('vs_deployments')
        .select(
          'entity_ref',
          'id',
          'environment',
          'deployed_version',
          'created_at',
          'finished_at',
          db.raw(
            'row_number() over (partition by entity_ref order by created_at desc, id desc) as rn',
          ),
        )
        .whereIn('entity_ref', chunk)
        .where({ production: true, state: 'success' })
        .as('ranked');
      return db.select('*').from(ranked).where('rn', 1) as Promise<Row[]>;
    });
    return new Map(
      rows.map(row => [
        String(row.entity_ref),
        {
          version: String(row.deployed_version),
          deploymentId: String(row.id),
          environment: String(row.environment),
          at: toIso(row.finished_at ?? row.created_at),
        },
      ]),
    );
  }

  async getStageEvidence(refs: string[]): Promise<Map<string, StageEvidence>> {
    const db = this.#db;
    // Per entity and kind of evidence, the newest matching record: a
    // correlated LIMIT 1 walks the (entity_ref, created_at, id) index
    // backwards and stops at the first match, where a window over all of
    // an entity's records would read them all.
    const newest = (
      table: string,
      where: (query: Knex.QueryBuilder) => void,
    ) => {
      const query = db(`${table} as r`)
        .select('r.id')
        .whereRaw('r.entity_ref = e.entity_ref')
        .orderBy([
          { column: 'r.created_at', order: 'desc' },
          { column: 'r.id', order: 'desc' },
        ])
        .limit(1);
      where(query);
      return query;
    };
    const kinds: Array<[keyof StageEvidence, Knex.QueryBuilder]> = [
      [
        'proposingChangeId',
        newest('vs_changes', q =>
          q
            .where('r.proposes_service', true)
            // A request still `new` is demand not yet taken up.
            .whereNotIn('r.state', ['new', 'rejected', 'cancelled']),
        ),
      ],
      [
        'authorizedChangeId',
        newest('vs_changes', q =>
          q.whereIn('r.state', AUTHORIZED_CHANGE_STATES),
        ),
      ],
      [
        'agreedServiceLevelId',
        newest('vs_service_levels', q => q.where('r.state', 'agreed')),
      ],
      [
        'plannedReleaseId',
        newest('vs_releases', q =>
          q.whereIn('r.state', ['planned', 'building', 'ready', 'deployed']),
        ),
      ],
      [
        'readyReleaseId',
        newest('vs_releases', q => q.whereIn('r.state', ['ready', 'deployed'])),
      ],
      [
        'productionDeploymentId',
        newest('vs_deployments', q =>
          q.where({ 'r.production': true, 'r.state': 'success' }),
        ),
      ],
    ];
    const rows: Row[] = [];
    // 200 a statement: SQLite allows at most 500 terms in a compound select.
    for (const chunk of chunks(uniqueRefs(refs), 200)) {
      // The refs as a derived table that works on SQLite and PostgreSQL.
      const entities = chunk
        .map(() => `select cast(? as varchar(${REF_LENGTH})) as entity_ref`)
        .join(' union all ');
      rows.push(
        ...((await db
          .select(
            'e.entity_ref',
            ...kinds.map(([kind, query]) => query.as(kind)),
          )
          .from(db.raw(`(${entities}) as e`, chunk))) as Row[]),
      );
    }
    const result = new Map<string, StageEvidence>();
    for (const row of rows) {
      const evidence: StageEvidence = {};
      for (const [kind] of kinds) {
        if (row[kind]) {
          evidence[kind] = String(row[kind]);
        }
      }
      if (Object.keys(evidence).length > 0) {
        result.set(String(row.entity_ref), evidence);
      }
    }
    return result;
  }

  // ---------------------------------------------------------- SLA support

  async listIncidentsDueForBreachCheck(
    now: string,
    limit: number,
  ): Promise<IncidentRecord[]> {
    const rows = (await this.#db('vs_incidents')
      .where('sla_next_due_at', '<=', parseTimestamp(now, 'now'))
      .orderBy([
        { column: 'sla_next_due_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(checkLimit(limit))) as Row[];
    return this.#hydrate<IncidentRecord>(this.#db, INCIDENT_SPEC, rows);
  }

  async markIncidentBreaches(
    breaches: IncidentBreach[],
    at: string,
  ): Promise<string[]> {
    const time = parseTimestamp(at, 'breach time');
    const wanted = breaches.filter(
      b => isUuid(b.id) && (b.responseBreached || b.resolutionBreached),
    );
    if (wanted.length === 0) {
      return [];
    }
    return this.#db.transaction(async trx => {
      const changed: string[] = [];
      const touched: unknown[] = [];
      for (const breach of wanted) {
        const row = await trx('vs_incidents').where('id', breach.id).first();
        if (!row) {
          continue;
        }
        const record = rowToRecord(INCIDENT_SPEC, row);
        const sla = { ...(record.sla as IncidentRecord['sla']) };
        const before = [sla.responseBreached, sla.resolutionBreached];
        sla.responseBreached =
          sla.responseBreached || !!breach.responseBreached;
        sla.resolutionBreached =
          sla.resolutionBreached || !!breach.resolutionBreached;
        if (
          before[0] === sla.responseBreached &&
          before[1] === sla.resolutionBreached
        ) {
          continue;
        }
        const columns = recordToColumns(INCIDENT_SPEC, { ...record, sla });
        const updated = await trx('vs_incidents')
          .where({ id: breach.id, version: row.version })
          .update({
            response_breached: columns.response_breached,
            resolution_breached: columns.resolution_breached,
            sla_next_due_at: columns.sla_next_due_at,
            updated_at: time,
            version: toNumber(row.version) + 1,
          });
        if (updated === 1) {
          changed.push(breach.id);
          touched.push(row.entity_ref);
        }
      }
      await touchEntities(trx, touched);
      return changed;
    });
  }

  // ------------------------------------------------------------ internals

  #now(options?: WriteOptions): string {
    return options?.at
      ? parseTimestamp(options.at, 'write time')
      : new Date().toISOString();
  }

  async #create<T>(
    spec: RecordSpec,
    input: object,
    actor: string,
    options: WriteOptions | undefined,
  ): Promise<T> {
    const at = this.#now(options);
    try {
      return await this.#db.transaction(trx =>
        this.#createIn<T>(trx, spec, input, actor, at),
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

  /** Inserts a record and its first history entry inside `trx`. */
  async #createIn<T>(
    trx: Knex.Transaction,
    spec: RecordSpec,
    input: object,
    actor: string,
    at: string,
  ): Promise<T> {
    const id = randomUUID();
    const record: Row = { ...(input as Row) };
    await this.#checkReferences(trx, spec, record, undefined);
    await trx(spec.table).insert({
      ...recordToColumns(spec, record),
      id,
      created_at: at,
      updated_at: at,
      created_by: actor,
      version: 1,
    });
    await trx('vs_record_history').insert({
      record_type: spec.type,
      record_id: id,
      at,
      actor,
      from_state: null,
      to_state: String(record.state),
      note: null,
    });
    await this.#afterWrite(trx, spec, id, undefined, record, at);
    await touchEntities(trx, [record.entityRef]);
    return (await this.#get<T>(trx, spec, id))!;
  }

  async #update<T>(
    spec: RecordSpec,
    id: string,
    expectedVersion: number,
    patch: object,
    actor: string,
    historyEntry: HistoryInput | undefined,
    options: WriteOptions | undefined,
  ): Promise<T> {
    const at = this.#now(options);
    return this.#db.transaction(async trx => {
      const row = await this.#lockForUpdate(trx, spec, id, expectedVersion);
      const current = rowToRecord(spec, row);
      const next = applyPatch(current, patch as Row);
      if (historyEntry) {
        next.state = historyEntry.to;
      }
      await this.#checkReferences(trx, spec, next, current);
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
      if (historyEntry || next.state !== current.state) {
        const from =
          historyEntry?.from !== undefined ? historyEntry.from : current.state;
        await trx('vs_record_history').insert({
          record_type: spec.type,
          record_id: id,
          at,
          actor,
          from_state: from === null ? null : String(from),
          to_state: String(next.state),
          note: historyEntry?.note ?? null,
        });
      }
      await this.#afterWrite(trx, spec, id, current, next, at);
      await touchEntities(trx, [row.entity_ref, next.entityRef]);
      return (await this.#get<T>(trx, spec, id))!;
    });
  }

  /**
   * Reads a record for an update and checks its version. On PostgreSQL the
   * row stays locked until the transaction ends.
   */
  async #lockForUpdate(
    trx: Knex.Transaction,
    spec: RecordSpec,
    id: string,
    expectedVersion: number,
  ): Promise<Row> {
    if (!isUuid(id)) {
      throw new NotFoundError(`${spec.label} ${id} not found`);
    }
    const query = trx(spec.table).where('id', id);
    if (trx.client.config.client === 'pg') {
      query.forUpdate();
    }
    const row = (await query.first()) as Row | undefined;
    if (!row) {
      throw new NotFoundError(`${spec.label} ${id} not found`);
    }
    if (toNumber(row.version) !== expectedVersion) {
      throw staleVersion(spec, id, expectedVersion, toNumber(row.version));
    }
    return row;
  }

  async #bumpVersion(
    trx: Knex.Transaction,
    spec: RecordSpec,
    id: string,
    expectedVersion: number,
    at: string,
  ) {
    const updated = await trx(spec.table)
      .where({ id, version: expectedVersion })
      .update({ version: expectedVersion + 1, updated_at: at });
    if (updated !== 1) {
      throw staleVersion(spec, id, expectedVersion);
    }
  }

  /** {@link touchEntities} for the entities of records given by id. */
  async #touchEntitiesOf(
    trx: Knex.Transaction,
    spec: RecordSpec,
    ids: string[],
  ) {
    const rows = await perChunk(ids.filter(isUuid), chunk =>
      trx(spec.table).whereIn('id', chunk).distinct('entity_ref'),
    );
    await touchEntities(
      trx,
      rows.map(row => row.entity_ref),
    );
  }

  async #requireRecord(trx: Knex.Transaction, spec: RecordSpec, id: string) {
    if (!isUuid(id) || !(await trx(spec.table).where('id', id).first('id'))) {
      throw new NotFoundError(`${spec.label} ${id} not found`);
    }
  }

  /** Every id must name an existing record of the table, else `InputError`. */
  async #checkExists(
    db: Db,
    table: string,
    label: string,
    ids: readonly string[],
  ) {
    const wanted = [...new Set(ids)];
    const invalid = wanted.filter(id => !isUuid(id));
    const found = new Set<string>();
    const valid = wanted.filter(isUuid);
    for (const chunk of chunks(valid)) {
      const rows = await db(table).whereIn('id', chunk).select('id');
      rows.forEach(row => found.add(String(row.id)));
    }
    const missing = [...invalid, ...valid.filter(id => !found.has(id))];
    if (missing.length > 0) {
      throw new InputError(`${label} ${missing.join(', ')} does not exist`);
    }
  }

  async #checkReferences(
    db: Db,
    spec: RecordSpec,
    next: Row,
    current: Row | undefined,
  ) {
    for (const ref of spec.references) {
      const value = next[ref.path];
      if (value === undefined || value === null) {
        continue;
      }
      if (current && current[ref.path] === value) {
        continue;
      }
      await this.#checkExists(db, ref.table, ref.label, [String(value)]);
    }
  }

  /** Keeps the link tables in step with the linked-id fields. */
  async #afterWrite(
    trx: Knex.Transaction,
    spec: RecordSpec,
    id: string,
    current: Row | undefined,
    next: Row,
    at: string,
  ) {
    if (spec.type === 'release' && Array.isArray(next.changeIds)) {
      await this.#linkReleaseChanges(trx, id, next.changeIds as string[], true);
    } else if (spec.type === 'problem' && Array.isArray(next.incidentIds)) {
      await this.#linkProblemIncidents(
        trx,
        id,
        next.incidentIds as string[],
        at,
        true,
      );
    } else if (spec.type === 'incident') {
      const before = current?.problemId as string | undefined;
      const after = next.problemId as string | undefined;
      if (before && before !== after) {
        await trx('vs_problem_incidents')
          .where({ problem_id: before, incident_id: id })
          .delete();
      }
      if (after && before !== after) {
        await trx('vs_problem_incidents')
          .insert({ problem_id: after, incident_id: id })
          .onConflict(['problem_id', 'incident_id'])
          .ignore();
      }
      if (before !== after) {
        // The problems' incident lists changed too.
        await this.#touchEntitiesOf(
          trx,
          PROBLEM_SPEC,
          [before, after].filter((p): p is string => !!p),
        );
      }
    }
  }

  async #linkReleaseChanges(
    trx: Knex.Transaction,
    releaseId: string,
    changeIds: string[],
    replace: boolean,
  ) {
    const ids = [...new Set(changeIds)];
    await this.#checkExists(trx, 'vs_changes', 'Change', ids);
    if (replace) {
      const query = trx('vs_release_changes').where('release_id', releaseId);
      if (ids.length) {
        query.whereNotIn('change_id', ids);
      }
      await query.delete();
    }
    for (const chunk of chunks(ids)) {
      await trx('vs_release_changes')
        .insert(
          chunk.map(changeId => ({
            release_id: releaseId,
            change_id: changeId,
          })),
        )
        .onConflict(['release_id', 'change_id'])
        .ignore();
    }
  }

  async #linkProblemIncidents(
    trx: Knex.Transaction,
    problemId: string,
    incidentIds: string[],
    at: string,
    replace: boolean,
  ) {
    const ids = [...new Set(incidentIds)];
    await this.#checkExists(trx, 'vs_incidents', 'Incident', ids);
    if (replace) {
      const linked = await trx('vs_problem_incidents')
        .where('problem_id', problemId)
        .select('incident_id');
      const keep = new Set(ids);
      await this.#unlinkProblemIncidents(
        trx,
        problemId,
        linked.map(row => String(row.incident_id)).filter(id => !keep.has(id)),
        at,
      );
    }
    for (const chunk of chunks(ids)) {
      await trx('vs_problem_incidents')
        .insert(
          chunk.map(incidentId => ({
            problem_id: problemId,
            incident_id: incidentId,
          })),
        )
        .onConflict(['problem_id', 'incident_id'])
        .ignore();
      await trx('vs_incidents')
        .whereIn('id', chunk)
        .where(q =>
          q.whereNull('problem_id').orWhereNot('problem_id', problemId),
        )
        .update({
          problem_id: problemId,
          updated_at: at,
          version: trx.raw('?? + 1', ['version']),
        });
    }
    await this.#touchEntitiesOf(trx, PROBLEM_SPEC, [problemId]);
    await this.#touchEntitiesOf(trx, INCIDENT_SPEC, ids);
  }

  async #unlinkProblemIncidents(
    trx: Knex.Transaction,
    problemId: string,
    incidentIds: string[],
    at: string,
  ) {
    for (const chunk of chunks(incidentIds)) {
      await trx('vs_problem_incidents')
        .where('problem_id', problemId)
        .whereIn('incident_id', chunk)
        .delete();
      await trx('vs_incidents')
        .whereIn('id', chunk)
        .where('problem_id', problemId)
        .update({
          problem_id: null,
          updated_at: at,
          version: trx.raw('?? + 1', ['version']),
        });
    }
    await this.#touchEntitiesOf(trx, PROBLEM_SPEC, [problemId]);
    await this.#touchEntitiesOf(trx, INCIDENT_SPEC, incidentIds);
  }

  async #appendStageHistory(
    trx: Knex.Transaction,
    ref: string,
    from: Stage | null,
    to: Stage,
    at: string,
  ) {
    await trx('vs_stage_history')
      .insert({ entity_ref: ref, from_stage: from, to_stage: to, at })
      .onConflict(['entity_ref', 'at', 'to_stage'])
      .ignore();
  }

  async #get<T>(db: Db, spec: RecordSpec, id: string): Promise<T | undefined> {
    if (!isUuid(id)) {
      return undefined;
    }
    const row = (await db(spec.table).where('id', id).first()) as
      | Row
      | undefined;
    if (!row) {
      return undefined;
    }
    const [record] = await this.#hydrate<T>(db, spec, [row]);
    return record;
  }

  async #list<T>(
    spec: RecordSpec,
    filter: ListFilter,
    extra: ExtraFilter,
  ): Promise<Page<T>> {
    const db = this.#db;
    const query = db(spec.table);
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
    extra(query, db);
    return this.#page<T>(db, spec, query, filter.limit, filter.cursor, {
      withoutHistory: filter.withoutHistory,
    });
  }

  async #page<T>(
    db: Db,
    spec: RecordSpec,
    query: Knex.QueryBuilder,
    limit: number,
    cursor: string | undefined,
    options?: { withoutHistory?: boolean },
  ): Promise<Page<T>> {
    const size = checkLimit(limit);
    const rows = await this.#keyset(query, size, cursor);
    const items = await this.#hydrate<T>(
      db,
      spec,
      rows.slice(0, size),
      options,
    );
    return pageOf(rows, size, items);
  }

  /** Newest first by (created_at, id), one row more than the page to see if there is a next. */
  async #keyset(
    query: Knex.QueryBuilder,
    limit: number,
    cursor: string | undefined,
  ): Promise<Row[]> {
    if (cursor !== undefined) {
      const position = decodeCursor(cursor);
      query.where(q =>
        q
          .where('created_at', '<', position.createdAt)
          .orWhere(q2 =>
            q2
              .where('created_at', '=', position.createdAt)
              .where('id', '<', position.id),
          ),
      );
    }
    return (await query
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1)) as Row[];
  }

  /** Adds what lives in other tables: history, approvals, linked ids. One query each. */
  async #hydrate<T>(
    db: Db,
    spec: RecordSpec,
    rows: Row[],
    options?: { withoutHistory?: boolean },
  ): Promise<T[]> {
    if (rows.length === 0) {
      return [];
    }
    const records = rows.map(row => rowToRecord(spec, row));
    const ids = records.map(r => String(r.id));
    const byId = new Map(records.map(r => [String(r.id), r]));
    for (const record of records) {
      record.history = [];
      if (spec.type === 'change') record.approvals = [];
      if (spec.type === 'release') record.changeIds = [];
      if (spec.type === 'problem') record.incidentIds = [];
    }

    const history = options?.withoutHistory
      ? []
      : await perChunk(ids, chunk =>
          db('vs_record_history')
            .where('record_type', spec.type)
            .whereIn('record_id', chunk)
            .orderBy('id', 'asc'),
        );
    for (const row of history) {
      const entry: HistoryEntry = {
        at: toIso(row.at),
        by: String(row.actor),
        from: row.from_state === null ? null : String(row.from_state),
        to: String(row.to_state),
      };
      if (row.note !== null && row.note !== undefined) {
        entry.note = String(row.note);
      }
      (byId.get(String(row.record_id))!.history as HistoryEntry[]).push(entry);
    }

    if (spec.type === 'change') {
      const approvals = await perChunk(ids, chunk =>
        db('vs_change_approvals')
          .whereIn('change_id', chunk)
          .orderBy([
            { column: 'at', order: 'asc' },
            { column: 'id', order: 'asc' },
          ]),
      );
      for (const row of approvals) {
        const approval: Approval = {
          id: String(row.id),
          changeId: String(row.change_id),
          approver: String(row.approver),
          decision: row.decision,
          at: toIso(row.at),
        };
        if (row.comment !== null && row.comment !== undefined) {
          approval.comment = String(row.comment);
        }
        (byId.get(approval.changeId)!.approvals as Approval[]).push(approval);
      }
    } else if (spec.type === 'release') {
      const links = await perChunk(ids, chunk =>
        db('vs_release_changes')
          .whereIn('release_id', chunk)
          .orderBy(['release_id', 'change_id']),
      );
      for (const row of links) {
        (byId.get(String(row.release_id))!.changeIds as string[]).push(
          String(row.change_id),
        );
      }
    } else if (spec.type === 'problem') {
      const links = await perChunk(ids, chunk =>
        db('vs_problem_incidents')
          .whereIn('problem_id', chunk)
          .orderBy(['problem_id', 'incident_id']),
      );
      for (const row of links) {
        (byId.get(String(row.problem_id))!.incidentIds as string[]).push(
          String(row.incident_id),
        );
      }
    }
    return records as unknown as T[];
  }
}

/** A unique index refused a write (PostgreSQL 23505, SQLite constraint). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    (typeof e?.message === 'string' &&
      e.message.includes('UNIQUE constraint failed'))
  );
}

function staleVersion(
  spec: RecordSpec,
  id: string,
  expected: number,
  actual?: number,
): ConflictError {
  const now = actual === undefined ? '' : ` (it is at version ${actual})`;
  return new ConflictError(
    `${spec.label} ${id} was changed by someone else since version ${expected}${now}; reload it and try again`,
  );
}

function pageOf<T>(rows: Row[], limit: number, items: T[]): Page<T> {
  const page: Page<T> = { items: items.slice(0, limit) };
  if (rows.length > limit) {
    const last = rows[limit - 1];
    page.nextCursor = encodeCursor({
      createdAt: toIso(last.created_at),
      id: String(last.id),
    });
  }
  return page;
}

/** Events of one batch, one row per key (see `foldEvents`). */
interface FoldedEvents {
  /** The rows of the inputs, in input order. */
  rows: Row[];
  /** One row per key, in key order. */
  unique: Row[];
  /** The id each key's row was given: a key whose stored id differs existed. */
  ids: Map<string, string>;
  /** The incident to open with each key's event, where one was given. */
  incidents: Map<string, NewIncident>;
}

/** {@link foldEventRows} keyed as the store reads rows back. */
function foldEvents(
  items: ReadonlyArray<{ event: NewEvent; incident?: NewIncident }>,
): FoldedEvents {
  const folded = foldEventRows(items, eventKey);
  return {
    rows: folded.rows,
    unique: folded.unique.map(({ row }) => row),
    ids: new Map(folded.unique.map(({ key, row }) => [key, String(row.id)])),
    incidents: folded.incidents,
  };
}

/** Inserts or updates event rows, returning the stored rows. */
async function upsertEventRows(db: Db, unique: Row[]): Promise<Row[]> {
  const stored: Row[] = [];
  for (const chunk of chunks(unique, 500)) {
    stored.push(
      ...((await db('vs_events')
        .insert(chunk)
        .onConflict(['source', 'fingerprint', 'starts_at'])
        .merge({
          severity: db.raw('excluded.severity'),
          status: db.raw('excluded.status'),
          summary: db.raw('excluded.summary'),
          labels: db.raw('excluded.labels'),
          ends_at: db.raw('excluded.ends_at'),
          received_at: db.raw('excluded.received_at'),
          entity_ref: db.raw(
            'coalesce(excluded.entity_ref, vs_events.entity_ref)',
          ),
          incident_id: db.raw(
            'coalesce(excluded.incident_id, vs_events.incident_id)',
          ),
        })
        .returning('*')) as Row[]),
    );
  }
  return stored;
}

/** The result of each input: only the first input of a key can be created. */
function eventResults(
  batch: FoldedEvents,
  stored: Row[],
  opened: Map<string, string>,
): IngestedEventResult[] {
  const storedByKey = new Map(stored.map(row => [eventKey(row), row]));
  const seen = new Set<string>();
  return batch.rows.map(row => {
    const key = eventKey(row);
    const result = storedByKey.get(key)!;
    const first = !seen.has(key);
    seen.add(key);
    const incidentId = opened.get(key);
    const event = eventFromRow(
      incidentId ? { ...result, incident_id: incidentId } : result,
    );
    return {
      event,
      created: first && String(result.id) === batch.ids.get(key),
      ...(first && incidentId ? { openedIncidentId: incidentId } : {}),
    };
  });
}

/** A UTC ISO timestamp as `parseTimestamp` writes it. */
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The identity of an event row: (source, fingerprint, startsAt). */
function eventKey(row: Row): string {
  const startsAt = row.starts_at;
  // Written by parseTimestamp, so read back as written on SQLite: skip the
  // date parse for a value already in that form.
  const iso =
    typeof startsAt === 'string' && ISO_UTC.test(startsAt)
      ? startsAt
      : toIso(startsAt);
  return `${row.source}\u0000${row.fingerprint}\u0000${iso}`;
}

function eventFromRow(row: Row): EventRecord {
  const event: EventRecord = {
    id: String(row.id),
    entityRef: row.entity_ref ? String(row.entity_ref) : null,
    source: row.source as EventRecord['source'],
    fingerprint: String(row.fingerprint),
    severity: row.severity as EventRecord['severity'],
    status: row.status as EventRecord['status'],
    summary: String(row.summary),
    labels: JSON.parse(String(row.labels)),
    startsAt: toIso(row.starts_at),
    receivedAt: toIso(row.received_at),
  };
  if (row.ends_at) {
    event.endsAt = toIso(row.ends_at);
  }
  if (row.incident_id) {
    event.incidentId = String(row.incident_id);
  }
  return event;
}

function stageFromRow(row: Row): EntityStage {
  return {
    entityRef: String(row.entity_ref),
    stage: String(row.stage) as Stage,
    since: toIso(row.since),
    computedAt: toIso(row.computed_at),
    gaps: toNumber(row.gaps),
  };
}

/**
 * The board item of a stage row without its open counts, as JSON; undefined
 * while the row lacks the catalog facts the board shows.
 */
function boardItemJson(row: Row): string | undefined {
  if (!row.kind) {
    return undefined;
  }
  const facts = factsFromRow(row);
  const item: Omit<
    BoardItem,
    'openIncidents' | 'breachedIncidents' | 'openChanges'
  > = {
    entityRef: String(row.entity_ref),
    title: facts.title,
    kind: facts.kind,
    ...(facts.owner ? { owner: facts.owner } : {}),
    ...(facts.system ? { system: facts.system } : {}),
    ...(facts.lifecycle ? { lifecycle: facts.lifecycle } : {}),
    stage: String(row.stage) as Stage,
    stageSince: toIso(row.since),
    gaps: toNumber(row.gaps),
    ...(row.production_version
      ? { productionVersion: String(row.production_version) }
      : {}),
  };
  return JSON.stringify(item);
}

function factsColumns(facts: EntityFacts): Row {
  return {
    kind: facts.kind,
    title: facts.title,
    owner: facts.owner ?? null,
    owner_ref: facts.ownerRef ? normalizeRef(facts.ownerRef) : null,
    system: facts.system ?? null,
    system_ref: facts.systemRef ? normalizeRef(facts.systemRef) : null,
    lifecycle: facts.lifecycle ?? null,
  };
}

function factsFromRow(row: Row): EntityFacts {
  const optional = (column: string) =>
    row[column] ? String(row[column]) : undefined;
  const facts: EntityFacts = {
    kind: String(row.kind),
    title: String(row.title ?? row.entity_ref),
  };
  const pairs: Array<[keyof EntityFacts, string]> = [
    ['owner', 'owner'],
    ['ownerRef', 'owner_ref'],
    ['system', 'system'],
    ['systemRef', 'system_ref'],
    ['lifecycle', 'lifecycle'],
  ];
  for (const [key, column] of pairs) {
    const value = optional(column);
    if (value) {
      facts[key] = value;
    }
  }
  return facts;
}
