import { randomUUID } from 'node:crypto';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { testDatabaseIds } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

const migrationsDir = resolvePackagePath(
  '@valuestream/plugin-value-stream-backend',
  'migrations',
);

const TABLES = [
  'vs_changes',
  'vs_change_approvals',
  'vs_releases',
  'vs_release_changes',
  'vs_deployments',
  'vs_incidents',
  'vs_problems',
  'vs_problem_incidents',
  'vs_service_levels',
  'vs_events',
  'vs_record_history',
  'vs_entity_stage',
  'vs_stage_history',
  'vs_meta',
  'vs_entity_summary',
  'vs_standard_change_models',
  'vs_slo_buckets',
  'vs_slo_status',
];

const NOW = '2026-01-01T00:00:00.000Z';
const META = '20261125100000_meta.js';
const REF = 'component:default/checkout';

function base(state: string) {
  return {
    id: randomUUID(),
    entity_ref: REF,
    state,
    is_open: true,
    created_at: NOW,
    updated_at: NOW,
    created_by: 'user:default/alice',
    version: 1,
  };
}

/** One row in every table, linked the way the store links them. */
async function insertRows(knex: Knex) {
  const change = {
    ...base('new'),
    title: 'Change',
    description: 'A change',
    type: 'normal',
    requested_by: 'user:default/alice',
    proposes_service: true,
  };
  const release = { ...base('planned'), release_version: '1.0.0', title: 'R' };
  const incident = {
    ...base('new'),
    title: 'Incident',
    description: 'Broken',
    impact: 'high',
    urgency: 'high',
    priority: 'P1',
    reporter: 'user:default/alice',
    knowledge_links: '[]',
    caused_by_change_id: change.id,
    sla_next_due_at: NOW,
  };
  const problem = { ...base('new'), title: 'Problem', description: 'Why' };
  await knex('vs_changes').insert(change);
  await knex('vs_change_approvals').insert({
    id: randomUUID(),
    change_id: change.id,
    approver: 'user:default/bob',
    decision: 'approved',
    at: NOW,
  });
  await knex('vs_releases').insert(release);
  await knex('vs_release_changes').insert({
    release_id: release.id,
    change_id: change.id,
  });
  await knex('vs_deployments').insert({
    ...base('success'),
    environment: 'production',
    production: true,
    deployed_version: '1.0.0',
    release_id: release.id,
    change_id: change.id,
  });
  await knex('vs_incidents').insert(incident);
  await knex('vs_problems').insert(problem);
  await knex('vs_problem_incidents').insert({
    problem_id: problem.id,
    incident_id: incident.id,
  });
  await knex('vs_service_levels').insert({
    ...base('agreed'),
    name: 'Gold',
    availability_target: 99.9,
    targets: '{}',
    slos: '[]',
  });
  await knex('vs_events').insert({
    id: randomUUID(),
    entity_ref: null,
    source: 'alertmanager',
    fingerprint: 'abc',
    severity: 'warning',
    status: 'firing',
    summary: 'Alert',
    labels: '{}',
    starts_at: NOW,
    received_at: NOW,
    created_at: NOW,
  });
  await knex('vs_record_history').insert({
    record_type: 'change',
    record_id: change.id,
    at: NOW,
    actor: 'user:default/alice',
    from_state: null,
    to_state: 'new',
  });
  await knex('vs_entity_stage').insert({
    entity_ref: REF,
    stage: 'build',
    since: NOW,
    computed_at: NOW,
    gaps: 1,
  });
  await knex('vs_stage_history').insert({
    entity_ref: REF,
    from_stage: null,
    to_stage: 'build',
    at: NOW,
  });
  await knex('vs_meta').insert({ key: 'k', value: null, created_at: NOW });
  await knex('vs_entity_summary').insert({
    entity_ref: REF,
    generation: 1,
    doc_generation: 1,
    body: '{}',
    computed_at: NOW,
  });
  await knex('vs_standard_change_models').insert({
    id: randomUUID(),
    name: 'Rotate certificates',
    description: 'Replace the certificate',
    scope: '{"kinds":["component"],"systems":[],"owners":[]}',
    risk_ceiling: 'medium',
    expires_at: NOW,
    review_at: NOW,
    state: 'approved',
    proposed_by: 'user:default/alice',
    created_at: NOW,
    updated_at: NOW,
    created_by: 'user:default/alice',
    version: 1,
  });
  await knex('vs_slo_buckets').insert({
    entity_ref: REF,
    slo_name: 'checkout-latency',
    bucket_start: Date.parse(NOW),
    good: 99,
    total: 100,
  });
  await knex('vs_slo_status').insert({
    entity_ref: REF,
    slo_name: 'checkout-latency',
    definition: '{}',
    origin: 'annotation',
    source: 'default',
    state: 'pending',
    burn_rate_state: 'no-data',
  });
}

