/*
 * Value stream stages: the stored stage of each entity and its history,
 * the board read from the stage rows, and the evidence the stage task
 * computes stages from.
 */
import { ConflictError } from '@backstage/errors';
import {
  AUTHORIZED_CHANGE_STATES,
  type DeploymentRecord,
  type Stage,
  type StageTransition,
} from '@valuestream/plugin-value-stream-common';
import { Knex } from 'knex';
import { normalizeRef } from '../lib/refs';
import { hydrate } from './recordRows';
import { chunks, DEPLOYMENT_SPEC, parseTimestamp, Row, toIso } from './records';
import {
  BOARD_ROW,
  boardItemJson,
  boardKeyOf,
  boardRowOf,
  factsColumns,
  stageFromRow,
} from './stageRows';
import { perChunk, StoreBase, uniqueRefs } from './StoreBase';
import { bumpSummaryGenerations, recountOpenRecords } from './touchEntities';
import type {
  BoardFilter,
  BoardKey,
  BoardRow,
  EntityStage,
  EntityStageFilter,
  ProductionVersion,
  RecordStageResult,
  StageEvidence,
  StageExtras,
} from './types';

/** The length of entity ref columns in the migrations. */
const REF_LENGTH = 320;

/** Refs per `IN (...)` list, well below the bind limits of both databases. */
const REF_CHUNK = 500;

/** Stages, stage history, the board and the stage evidence. */
export class StageStore extends StoreBase {
  /** Stored stages by lower-case entity ref; refs never computed are absent. */
  async get(refs: string[]): Promise<Map<string, EntityStage>> {
    const rows = await perChunk(uniqueRefs(refs), chunk =>
      this.db('vs_entity_stage').whereIn('entity_ref', chunk),
    );
    return new Map(
      rows.map(row => [String(row.entity_ref), stageFromRow(row)]),
    );
  }

  async list(filter?: EntityStageFilter): Promise<EntityStage[]> {
    const run = (refs?: string[]) => {
      const query = this.db('vs_entity_stage').orderBy('entity_ref');
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

  /**
   * Stores the computed stage of an entity and appends a stage history row
   * only when the stage changed, in one transaction. Two concurrent calls
   * with the same new stage append one row.
   */
  async record(
    entityRef: string,
    options: StageExtras & { stage: Stage; at: string },
  ): Promise<RecordStageResult> {
    const { stage, at, ...extras } = options;
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
    return this.db.transaction(async trx => {
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
        await this.#appendHistory(trx, ref, null, stage, time);
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
        await this.#appendHistory(trx, ref, previous, stage, time);
        return { changed: true, previous };
      }
    }
    throw new ConflictError(
      `The stage of ${ref} kept changing while it was recorded`,
    );
  }

  /**
   * Forgets the computed stage of entities the catalog no longer holds (their
   * stage history stays), and their summaries. Returns how many rows went.
   */
  async delete(refs: string[]): Promise<number> {
    let deleted = 0;
    for (const chunk of chunks(uniqueRefs(refs))) {
      deleted += await this.db('vs_entity_stage')
        .whereIn('entity_ref', chunk)
        .delete();
      await this.db('vs_entity_summary').whereIn('entity_ref', chunk).delete();
    }
    return deleted;
  }

  /** Stage transitions of an entity, oldest first. */
  async getHistory(entityRef: string): Promise<StageTransition[]> {
    const rows = await this.db('vs_stage_history')
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

  /**
   * The stage transitions of many entities, oldest first per entity, in one
   * query per chunk of refs (backed by the unique index on `entity_ref, at`).
   */
  async listHistory(entityRefs: readonly string[]): Promise<StageTransition[]> {
    const refs = [...new Set(entityRefs.map(normalizeRef))];
    const result: StageTransition[] = [];
    for (let i = 0; i < refs.length; i += REF_CHUNK) {
      const rows = await this.db('vs_stage_history')
        .select('entity_ref', 'from_stage', 'to_stage', 'at')
        .whereIn('entity_ref', refs.slice(i, i + REF_CHUNK))
        .orderBy([
          { column: 'entity_ref', order: 'asc' },
          { column: 'at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]);
      for (const row of rows) {
        result.push({
          entityRef: String(row.entity_ref),
          from: row.from_stage ? (String(row.from_stage) as Stage) : null,
          to: String(row.to_stage) as Stage,
          at: toIso(row.at),
        });
      }
    }
    return result;
  }

  // ---------------------------------------------------------- read models

  /**
   * What orders the board, without the items: every recorded entity that
   * matches the filter, so a page can be chosen before items are read.
   */
  async listBoardKeys(filter: BoardFilter): Promise<BoardKey[]> {
    const query = this.db('vs_entity_stage').select(
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

  /** The board rows of these entities (those that have one). */
  async getBoardRows(refs: string[]): Promise<BoardRow[]> {
    return perChunk(uniqueRefs(refs), async chunk =>
      (
        (await this.db('vs_entity_stage')
          .select(BOARD_ROW)
          .whereIn('entity_ref', chunk)) as Row[]
      ).map(boardRowOf),
    );
  }

  /** The newest deployment (any state) per environment of one entity. */
  async latestDeploymentsByEnvironment(
    entityRef: string,
  ): Promise<DeploymentRecord[]> {
    const db = this.db;
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
    return hydrate<DeploymentRecord>(db, DEPLOYMENT_SPEC, rows);
  }

  async latestProductionVersions(
    refs: string[],
  ): Promise<Map<string, ProductionVersion>> {
    const db = this.db;
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

  /**
   * Per entity, the newest record of each kind of stage evidence; with
   * `unauthorizedSince`, also the newest unauthorized production deployment
   * whose time (startedAt, else finishedAt, else createdAt) is at or after
   * it.
   */
  async getEvidence(
    refs: string[],
    options: { unauthorizedSince?: string } = {},
  ): Promise<Map<string, StageEvidence>> {
    const db = this.db;
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
          q.whereIn('r.state', [...AUTHORIZED_CHANGE_STATES]),
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
    if (options.unauthorizedSince) {
      const since = parseTimestamp(options.unauthorizedSince, 'since');
      kinds.push([
        'unauthorizedDeploymentId',
        newest('vs_deployments', q =>
          q
            .where('r.unauthorized', true)
            .where(
              db.raw('coalesce(r.started_at, r.finished_at, r.created_at)'),
              '>=',
              since,
            ),
        ),
      ]);
    }
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

  async #appendHistory(
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
}
