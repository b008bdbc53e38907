/*
 * SLOs measured from metrics. vs_slo_buckets holds each SLO's SLI at
 * five-minute resolution: the good and total events of the bucket that
 * starts at bucket_start (epoch milliseconds), one row per bucket with data.
 * vs_slo_status holds what the last evaluation made of them: the SLO as
 * declared, its state (ok, stale, no-source, pending), SLI, remaining budget,
 * coverage and burn-rate state as columns (to sort across services), the
 * burn rates and alert policies as JSON, when it last reached its source
 * (measured_at) and why it last failed. Pages read these two tables only.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('vs_slo_buckets', table => {
    table.string('entity_ref', 300).notNullable();
    table.string('slo_name', 63).notNullable();
    table.bigInteger('bucket_start').notNullable();
    table.double('good').notNullable();
    table.double('total').notNullable();
    table.primary(['entity_ref', 'slo_name', 'bucket_start']);
  });
  await knex.schema.createTable('vs_slo_status', table => {
    table.string('entity_ref', 300).notNullable();
    table.string('slo_name', 63).notNullable();
    table.text('definition').notNullable();
    table.string('origin', 20).notNullable();
    table.string('source', 63).notNullable();
    table.string('state', 20).notNullable();
    table.double('sli').nullable();
    table.double('remaining_budget').nullable();
    table.double('coverage').nullable();
    table.string('burn_rate_state', 20).notNullable();
    table.text('evaluation').nullable();
    table.timestamp('measured_at', { useTz: true }).nullable();
    table.timestamp('evaluated_at', { useTz: true }).nullable();
    table.text('error').nullable();
    table.primary(['entity_ref', 'slo_name']);
    table.index(['remaining_budget'], 'vs_slo_status_budget_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('vs_slo_status');
  await knex.schema.dropTable('vs_slo_buckets');
};
