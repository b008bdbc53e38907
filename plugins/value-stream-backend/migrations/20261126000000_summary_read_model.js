/*
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
 */

// Entity refs: kind (63) + ':' + namespace (63) + '/' + name (63), with room.
const REF = 320;

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
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('vs_entity_stage', table => {
    table.dropColumn('checklist_key');
  });
  await knex.schema.dropTable('vs_entity_summary');
};
