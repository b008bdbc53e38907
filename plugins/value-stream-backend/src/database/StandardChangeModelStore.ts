/*
 * The standard-change catalog: models with their history. History entries
 * go to vs_record_history as record type `standardChangeModel`, like those
 * of the practice records, and every write bumps the version it checked.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  HistoryEntry,
  Page,
  StandardChangeModel,
} from '@valuestream/plugin-value-stream-common';
import { Knex } from 'knex';
import { isUuid, parseTimestamp, Row, toIso, toNumber } from './records';
import {
  checkLimit,
  Db,
  keyset,
  nonEmpty,
  pageOf,
  perChunk,
  StoreBase,
  writeTime,
} from './StoreBase';
import type { HistoryInput, WriteOptions } from './types';

const TABLE = 'vs_standard_change_models';
const RECORD_TYPE = 'standardChangeModel';

/** Input of `standardChangeModels.create`; a model starts as proposed. */
export type NewStandardChangeModel = Omit<
  StandardChangeModel,
  | 'id'
  | 'state'
  | 'approvedBy'
  | 'approvedAt'
  | 'createdAt'
  | 'updatedAt'
  | 'createdBy'
  | 'version'
  | 'history'
>;

/** Fields an update may set; `null` clears an optional one. */
export type StandardChangeModelPatch = {
  [K in keyof NewStandardChangeModel]?: NewStandardChangeModel[K];
} & {
  state?: StandardChangeModel['state'];
  approvedBy?: string | null;
  approvedAt?: string | null;
};

/** Filter of `standardChangeModels.list`, newest first. */
export interface StandardChangeModelFilter {
  states?: string[];
  /** Only models that authorize changes at this time: approved, unexpired. */
  usableAt?: string;
  cursor?: string;
  limit: number;
}

function toModel(row: Row, history: HistoryEntry[]): StandardChangeModel {
  return {
    id: String(row.id),
    name: String(row.name),
    description: String(row.description),
    scope: JSON.parse(String(row.scope)),
    riskCeiling: String(row.risk_ceiling) as StandardChangeModel['riskCeiling'],
    expiresAt: toIso(row.expires_at),
    reviewAt: toIso(row.review_at),
    state: String(row.state) as StandardChangeModel['state'],
    proposedBy: String(row.proposed_by),
    ...(row.approved_by ? { approvedBy: String(row.approved_by) } : {}),
    ...(row.approved_at ? { approvedAt: toIso(row.approved_at) } : {}),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    createdBy: String(row.created_by),
    version: toNumber(row.version),
    history,
  };
}

/** The columns a patch sets; absent keys stay, `null` clears. */
function columnsOf(patch: StandardChangeModelPatch): Row {
  const row: Row = {};
  const set = (column: string, value: unknown) => {
    if (value !== undefined) {
      row[column] = value;
    }
  };
  set('name', patch.name);
  set('description', patch.description);
  set('scope', patch.scope && JSON.stringify(patch.scope));
  set('risk_ceiling', patch.riskCeiling);
  set(
    'expires_at',
    patch.expiresAt && parseTimestamp(patch.expiresAt, 'expiresAt'),
  );
  set(
    'review_at',
    patch.reviewAt && parseTimestamp(patch.reviewAt, 'reviewAt'),
  );
  set('state', patch.state);
  set('proposed_by', patch.proposedBy);
  set('approved_by', patch.approvedBy);
  set(
    'approved_at',
    patch.approvedAt && parseTimestamp(patch.approvedAt, 'approvedAt'),
  );
  return row;
}

