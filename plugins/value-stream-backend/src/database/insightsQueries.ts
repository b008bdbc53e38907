/*
 * Read queries of the insights endpoints (metrics) that the store interface
 * does not offer. Each takes the knex client of the plugin's database.
 */
import type { Knex } from 'knex';
import type {
  Stage,
  StageTransition,
} from '@valuestream/plugin-value-stream-common';
import { normalizeRef } from '../lib/refs';
import { toIso } from './records';

/** Refs per `IN (...)` list, well below the bind limits of both databases. */
const REF_CHUNK = 500;

/**
 * The stage transitions of many entities, oldest first per entity, in one
 * query per chunk of refs (backed by the unique index on `entity_ref, at`).
 */
export async function listStageHistory(
  db: Knex,
  entityRefs: readonly string[],
): Promise<StageTransition[]> {
  const refs = [...new Set(entityRefs.map(normalizeRef))];
  const result: StageTransition[] = [];
  for (let i = 0; i < refs.length; i += REF_CHUNK) {
    const rows = await db('vs_stage_history')
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
