/*
 * Ingestion: idempotency of ingested records under concurrent deliveries and
 * the lookups ingestion makes per alert.
 *
 * - One incident per (source, external_id): two concurrent deliveries of the
 *   same alert or PagerDuty incident cannot open two incidents. Partial, so
 *   portal incidents (no external id) are not constrained.
 * - One deployment and one release per external id (the GitHub ids).
 * - Events by (source, fingerprint, received_at): the flapping window and the
 *   correlation of an alert with its earlier instances.
 *
 * Partial unique indexes work the same on SQLite and PostgreSQL through
 * knex's `predicate`.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('vs_incidents', table => {
    table.unique(['source', 'external_id'], {
      indexName: 'vs_incidents_source_external_id_uq',
      predicate: knex.whereNotNull('external_id'),
    });
  });
  await knex.schema.alterTable('vs_deployments', table => {
    table.unique(['external_id'], {
      indexName: 'vs_deployments_external_id_uq',
      predicate: knex.whereNotNull('external_id'),
    });
  });
  await knex.schema.alterTable('vs_releases', table => {
    table.unique(['external_id'], {
      indexName: 'vs_releases_external_id_uq',
      predicate: knex.whereNotNull('external_id'),
    });
  });
  await knex.schema.alterTable('vs_events', table => {
    table.index(
      ['source', 'fingerprint', 'received_at'],
      'vs_events_source_fingerprint_received_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // Partial unique indexes are indexes, not constraints, on PostgreSQL too.
  await knex.schema.alterTable('vs_events', table => {
    table.dropIndex([], 'vs_events_source_fingerprint_received_idx');
  });
  await knex.schema.alterTable('vs_releases', table => {
    table.dropIndex([], 'vs_releases_external_id_uq');
  });
  await knex.schema.alterTable('vs_deployments', table => {
    table.dropIndex([], 'vs_deployments_external_id_uq');
  });
  await knex.schema.alterTable('vs_incidents', table => {
    table.dropIndex([], 'vs_incidents_source_external_id_uq');
  });
};
