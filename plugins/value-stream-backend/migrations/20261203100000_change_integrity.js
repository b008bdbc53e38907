/*
 * What change integrity needs stored: the fields an edit changed, with the
 * history entry that records the edit (a JSON list of { field, before,
 * after }, null for a state transition), and the factors of a change's risk
 * score with the score (a JSON list of { id, points, reason }, null for
 * changes assessed before this version, whose reasons were not kept).
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('vs_record_history', table => {
    table.text('changes').nullable();
  });
  await knex.schema.alterTable('vs_changes', table => {
    table.text('risk_factors').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // A plain DROP COLUMN on both databases: knex rebuilds the table on SQLite,
  // and dropping vs_changes there would cascade to its approvals and links.
  await knex.raw('alter table ?? drop column ??', [
    'vs_changes',
    'risk_factors',
  ]);
  await knex.raw('alter table ?? drop column ??', [
    'vs_record_history',
    'changes',
  ]);
};
