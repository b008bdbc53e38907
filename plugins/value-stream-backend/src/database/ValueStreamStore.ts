/*
 * The persistence of the Value Stream backend: a thin front over one store
 * per aggregate, all on one knex client. Only this folder touches knex;
 * services and ingestion see the stores.
 */
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { EventStore } from './EventStore';
import { RecordStore } from './RecordStore';
import { SlaStore } from './SlaStore';
import { SloStore } from './SloStore';
import { StandardChangeModelStore } from './StandardChangeModelStore';
import { StageStore } from './StageStore';
import { writeTime } from './StoreBase';
import { SummaryStore } from './SummaryStore';
import type { WriteOptions } from './types';

const MIGRATIONS_DIR = resolvePackagePath(
  '@valuestream/plugin-value-stream-backend',
  'migrations',
);

/** The stores of the plugin, for SQLite and PostgreSQL. */
export class ValueStreamStore {
  /** Changes, releases, deployments, incidents, problems, service levels. */
  readonly records: RecordStore;
  /** Alert and webhook events, and the incidents ingestion opens for them. */
  readonly events: EventStore;
  /** Stages and their history, the board, the stage evidence. */
  readonly stages: StageStore;
  /** The entity tab's stored summary documents. */
  readonly summaries: SummaryStore;
  /** SLA breach bookkeeping. */
  readonly sla: SlaStore;
  /** The standard-change catalog. */
  readonly standardChangeModels: StandardChangeModelStore;
  /** SLI buckets and SLO evaluations. */
  readonly slos: SloStore;
  readonly #db: Knex;

  /** Connects and, unless the database service says to skip them, migrates. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<ValueStreamStore> {
    const { database } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: MIGRATIONS_DIR });
    }
    return new ValueStreamStore(client);
  }

  private constructor(db: Knex) {
    this.#db = db;
    this.records = new RecordStore(db);
    this.events = new EventStore(db);
    this.stages = new StageStore(db);
    this.summaries = new SummaryStore(db);
    this.sla = new SlaStore(db);
    this.standardChangeModels = new StandardChangeModelStore(db);
    this.slos = new SloStore(db);
  }

  /**
   * Records that `key` happened (in `vs_meta`), once: true for the caller
   * that recorded it, false when it was recorded before, also by another
   * replica at the same time.
   */
  async claimMetaKey(key: string, options?: WriteOptions): Promise<boolean> {
    const inserted = await this.#db('vs_meta')
      .insert({ key, value: null, created_at: writeTime(options) })
      .onConflict('key')
      .ignore()
      .returning('key');
    return inserted.length === 1;
  }
}
