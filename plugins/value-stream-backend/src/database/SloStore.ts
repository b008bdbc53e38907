/*
 * SLOs measured from metrics: their SLI buckets of five minutes and what the
 * last evaluation made of them. The evaluation task writes; pages read.
 */
import type {
  SliBucket,
  SloDefinition,
  SloEvaluation,
  SloState,
} from '@valuestream/plugin-value-stream-common';
import { parseTimestamp, Row, toIso, toNumber } from './records';
import { perChunk, StoreBase } from './StoreBase';

/** Where an SLO comes from: the entity's annotation or its tier. */
export type SloOrigin = 'annotation' | 'tier';

/** One SLO's stored state. */
export interface StoredSloStatus {
  entityRef: string;
  name: string;
  definition: SloDefinition;
  origin: SloOrigin;
  state: SloState;
  /** The last evaluation that reached the source; absent before one did. */
  evaluation?: SloEvaluation;
  measuredAt?: string;
  evaluatedAt?: string;
  error?: string;
}

/** Rows written per insert: three bound values a row, well under the limits. */
const BUCKET_CHUNK = 200;

function nullable<T>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}

function rowToStatus(row: Row): StoredSloStatus {
  return {
    entityRef: String(row.entity_ref),
    name: String(row.slo_name),
    definition: JSON.parse(String(row.definition)),
    origin: row.origin as SloOrigin,
    state: row.state as SloState,
    ...(row.evaluation
      ? { evaluation: JSON.parse(String(row.evaluation)) }
      : {}),
    ...(row.measured_at ? { measuredAt: toIso(row.measured_at) } : {}),
    ...(row.evaluated_at ? { evaluatedAt: toIso(row.evaluated_at) } : {}),
    ...(row.error ? { error: String(row.error) } : {}),
  };
}

/** SLI buckets and SLO evaluations. */
export class SloStore extends StoreBase {
  /** Writes buckets, replacing those already stored for the same start. */
  async writeBuckets(
    entityRef: string,
    name: string,
    buckets: readonly SliBucket[],
  ): Promise<void> {
    const rows = buckets.map(b => ({
      entity_ref: entityRef,
      slo_name: name,
      bucket_start: b.start,
      good: b.good,
      total: b.total,
    }));
    await this.db.transaction(async trx => {
      for (let i = 0; i < rows.length; i += BUCKET_CHUNK) {
        await trx('vs_slo_buckets')
          .insert(rows.slice(i, i + BUCKET_CHUNK))
          .onConflict(['entity_ref', 'slo_name', 'bucket_start'])
          .merge(['good', 'total']);
      }
    });
  }

  /** The buckets from `from` (epoch ms) on, oldest first. */
  async listBuckets(
    entityRef: string,
    name: string,
    from: number,
  ): Promise<SliBucket[]> {
    const rows = (await this.db('vs_slo_buckets')
      .where({ entity_ref: entityRef, slo_name: name })
      .andWhere('bucket_start', '>=', from)
      .orderBy('bucket_start', 'asc')
      .select('bucket_start', 'good', 'total')) as Row[];
    return rows.map(row => ({
      start: toNumber(row.bucket_start),
      good: toNumber(row.good),
      total: toNumber(row.total),
    }));
  }

  /** The start of the latest stored bucket; undefined before any. */
  async lastBucketStart(
    entityRef: string,
    name: string,
  ): Promise<number | undefined> {
    const row = (await this.db('vs_slo_buckets')
      .where({ entity_ref: entityRef, slo_name: name })
      .max({ last: 'bucket_start' })
      .first()) as Row | undefined;
    return row?.last === null || row?.last === undefined
      ? undefined
      : toNumber(row.last);
  }

  /** Drops an SLO's buckets older than `before` (epoch ms). */
  async pruneBuckets(
    entityRef: string,
    name: string,
    before: number,
  ): Promise<number> {
    return this.db('vs_slo_buckets')
      .where({ entity_ref: entityRef, slo_name: name })
      .andWhere('bucket_start', '<', before)
      .delete();
  }

  /** Writes an SLO's state, replacing the stored one. */
  async putStatus(status: StoredSloStatus): Promise<void> {
    const evaluation = status.evaluation;
    await this.db('vs_slo_status')
      .insert({
        entity_ref: status.entityRef,
        slo_name: status.name,
        definition: JSON.stringify(status.definition),
        origin: status.origin,
        source: status.definition.source,
        state: status.state,
        sli: nullable(evaluation?.sli),
        remaining_budget: nullable(evaluation?.remainingBudget),
        coverage: nullable(evaluation?.coverage),
        burn_rate_state: evaluation?.burnRateState ?? 'no-data',
        evaluation: evaluation ? JSON.stringify(evaluation) : null,
        measured_at: status.measuredAt
          ? parseTimestamp(status.measuredAt, 'measuredAt')
          : null,
        evaluated_at: status.evaluatedAt
          ? parseTimestamp(status.evaluatedAt, 'evaluatedAt')
          : null,
        error: nullable(status.error),
      })
      .onConflict(['entity_ref', 'slo_name'])
      .merge();
  }

  /** One SLO's state; undefined when it is not stored. */
  async getStatus(
    entityRef: string,
    name: string,
  ): Promise<StoredSloStatus | undefined> {
    const row = (await this.db('vs_slo_status')
      .where({ entity_ref: entityRef, slo_name: name })
      .first()) as Row | undefined;
    return row ? rowToStatus(row) : undefined;
  }

  /**
   * SLO states, of some entities or of all, by remaining budget (unmeasured
   * last) or by entity and name, then entity and name.
   */
  async listStatuses(options: {
    entityRefs?: readonly string[];
    sort: 'remainingBudget' | 'name';
    order: 'asc' | 'desc';
  }): Promise<StoredSloStatus[]> {
    const { entityRefs, sort, order } = options;
    const query = () => {
      const q = this.db('vs_slo_status');
      if (sort === 'remainingBudget') {
        q.orderByRaw(
          `(case when remaining_budget is null then 1 else 0 end) asc, remaining_budget ${
            order === 'desc' ? 'desc' : 'asc'
          }`,
        ).orderBy([
          { column: 'entity_ref', order: 'asc' },
          { column: 'slo_name', order: 'asc' },
        ]);
      } else {
        q.orderBy([
          { column: 'entity_ref', order },
          { column: 'slo_name', order },
        ]);
      }
      return q;
    };
    if (entityRefs === undefined) {
      return ((await query()) as Row[]).map(rowToStatus);
    }
    const rows = await perChunk(entityRefs, async chunk =>
      ((await query().whereIn('entity_ref', chunk)) as Row[]).map(rowToStatus),
    );
    return rows;
  }

  /** The keys of every stored SLO. */
  async listKeys(): Promise<Array<{ entityRef: string; name: string }>> {
    const rows = (await this.db('vs_slo_status').select(
      'entity_ref',
      'slo_name',
    )) as Row[];
    return rows.map(r => ({
      entityRef: String(r.entity_ref),
      name: String(r.slo_name),
    }));
  }

  /** Forgets an SLO that is no longer declared: its state and buckets. */
  async removeSlo(entityRef: string, name: string): Promise<void> {
    await this.db.transaction(async trx => {
      await trx('vs_slo_buckets')
        .where({ entity_ref: entityRef, slo_name: name })
        .delete();
      await trx('vs_slo_status')
        .where({ entity_ref: entityRef, slo_name: name })
        .delete();
    });
  }
}