/** The standard-change models. */
export class StandardChangeModelStore extends StoreBase {
  /** Stores a proposed model with its first history entry. */
  async create(
    input: NewStandardChangeModel,
    options: WriteOptions & { actor: string },
  ): Promise<StandardChangeModel> {
    const at = writeTime(options);
    const id = randomUUID();
    return this.db.transaction(async trx => {
      await trx(TABLE).insert({
        id,
        ...columnsOf({ ...input, state: 'proposed' }),
        created_at: at,
        updated_at: at,
        created_by: options.actor,
        version: 1,
      });
      await this.#appendHistory(trx, id, options.actor, at, {
        from: null,
        to: 'proposed',
      });
      return (await this.#get(trx, id))!;
    });
  }

  async get(id: string): Promise<StandardChangeModel | undefined> {
    return this.#get(this.db, id);
  }

  /** A page of models, newest first. */
  async list(
    filter: StandardChangeModelFilter,
  ): Promise<Page<StandardChangeModel>> {
    const limit = checkLimit(filter.limit);
    const query = this.db(TABLE);
    if (nonEmpty(filter.states)) {
      query.whereIn('state', filter.states);
    }
    if (filter.usableAt) {
      query
        .where('state', 'approved')
        .where('expires_at', '>', parseTimestamp(filter.usableAt, 'time'));
    }
    const rows = await keyset(query, limit, filter.cursor);
    const items = await this.#hydrate(this.db, rows.slice(0, limit));
    return pageOf(rows, limit, items);
  }

  /**
   * Patches a model at `expectedVersion` (else a `ConflictError`) and
   * appends the history entry, in one transaction.
   */
  async update(
    id: string,
    options: WriteOptions & {
      expectedVersion: number;
      patch: StandardChangeModelPatch;
      actor: string;
      history: HistoryInput;
    },
  ): Promise<StandardChangeModel> {
    const at = writeTime(options);
    return this.db.transaction(async trx => {
      if (!isUuid(id) || !(await trx(TABLE).where('id', id).first('id'))) {
        throw new NotFoundError(`No standard-change model with id ${id}`);
      }
      const updated = await trx(TABLE)
        .where({ id, version: options.expectedVersion })
        .update({
          ...columnsOf(options.patch),
          updated_at: at,
          version: options.expectedVersion + 1,
        });
      if (updated !== 1) {
        throw new ConflictError(
          `Standard-change model ${id} was changed by someone else since version ${options.expectedVersion}; reload it and try again`,
        );
      }
      await this.#appendHistory(trx, id, options.actor, at, options.history);
      return (await this.#get(trx, id))!;
    });
  }

  async #appendHistory(
    trx: Knex.Transaction,
    id: string,
    actor: string,
    at: string,
    entry: HistoryInput & { from?: string | null },
  ) {
    await trx('vs_record_history').insert({
      record_type: RECORD_TYPE,
      record_id: id,
      at,
      actor,
      from_state: entry.from ?? null,
      to_state: entry.to,
      note: entry.note ?? null,
      changes: entry.changes?.length ? JSON.stringify(entry.changes) : null,
    });
  }

  async #get(db: Db, id: string): Promise<StandardChangeModel | undefined> {
    if (!isUuid(id)) {
      return undefined;
    }
    const row = (await db(TABLE).where('id', id).first()) as Row | undefined;
    return row ? (await this.#hydrate(db, [row]))[0] : undefined;
  }

  async #hydrate(db: Db, rows: Row[]): Promise<StandardChangeModel[]> {
    const ids = rows.map(row => String(row.id));
    const entries = await perChunk(ids, chunk =>
      db('vs_record_history')
        .where('record_type', RECORD_TYPE)
        .whereIn('record_id', chunk)
        .orderBy('id', 'asc'),
    );
    const history = new Map<string, HistoryEntry[]>(ids.map(id => [id, []]));
    for (const row of entries) {
      history.get(String(row.record_id))!.push({
        at: toIso(row.at),
        by: String(row.actor),
        from: row.from_state === null ? null : String(row.from_state),
        to: String(row.to_state),
        ...(row.note ? { note: String(row.note) } : {}),
        ...(row.changes ? { changes: JSON.parse(String(row.changes)) } : {}),
      });
    }
    return rows.map(row => toModel(row, history.get(String(row.id))!));
  }
}
