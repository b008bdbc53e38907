/*
 * Read models kept fresh by the writes themselves, for the two reads every
 * portal user makes: the entity tab's summary and the board.
 *
 * The entity tab's summary as a stored read model: one row per entity with
 * the summary's document, so that a tab load reads one row instead of a
 * dozen queries and a catalog round trip.
 *
 * Freshness is a generation counter. Every store write that touches an
 * entity's records bumps `generation` in the same transaction; a document
 * is stored with the generation read before it was built
 * (`doc_generation`) and served only while the two are equal. A write that
 * commits while a document is being built therefore always leaves it stale,
 * whatever the reads saw.
 *
 * `checklist_key` on the stage row is a digest of the last computed stage
 * and checklist: the stage task compares it to detect changes that come
 * from the catalog (annotations, required resources) rather than from
 * records, and bumps the generation for those too.
 *
 * The board: the stage row keeps its entity's open record counts, recounted
 * by every write to the entity's records after it took the entity's summary
 * row lock (so two writers recount one after the other), and its board item
 * as JSON, written with the stage. A board request then reads one table and
 * pastes the items together, instead of counting open records per request.
 */

// Entity refs: kind (63) + ':' + namespace (63) + '/' + name (63), with room.
const REF = 320;

const COUNTS = [
  'open_incidents',
  'breached_incidents',
  'open_changes',
  'open_problems',
];

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('vs_entity_summary', table => {
    table.comment('Stored summary documents of the entity tab, per entity');
    table.string('entity_ref', REF).primary().notNullable();
    table.integer('generation').notNullable().defaultTo(0);
    table.integer('doc_generation').nullable();
    table.text('body').nullable();
    table.timestamp('computed_at', { useTz: true }).nullable();
  });
  await knex.schema.alterTable('vs_entity_stage', table => {
    table.string('checklist_key', 64).nullable();
    for (const column of COUNTS) {
      table.integer(column).notNullable().defaultTo(0);
    }
    // Null until the stage is next recorded with the entity's catalog facts.
    table.text('board_item').nullable();
  });
  const count = (table, extra = '') =>
    knex.raw(
      `(select count(*) from ${table} r where r.entity_ref = vs_entity_stage.entity_ref and r.is_open = true${extra})`,
    );
  await knex('vs_entity_stage').update({
    open_incidents: count('vs_incidents'),
    breached_incidents: count(
      'vs_incidents',
      ' and (r.response_breached = true or r.resolution_breached = true)',
    ),
    open_changes: count('vs_changes'),
    open_problems: count('vs_problems'),
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('vs_entity_stage', table => {
    table.dropColumns('checklist_key', 'board_item', ...COUNTS);
  });
  await knex.schema.dropTable('vs_entity_summary');
};
