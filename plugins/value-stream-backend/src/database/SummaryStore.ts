/*
 * The entity tab's read model: one stored summary document per entity,
 * valid for the generation it was built at (writes bump the generation).
 */
import { normalizeRef } from '../lib/refs';
import { Row, toNumber } from './records';
import { stageFromRow } from './stageRows';
import { checkLimit, StoreBase } from './StoreBase';
import type { StoredSummary } from './types';

/** Stored summary documents. */
export class SummaryStore extends StoreBase {
  /**
   * Entities with a stored stage whose summary document is missing or
   * stale, in ref order after `after`, with their current generation.
   */
  async listStale(options: {
    after?: string;
    limit: number;
  }): Promise<Array<{ entityRef: string; generation: number }>> {
    const query = this.db('vs_entity_stage as s')
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

  /**
   * The entity's stored stage and summary document, in one query; the
   * document's body is left out when it is the one built at
   * `knownGeneration`, which the caller holds.
   */
  async get(
    entityRef: string,
    options?: { knownGeneration?: number },
  ): Promise<StoredSummary> {
    const ref = normalizeRef(entityRef);
    const db = this.db;
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

  /**
   * Stores a summary document built from reads made after `generation` was
   * read. Returns false, storing nothing, when a write has bumped the
   * generation since: the document may miss that write.
   */
  async save(
    entityRef: string,
    options: { generation: number; body: string },
  ): Promise<boolean> {
    const { generation, body } = options;
    const saved = await this.db('vs_entity_summary')
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
}
