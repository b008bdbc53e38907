/*
 * Stored summaries change form: two lines of JSON (the attainment inputs,
 * parsed at each read, and the rest of the answer, pasted as is) where
 * there was one document. Either way, the documents stored in the other
 * form are marked stale, so the stage task builds them again and no read
 * takes one for the form it expects.
 */

/**
 * @param {import('knex').Knex} knex
 */
async function markAllStale(knex) {
  await knex('vs_entity_summary').update({ doc_generation: null });
}

exports.up = markAllStale;
exports.down = markAllStale;
