/*
 * The standard-change catalog and the approval policy: the models the
 * change authority approves (their history goes to vs_record_history, as
 * record type `standardChangeModel`), the model a standard change was
 * created from, and the groups an approver belonged to when deciding (a
 * JSON list of entity refs, null for decisions taken before this version).
 */

const REF = 320;

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('vs_standard_change_models', table => {
    table.comment('Standard-change models: pre-authorized, repeatable changes');
    table.uuid('id').primary().notNullable();
    table.text('name').notNullable();
    table.text('description').notNullable();
    table
      .text('scope')
      .notNullable()
      .comment('JSON { kinds, systems, owners }, refs lower-case');
    table.string('risk_ceiling', 32).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('review_at', { useTz: true }).notNullable();
    table.string('state', 32).notNullable();
    table.string('proposed_by', REF).notNullable();
    table.string('approved_by', REF).nullable();
    table.timestamp('approved_at', { useTz: true }).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.string('created_by', REF).notNullable();
    table.integer('version').notNullable().defaultTo(1);
    // The catalog page, newest first, and the models a change can use.
    table.index(['created_at', 'id'], 'vs_standard_change_models_created_idx');
    table.index(
      ['state', 'expires_at'],
      'vs_standard_change_models_state_expires_idx',
    );
  });
  await knex.schema.alterTable('vs_changes', table => {
    table.uuid('standard_change_model_id').nullable();
    table.index(['standard_change_model_id'], 'vs_changes_model_idx');
  });
  await knex.schema.alterTable('vs_change_approvals', table => {
    table.text('approver_groups').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // Plain DROP INDEX and DROP COLUMN on both databases: knex rebuilds a
  // table on SQLite, and rebuilding vs_changes would cascade to its rows.
  await knex.raw('drop index ??', ['vs_changes_model_idx']);
  await knex.raw('alter table ?? drop column ??', [
    'vs_changes',
    'standard_change_model_id',
  ]);
  await knex.raw('alter table ?? drop column ??', [
    'vs_change_approvals',
    'approver_groups',
  ]);
  await knex.schema.dropTable('vs_standard_change_models');
};
