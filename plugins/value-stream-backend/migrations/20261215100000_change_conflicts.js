/*
 * What freeze overrides and conflict detection need stored: the conflicts
 * found for a change when it was last created, edited or scheduled (a JSON
 * list of { changeId, title, entityRef, type, state, plannedStart,
 * plannedEnd, hops, relation, via }, null for changes written before this
 * version), whether an approval is the change authority's freeze override,
 * and an index for the open changes whose windows overlap a window: by
 * start, with the end in the index too, so that the overlap is judged on
 * index entries and only the overlapping rows are read.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('vs_changes', table => {
    table.text('conflicts').nullable();
    table.index(
      ['is_open', 'planned_start', 'planned_end'],
      'vs_changes_open_window_idx',
    );
  });
  await knex.schema.alterTable('vs_change_approvals', table => {
    table.boolean('freeze_override').notNullable().defaultTo(false);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('vs_changes', table => {
    table.dropIndex(
      ['is_open', 'planned_start', 'planned_end'],
      'vs_changes_open_window_idx',
    );
  });
  // A plain DROP COLUMN on both databases: knex rebuilds the table on SQLite,
  // and dropping vs_changes there would cascade to its approvals and links.
  await knex.raw('alter table ?? drop column ??', [
    'vs_change_approvals',
    'freeze_override',
  ]);
  await knex.raw('alter table ?? drop column ??', ['vs_changes', 'conflicts']);
};
