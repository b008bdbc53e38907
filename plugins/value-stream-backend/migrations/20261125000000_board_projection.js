/*
 * The board reads one row per service: the computed stage row carries the
 * catalog facts the board shows and filters on (title, owner, system,
 * lifecycle), written by the stage computation, so that a board request is
 * one query on this table instead of a listing of the whole catalog.
 */

// Entity refs: kind (63) + ':' + namespace (63) + '/' + name (63), with room.
const REF = 320;

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('vs_entity_stage', table => {
    table.string('kind', 63).nullable();
    table.string('title', 512).nullable();
    // spec.owner and spec.system as written, for display.
    table.string('owner', REF).nullable();
    table.string('system', REF).nullable();
    // The ownedBy and partOf(system) relation targets, for the filters.
    table.string('owner_ref', REF).nullable();
    table.string('system_ref', REF).nullable();
    table.string('lifecycle', 63).nullable();
    table.index(['owner_ref'], 'vs_entity_stage_owner_idx');
    table.index(['system_ref'], 'vs_entity_stage_system_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('vs_entity_stage', table => {
    table.dropIndex([], 'vs_entity_stage_owner_idx');
    table.dropIndex([], 'vs_entity_stage_system_idx');
  });
  await knex.schema.alterTable('vs_entity_stage', table => {
    table.dropColumns(
      'kind',
      'title',
      'owner',
      'system',
      'owner_ref',
      'system_ref',
      'lifecycle',
    );
  });
};
