import type { Knex } from 'knex';
import { chunks, normalizeRef } from './records';

/**
 * Makes the stored summaries of entities stale (see the summary read model
 * migration): bumps their generation inside the writer's transaction, so a
 * summary built while the write was in flight cannot be saved as fresh.
 *
 * Every write to an entity's records calls it, last in its transaction. One
 * statement with the refs in order, so concurrent writers take the row
 * locks in the same order.
 */
export async function touchSummaries(
  trx: Knex.Transaction,
  refs: readonly unknown[],
): Promise<void> {
  const unique = [
    ...new Set(
      refs
        .filter((ref): ref is string => typeof ref === 'string' && !!ref)
        .map(normalizeRef),
    ),
  ].sort();
  for (const chunk of chunks(unique)) {
    await trx('vs_entity_summary')
      .insert(chunk.map(ref => ({ entity_ref: ref, generation: 1 })))
      .onConflict('entity_ref')
      .merge({
        generation: trx.raw('?? + 1', ['vs_entity_summary.generation']),
      });
  }
}
