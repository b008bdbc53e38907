/*
 * The board reads one row per service: the computed stage row carries the
 * catalog facts the board shows and filters on (title, owner, system,
 * lifecycle) and the version in production, written by the stage
 * computation, so that a board request reads this table instead of listing
 * the whole catalog.
 *
 * Its open record counts come from partial indexes over open records only
 * (a few percent of a table that grows with history), so counting them for
 * every service reads a small index, not the records.
 */

// Entity refs: kind (63) + ':' + namespace (63) + '/' + name (63), with room.
const REF = 320;

// A literal predicate (not a bound value), which SQLite needs to match a
// query's `is_open = true` to the partial index.
const OPEN = 'is_open = true';

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
    table.string('production_version', 255).nullable();
    table.index(['owner_ref'], 'vs_entity_stage_owner_idx');
    table.index(['system_ref'], 'vs_entity_stage_system_idx');
  });
  await knex.schema.alterTable('vs_incidents', table => {
    table.index(
      ['entity_ref', 'response_breached', 'resolution_breached'],
      'vs_incidents_open_entity_idx',
      { predicate: knex.whereRaw(OPEN) },
    );
  });
  for (const name of ['vs_changes', 'vs_problems']) {
    await knex.schema.alterTable(name, table => {
      table.index(['entity_ref'], `${name}_open_entity_idx`, {
        predicate: knex.whereRaw(OPEN),
      });
    });
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const name of ['vs_incidents', 'vs_changes', 'vs_problems']) {
    await knex.schema.alterTable(name, table => {
      table.dropIndex([], `${name}_open_entity_idx`);
    });
  }
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
      'production_version',
    );
  });
};
