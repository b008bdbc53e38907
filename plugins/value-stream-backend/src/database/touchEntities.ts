import type { Knex } from 'knex';
import { normalizeRef } from '../lib/refs';
import { chunks } from './records';

/**
 * The read models that writes keep fresh (see the read models
 * migration): every write to an entity's records calls {@link touchEntities},
 * last in its transaction.
 */

function uniqueSorted(refs: readonly unknown[]): string[] {
  return [
    ...new Set(
      refs
        .filter((ref): ref is string => typeof ref === 'string' && !!ref)
        .map(normalizeRef),
    ),
  ].sort();
}

/**
 * Makes the stored summaries of entities stale: bumps their generation
 * inside the writer's transaction, so a summary built while the write was in
 * flight cannot be saved as fresh. It also takes the row lock that orders
 * concurrent writers of one entity. One statement with the refs in order, so
 * concurrent writers take the locks in the same order.
 */
export async function bumpSummaryGenerations(
  trx: Knex.Transaction,
  refs: readonly unknown[],
): Promise<void> {
  for (const chunk of chunks(uniqueSorted(refs))) {
    await bumpQuery(trx, chunk);
  }
}

function bumpQuery(db: Knex, refs: string[]) {
  return db('vs_entity_summary')
    .insert(refs.map(ref => ({ entity_ref: ref, generation: 1 })))
    .onConflict('entity_ref')
    .merge({
      generation: db.raw('?? + 1', ['vs_entity_summary.generation']),
    });
}

/**
 * Recounts the open records the board shows on the entities' stage rows.
 * It must run as a statement of its own after the writer took the entity's
 * summary row lock: on PostgreSQL each statement then sees what writers
 * before it committed, so the last recount is right.
 */
export async function recountOpenRecords(
  trx: Knex.Transaction,
  refs: readonly unknown[],
  extra: Record<string, unknown> = {},
): Promise<void> {
  for (const chunk of chunks(uniqueSorted(refs))) {
    await recountQuery(trx, chunk, extra);
  }
}

function recountQuery(
  db: Knex,
  refs: string[],
  extra: Record<string, unknown> = {},
) {
  // `is_open = true` literally, so that SQLite uses the partial indexes.
  const count = (table: string, condition = '') =>
    db.raw(
      `(select count(*) from ${table} r where r.entity_ref = vs_entity_stage.entity_ref and r.is_open = true${condition})`,
    );
  return db('vs_entity_stage')
    .whereIn('entity_ref', refs)
    .update({
      ...extra,
      open_incidents: count('vs_incidents'),
      breached_incidents: count(
        'vs_incidents',
        ' and (r.response_breached = true or r.resolution_breached = true)',
      ),
      open_changes: count('vs_changes'),
      open_problems: count('vs_problems'),
    });
}

/** After a write to the entities' records: both read models. */
export async function touchEntities(
  trx: Knex.Transaction,
  refs: readonly unknown[],
): Promise<void> {
  await bumpSummaryGenerations(trx, refs);
  await recountOpenRecords(trx, refs);
}

/**
 * {@link touchEntities} outside a transaction, on PostgreSQL, in one round
 * trip: both statements sent as one simple query, which PostgreSQL runs as
 * one transaction, each statement with its own snapshot (so the recount
 * still follows the bump's row locks). For writers that keep their own
 * round trips few, like the ingestion batch writer.
 */
export async function touchEntitiesOnPostgres(
  db: Knex,
  refs: readonly unknown[],
): Promise<void> {
  for (const chunk of chunks(uniqueSorted(refs))) {
    // Rendered with literals: a simple query takes no parameters. The refs
    // are escaped by knex like any bound value.
    await db.raw(
      `${bumpQuery(db, chunk).toString()};\n${recountQuery(
        db,
        chunk,
      ).toString()}`,
    );
  }
}
