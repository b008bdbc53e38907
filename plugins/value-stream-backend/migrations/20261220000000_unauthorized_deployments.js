/*
 * What unauthorized change detection stores: whether a production
 * deployment was made with no authorized change covering it (false for
 * deployments recorded before this version, which were never judged), the
 * reason in words, and an index for the unauthorized deployments of an
 * entity, which the stage task (the board's gap), the scorecards and the
 * metrics read.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('vs_deployments', table => {
    table.boolean('unauthorized').notNullable().defaultTo(false);
    table.text('unauthorized_reason').nullable();
    table.index(
      ['entity_ref', 'unauthorized', 'created_at'],
      'vs_deployments_entity_unauthorized_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('vs_deployments', table => {
    table.dropIndex(
      ['entity_ref', 'unauthorized', 'created_at'],
      'vs_deployments_entity_unauthorized_idx',
    );
  });
  // A plain DROP COLUMN on both databases: knex rebuilds the table on SQLite.
  await knex.raw('alter table ?? drop column ??', [
    'vs_deployments',
    'unauthorized_reason',
  ]);
  await knex.raw('alter table ?? drop column ??', [
    'vs_deployments',
    'unauthorized',
  ]);
};
