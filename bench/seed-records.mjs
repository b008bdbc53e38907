// Bulk-loads synthetic practice records straight into the Value Stream
// tables (the store's own create path writes one record per transaction,
// which would take hours for a million). Shapes follow the migrations in
// plugins/value-stream-backend/migrations.
import { randomUUID } from 'node:crypto';
import { prng } from './gen-catalog.mjs';

const DAY = 86_400_000;
const ACTOR = 'user:default/bench';

/** How a million records split over the record types. */
export const MIX = {
  deployments: 0.32,
  changes: 0.26,
  incidents: 0.2,
  releases: 0.12,
  problems: 0.1,
};

/**
 * @param {import('knex').Knex} knex  a connection to the value-stream database
 * @param {string[]} refs              entity refs of the services
 * @param {number} total               number of records to write
 * @param {(msg: string) => void} log
 * @param {object} [options]
 * @param {Partial<Record<keyof MIX, number>>} [options.counts]
 *   exact numbers per record type instead of `total` split by MIX
 */
export async function seedRecords(knex, refs, total, log, options = {}) {
  const rand = prng(7);
  const now = Date.now();
  const pick = arr => arr[Math.floor(rand() * arr.length)];
  const ts = daysAgo => new Date(now - daysAgo * DAY).toISOString();
  const counts = Object.fromEntries(
    Object.entries(MIX).map(([k, share]) => [
      k,
      options.counts ? options.counts[k] ?? 0 : Math.round(total * share),
    ]),
  );
  const isPg = knex.client.config.client === 'pg';
  // PostgreSQL takes at most 65,535 bind parameters a statement; the widest
  // table has 34 columns.
  const batchSize = isPg ? 1500 : 500;
  const history = [];

  async function insert(table, rows) {
    for (let i = 0; i < rows.length; i += batchSize) {
      await knex(table).insert(rows.slice(i, i + batchSize));
    }
  }

  function base(entityRef, state, open, createdDaysAgo) {
    const id = randomUUID();
    const created = ts(createdDaysAgo);
    history.push({
      record_type: '',
      record_id: id,
      at: created,
      actor: ACTOR,
      from_state: null,
      to_state: state,
      note: null,
    });
    return {
      id,
      entity_ref: entityRef,
      state,
      is_open: open,
      created_at: created,
      updated_at: created,
      created_by: ACTOR,
      version: 1,
    };
  }

  async function flushHistory(recordType) {
    for (const h of history) h.record_type = recordType;
    await insert('vs_record_history', history.splice(0));
  }

  // One agreed service level per service, so attainment has targets.
  const targets = JSON.stringify({
    P1: { responseMinutes: 15, resolutionMinutes: 240 },
    P2: { responseMinutes: 30, resolutionMinutes: 480 },
    P3: { responseMinutes: 240, resolutionMinutes: 2880 },
    P4: { responseMinutes: 480, resolutionMinutes: 7200 },
  });
  await insert(
    'vs_service_levels',
    refs.map(ref => ({
      ...base(ref, 'agreed', true, 400),
      name: 'Standard',
      tier: 'silver',
      availability_target: 99.9,
      targets,
      slos: '[]',
      agreed_by: ACTOR,
      agreed_at: ts(399),
      from_annotation: false,
    })),
  );
  await flushHistory('serviceLevel');

  const chunk = 50_000;
  const write = async (table, recordType, n, make) => {
    for (let done = 0; done < n; done += chunk) {
      const rows = [];
      for (let i = done; i < Math.min(n, done + chunk); i++) rows.push(make(i));
      await insert(table, rows);
      await flushHistory(recordType);
      log(`${table}: ${Math.min(n, done + chunk)}/${n}`);
    }
  };

  await write('vs_changes', 'change', counts.changes, () => {
    const open = rand() < 0.03;
    const state = open
      ? pick(['new', 'assess', 'authorize', 'scheduled'])
      : pick(['closed', 'closed', 'closed', 'failed', 'cancelled']);
    return {
      ...base(pick(refs), state, open, rand() * 365),
      title: 'Routine change',
      description: 'Synthetic change for the benchmark',
      type: pick(['standard', 'normal', 'normal', 'emergency']),
      requested_by: ACTOR,
      planned_start: null,
      planned_end: null,
      risk_score: Math.floor(rand() * 100),
      risk_level: pick(['low', 'medium', 'high']),
      proposes_service: false,
    };
  });
  await write('vs_releases', 'release', counts.releases, i => {
    const open = rand() < 0.02;
    return {
      ...base(pick(refs), open ? 'planned' : 'deployed', open, rand() * 365),
      release_version: `1.${i % 1000}.${i % 7}`,
      title: 'Synthetic release',
      git_tag: null,
      git_sha: null,
      url: null,
      external_id: null,
    };
  });
  await write('vs_deployments', 'deployment', counts.deployments, i => {
    const env = pick(['development', 'staging', 'production']);
    const createdDaysAgo = rand() * 365;
    return {
      ...base(
        pick(refs),
        rand() < 0.1 ? 'failure' : 'success',
        false,
        createdDaysAgo,
      ),
      environment: env,
      production: env === 'production',
      deployed_version: `1.${i % 1000}.0`,
      started_at: ts(createdDaysAgo),
      finished_at: ts(createdDaysAgo - 0.01),
      release_id: null,
      change_id: null,
      git_sha: null,
      url: null,
      external_id: null,
    };
  });
  await write('vs_incidents', 'incident', counts.incidents, () => {
    const open = rand() < 0.02;
    const createdDaysAgo = open ? rand() * 3 : rand() * 365;
    const priority = pick(['P1', 'P2', 'P3', 'P3', 'P4', 'P4']);
    return {
      ...base(
        pick(refs),
        open ? pick(['new', 'acknowledged', 'in_progress']) : 'closed',
        open,
        createdDaysAgo,
      ),
      title: 'Synthetic incident',
      description: 'Synthetic incident for the benchmark',
      impact: 'medium',
      urgency: 'medium',
      priority,
      major: false,
      reporter: ACTOR,
      contact_channel: null,
      assignee: null,
      waiting_on_reporter: false,
      caused_by_change_id: null,
      problem_id: null,
      knowledge_links: '[]',
      resolved_at: open ? null : ts(createdDaysAgo - 0.1),
      resolution_note: open ? null : 'Restored',
      response_due_at: ts(createdDaysAgo - 0.01),
      resolution_due_at: ts(createdDaysAgo - 0.2),
      responded_at: ts(createdDaysAgo - 0.005),
      paused_at: null,
      paused_ms: 0,
      response_breached: false,
      resolution_breached: rand() < 0.05,
      sla_next_due_at: null,
      source: 'portal',
      external_id: null,
      external_url: null,
    };
  });
  await write('vs_problems', 'problem', counts.problems, () => {
    const open = rand() < 0.05;
    return {
      ...base(pick(refs), open ? 'known_error' : 'closed', open, rand() * 365),
      title: 'Synthetic problem',
      description: 'Synthetic problem for the benchmark',
      root_cause: 'Synthetic root cause',
      workaround: 'Restart',
    };
  });
  return counts;
}