async function existingTables(knex: Knex): Promise<string[]> {
  const exists = await Promise.all(TABLES.map(t => knex.schema.hasTable(t)));
  return TABLES.filter((_, i) => exists[i]);
}

describe.each(databases.eachSupportedId())('migrations on %s', databaseId => {
  it('migrates up with data, all the way down, and up again', async () => {
    const knex = await databases.init(databaseId);

    await knex.migrate.latest({ directory: migrationsDir });
    expect(await existingTables(knex)).toEqual(TABLES);
    await insertRows(knex);
    for (const table of TABLES) {
      const [{ n }] = await knex(table).count({ n: '*' });
      expect(Number(n)).toBe(1);
    }

    await knex.migrate.rollback({ directory: migrationsDir }, true);
    expect(await existingTables(knex)).toEqual([]);

    await knex.migrate.latest({ directory: migrationsDir });
    expect(await existingTables(knex)).toEqual(TABLES);
    await insertRows(knex);
    const [{ n }] = await knex('vs_changes').count({ n: '*' });
    expect(Number(n)).toBe(1);
  });

  it('the ingest migration enforces one incident per external id and rolls back', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    await insertRows(knex);
    const incident = (await knex('vs_incidents').first()) as Record<
      string,
      unknown
    >;
    const copy = (source: string | null, externalId: string | null) => ({
      ...incident,
      id: randomUUID(),
      source,
      external_id: externalId,
    });
    await knex('vs_incidents').insert(copy('alertmanager', 'k1'));
    await knex('vs_incidents').insert(copy('pagerduty', 'k1'));
    await knex('vs_incidents').insert(copy('portal', null));
    await knex('vs_incidents').insert(copy('portal', null));
    await expect(
      knex('vs_incidents').insert(copy('alertmanager', 'k1')),
    ).rejects.toThrow();

    // Undoing it keeps the data and lifts the constraint.
    await knex.migrate.down({
      directory: migrationsDir,
      name: '20261124100000_ingest.js',
    });
    await knex('vs_incidents').insert(copy('alertmanager', 'k2'));
    await knex('vs_incidents').insert(copy('alertmanager', 'k2'));
    const [{ n }] = await knex('vs_incidents').count({ n: '*' });
    expect(Number(n)).toBe(7);
  });

  it('the board projection migration adds catalog facts to the stage row and rolls back', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    await insertRows(knex);
    await knex('vs_entity_stage').update({
      kind: 'Component',
      title: 'Checkout',
      owner: 'team-a',
      owner_ref: 'group:default/team-a',
    });
    const [{ owned }] = await knex('vs_entity_stage')
      .where('owner_ref', 'group:default/team-a')
      .count({ owned: '*' });
    expect(Number(owned)).toBe(1);

    await knex.migrate.down({
      directory: migrationsDir,
      name: '20261125000000_board_projection.js',
    });
    expect(await knex.schema.hasColumn('vs_entity_stage', 'owner_ref')).toBe(
      false,
    );
    const [{ n }] = await knex('vs_entity_stage').count({ n: '*' });
    expect(Number(n)).toBe(1);
  });

  it('the meta migration moves the demo marker event out of the events and back', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    await knex.migrate.down({ directory: migrationsDir, name: META });
    expect(await knex.schema.hasTable('vs_meta')).toBe(false);
    // An alert, and the marker event the demo seeder of earlier versions wrote.
    const marker = {
      id: randomUUID(),
      entity_ref: null,
      source: 'portal',
      fingerprint: 'valuestream-demo-data',
      severity: 'informational',
      status: 'resolved',
      summary: 'Value Stream demo data loaded',
      labels: '{"valuestream.io/demo-data":"true"}',
      starts_at: '2000-01-01T00:00:00.000Z',
      received_at: NOW,
      created_at: NOW,
    };
    await knex('vs_events').insert([
      marker,
      {
        ...marker,
        id: randomUUID(),
        source: 'alertmanager',
        fingerprint: 'abc',
      },
    ]);
    const markers = () =>
      knex('vs_events')
        .where({ source: 'portal', fingerprint: 'valuestream-demo-data' })
        .select('id');

    await knex.migrate.latest({ directory: migrationsDir });
    expect(await markers()).toEqual([]);
    const meta = await knex('vs_meta').select('key', 'created_at');
    expect(meta.map(m => m.key)).toEqual(['demo-data-seeded']);
    expect(new Date(meta[0].created_at).toISOString()).toBe(NOW);
    // Other events stay.
    const [{ n }] = await knex('vs_events').count({ n: '*' });
    expect(Number(n)).toBe(1);
    // Only one caller can record a key.
    await expect(
      knex('vs_meta').insert({ key: 'demo-data-seeded', created_at: NOW }),
    ).rejects.toThrow();

    await knex.migrate.down({ directory: migrationsDir, name: META });
    expect(await knex.schema.hasTable('vs_meta')).toBe(false);
    expect(await markers()).toHaveLength(1);
  });

  it('the summary lines migration marks stored summaries stale, both ways', async () => {
    const knex = await databases.init(databaseId);
    const name = '20261127000000_summary_lines.js';
    const stale = async () =>
      (await knex('vs_entity_summary').first('doc_generation')).doc_generation;
    await knex.migrate.latest({ directory: migrationsDir });
    await insertRows(knex);
    expect(await stale()).not.toBeNull();

    await knex.migrate.down({ directory: migrationsDir, name });
    expect(await stale()).toBeNull();
    await knex('vs_entity_summary').update({ doc_generation: 1 });
    await knex.migrate.latest({ directory: migrationsDir });
    expect(await stale()).toBeNull();
  });

  it('the read models migration adds the summary table, the board counts and item, and rolls back', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    await insertRows(knex);
    await knex('vs_entity_stage').update({ checklist_key: 'k'.repeat(43) });
    await expect(
      knex('vs_entity_summary').insert({ entity_ref: REF, generation: 2 }),
    ).rejects.toThrow();

    await knex.migrate.down({
      directory: migrationsDir,
      name: '20261126000000_read_models.js',
    });
    expect(await knex.schema.hasTable('vs_entity_summary')).toBe(false);
    expect(
      await knex.schema.hasColumn('vs_entity_stage', 'checklist_key'),
    ).toBe(false);
    const [{ n }] = await knex('vs_entity_stage').count({ n: '*' });
    expect(Number(n)).toBe(1);

    // Up again over existing records: the stage row gets their open counts.
    await knex.migrate.latest({ directory: migrationsDir });
    const row = await knex('vs_entity_stage').first();
    expect(
      [
        row.open_incidents,
        row.breached_incidents,
        row.open_changes,
        row.open_problems,
      ].map(Number),
    ).toEqual([1, 0, 1, 1]);
    expect(row.board_item).toBeNull();
  });

  it('the change integrity migration adds edit changes and risk factors, and rolls back', async () => {
    const knex = await databases.init(databaseId);
    const name = '20261203100000_change_integrity.js';
    await knex.migrate.latest({ directory: migrationsDir });
    await insertRows(knex);
    const changes = '[{"field":"title","before":"a","after":"b"}]';
    const factors = '[{"id":"type","points":15,"reason":"normal change"}]';
    await knex('vs_record_history').update({ changes });
    await knex('vs_changes').update({ risk_factors: factors });
    expect((await knex('vs_record_history').first('changes')).changes).toBe(
      changes,
    );

    await knex.migrate.down({ directory: migrationsDir, name });
    expect(await knex.schema.hasColumn('vs_record_history', 'changes')).toBe(
      false,
    );
    expect(await knex.schema.hasColumn('vs_changes', 'risk_factors')).toBe(
      false,
    );
    // Rebuilding the changes table on SQLite keeps the rows that point at it.
    for (const table of [
      'vs_record_history',
      'vs_changes',
      'vs_change_approvals',
      'vs_release_changes',
    ]) {
      const [{ n }] = await knex(table).count({ n: '*' });
      expect(Number(n)).toBe(1);
    }

    await knex.migrate.latest({ directory: migrationsDir });
    const row = await knex('vs_changes').first('risk_factors');
    expect(row.risk_factors).toBeNull();
  });

  it('the standard-change migration adds the models, the model of a change and approver groups, and rolls back', async () => {
    const knex = await databases.init(databaseId);
    const name = '20261210000000_standard_change_models.js';
    await knex.migrate.latest({ directory: migrationsDir });
    await insertRows(knex);
    const [{ id }] = await knex('vs_standard_change_models').select('id');
    await knex('vs_changes').update({ standard_change_model_id: id });
    await knex('vs_change_approvals').update({
      approver_groups: '["group:default/cab"]',
    });

    await knex.migrate.down({ directory: migrationsDir, name });
    expect(await knex.schema.hasTable('vs_standard_change_models')).toBe(false);
    expect(
      await knex.schema.hasColumn('vs_changes', 'standard_change_model_id'),
    ).toBe(false);
    expect(
      await knex.schema.hasColumn('vs_change_approvals', 'approver_groups'),
    ).toBe(false);
    // Dropping the columns keeps the rows that point at the changes.
    for (const table of [
      'vs_changes',
      'vs_change_approvals',
      'vs_release_changes',
    ]) {
      const [{ n }] = await knex(table).count({ n: '*' });
      expect(Number(n)).toBe(1);
    }

    await knex.migrate.latest({ directory: migrationsDir });
    const row = await knex('vs_change_approvals').first('approver_groups');
    expect(row.approver_groups).toBeNull();
  });

  it('the unauthorized deployments migration adds the flag and its reason, and rolls back', async () => {
    const knex = await databases.init(databaseId);
    const name = '20261220000000_unauthorized_deployments.js';
    await knex.migrate.latest({ directory: migrationsDir });
    await insertRows(knex);
    // Deployments written before the flag existed were never judged.
    const before = await knex('vs_deployments').first('unauthorized');
    expect([false, 0]).toContain(before.unauthorized);
    await knex('vs_deployments').update({
      unauthorized: true,
      unauthorized_reason: 'No authorized change covers it',
    });

    await knex.migrate.down({ directory: migrationsDir, name });
    for (const column of ['unauthorized', 'unauthorized_reason']) {
      expect(await knex.schema.hasColumn('vs_deployments', column)).toBe(false);
    }
    const [{ n }] = await knex('vs_deployments').count({ n: '*' });
    expect(Number(n)).toBe(1);

    await knex.migrate.latest({ directory: migrationsDir });
    const row = await knex('vs_deployments').first(
      'unauthorized',
      'unauthorized_reason',
    );
    expect([false, 0]).toContain(row.unauthorized);
    expect(row.unauthorized_reason).toBeNull();
  });
});
