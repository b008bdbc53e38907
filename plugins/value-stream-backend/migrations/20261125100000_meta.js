/*
 * Facts about the store itself, one row per key: for now only that the demo
 * data was seeded. The seeder used to record that as a marker event, which
 * showed among the unmatched events in the portal; this moves it here.
 *
 * The key is the primary key, so of two replicas that record the same key
 * at once exactly one inserts it (insert ... on conflict do nothing).
 */

const { randomUUID } = require('node:crypto');

const DEMO_SEEDED = 'demo-data-seeded';
// The marker event of earlier versions.
const MARKER = {
  source: 'portal',
  fingerprint: 'valuestream-demo-data',
  starts_at: '2000-01-01T00:00:00.000Z',
};

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('vs_meta', table => {
    table.comment('Facts about the Value Stream store, one row per key');
    table.string('key', 128).primary().notNullable();
    table.text('value').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });
  const markers = knex('vs_events').where({
    source: MARKER.source,
    fingerprint: MARKER.fingerprint,
  });
  const marker = await markers.clone().first('received_at');
  if (marker) {
    await knex('vs_meta').insert({
      key: DEMO_SEEDED,
      value: null,
      created_at: marker.received_at,
    });
    await markers.clone().delete();
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // Put the marker event back, so that the seeder of earlier versions still
  // knows the demo data was seeded.
  const seeded = await knex('vs_meta')
    .where('key', DEMO_SEEDED)
    .first('created_at');
  if (seeded) {
    const at = seeded.created_at;
    await knex('vs_events')
      .insert({
        id: randomUUID(),
        entity_ref: null,
        ...MARKER,
        severity: 'informational',
        status: 'resolved',
        summary: 'Value Stream demo data loaded',
        labels: JSON.stringify({ 'valuestream.io/demo-data': 'true' }),
        ends_at: null,
        incident_id: null,
        received_at: at,
        created_at: at,
      })
      .onConflict(['source', 'fingerprint', 'starts_at'])
      .ignore();
  }
  await knex.schema.dropTable('vs_meta');
};
