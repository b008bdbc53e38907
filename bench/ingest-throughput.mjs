// Benchmark for Alertmanager ingestion (issue: ingest throughput).
//
// For each database: start the portal on a synthetic catalog, then
// --concurrency clients post Alertmanager webhook batches of --batch alerts
// (version 4 payloads, unique fingerprints, labels that map to services) for
// --seconds. Afterwards every alert must be stored exactly once. In the same
// run the raw batch-insert rate of the same database is measured: rows shaped
// like events inserted --batch at a time into a copy of the events table.
//
//   ./dev node bench/ingest-throughput.mjs [--db sqlite,pg] [--seconds 60]
//        [--concurrency 8] [--batch 100] [--critical-share 0.05]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pluginDb, dropPgDatabases } from './db.mjs';
import { randomUUID } from 'node:crypto';
import { writeCatalog, serviceName, prng } from './gen-catalog.mjs';
import {
  authHeaders,
  baseUrl,
  databaseConfig,
  repoRoot,
  startPortal,
  waitForCatalog,
} from './portal.mjs';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite,pg' },
    seconds: { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '8' },
    batch: { type: 'string', default: '100' },
    services: { type: 'string', default: '200' },
    'critical-share': { type: 'string', default: '0.05' },
  },
});
const seconds = Number(args.seconds);
const concurrency = Number(args.concurrency);
const batch = Number(args.batch);
const services = Number(args.services);
const criticalShare = Number(args['critical-share']);
const log = msg =>
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

function alertBatch(runId, clientId, seq, rand) {
  const startsAt = new Date().toISOString();
  const alerts = [];
  for (let i = 0; i < batch; i++) {
    const critical = rand() < criticalShare;
    alerts.push({
      status: 'firing',
      labels: {
        alertname: critical ? 'CheckoutErrorBudgetBurn' : 'HighLatency',
        service: serviceName(Math.floor(rand() * services)),
        severity: critical ? 'critical' : 'warning',
        instance: `pod-${clientId}-${seq}-${i}`,
      },
      annotations: {
        summary: critical
          ? 'Error budget burning fast'
          : 'p99 latency above 300 ms',
      },
      startsAt,
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example.com/graph',
      fingerprint: `${runId}-${clientId}-${seq}-${i}`,
    });
  }
  return {
    version: '4',
    groupKey: `{}:{alertname="HighLatency"}-${clientId}-${seq}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'backstage',
    groupLabels: { alertname: 'HighLatency' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.com',
    alerts,
  };
}

async function ingestLoad(runId) {
  const deadline = Date.now() + seconds * 1000;
  let sent = 0;
  const statuses = {};
  async function client(clientId) {
    const rand = prng(1000 + clientId);
    for (let seq = 0; Date.now() < deadline; seq++) {
      const res = await fetch(
        `${baseUrl}/api/value-stream/ingest/alertmanager`,
        {
          method: 'POST',
          headers: { ...authHeaders, 'content-type': 'application/json' },
          body: JSON.stringify(alertBatch(runId, clientId, seq, rand)),
        },
      );
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.ok) sent += batch;
    }
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, i) => client(i)));
  return { sent, statuses, elapsed: (performance.now() - t0) / 1000 };
}

/** Raw rate: event-shaped rows inserted `batch` at a time into a copy of vs_events. */
async function rawInsertRate(knex, target) {
  const table = 'vs_events_rawbench';
  await knex.schema.dropTableIfExists(table);
  if (target === 'pg') {
    await knex.raw('create table ?? (like vs_events including all)', [table]);
  } else {
    const { sql } = await knex('sqlite_master')
      .where({ type: 'table', name: 'vs_events' })
      .first();
    await knex.raw(
      sql.replace(/CREATE TABLE [`"]?vs_events[`"]?/i, `CREATE TABLE ${table}`),
    );
    const indexes = await knex('sqlite_master')
      .where({ type: 'index', tbl_name: 'vs_events' })
      .whereNotNull('sql');
    for (const ix of indexes) {
      await knex.raw(
        ix.sql
          .replace(/`?vs_events`?\s*\(/, `${table} (`)
          .replace(/INDEX [`"]?(\w+)[`"]?/i, (_, n) => `INDEX ${n}_rawbench`),
      );
    }
  }
  const deadline = Date.now() + seconds * 1000;
  let rows = 0;
  const t0 = performance.now();
  while (Date.now() < deadline) {
    const now = new Date().toISOString();
    const chunk = [];
    for (let i = 0; i < batch; i++) {
      chunk.push({
        id: randomUUID(),
        entity_ref: `component:default/${serviceName(i % services)}`,
        source: 'alertmanager',
        fingerprint: randomUUID(),
        severity: 'warning',
        status: 'firing',
        summary: 'p99 latency above 300 ms',
        labels: '{"alertname":"HighLatency","severity":"warning"}',
        starts_at: now,
        ends_at: null,
        incident_id: null,
        received_at: now,
        created_at: now,
      });
    }
    await knex(table).insert(chunk);
    rows += batch;
  }
  const elapsed = (performance.now() - t0) / 1000;
  await knex.schema.dropTable(table);
  return { rows, elapsed, rate: Math.round(rows / elapsed) };
}

async function benchTarget(target) {
  const workDir = join('/tmp', `vs-ingest-bench-${target}`);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const catalogFile = join(workDir, 'catalog.yaml');
  writeCatalog(catalogFile, services);
  const db = databaseConfig(target, workDir);
  log(`${target}: starting the backend`);
  const portal = await startPortal({
    workDir,
    database: db,
    catalogFiles: [catalogFile],
    extra: { valueStream: { demoData: { enabled: false } } },
  });
  try {
    await waitForCatalog('component', services);
    const runId = randomUUID().slice(0, 8);
    log(
      `${target}: posting batches of ${batch} alerts from ${concurrency} clients for ${seconds} s`,
    );
    const load = await ingestLoad(runId);
    const knex = pluginDb(target, workDir, db);
    const [{ n }] = await knex('vs_events')
      .where('fingerprint', 'like', `${runId}-%`)
      .count({ n: '*' });
    const [{ d }] = await knex('vs_events')
      .where('fingerprint', 'like', `${runId}-%`)
      .countDistinct({ d: 'fingerprint' });
    const stored = Number(n);
    log(`${target}: measuring the raw batch-insert rate`);
    const raw = await rawInsertRate(knex, target);
    await knex.destroy();
    const rate = Math.round(load.sent / load.elapsed);
    const result = {
      target,
      seconds,
      concurrency,
      batch,
      criticalShare,
      alertsAccepted: load.sent,
      alertsStored: stored,
      distinctFingerprints: Number(d),
      exactlyOnce: stored === load.sent && Number(d) === stored,
      statuses: load.statuses,
      alertsPerSecond: rate,
      rawInsertRowsPerSecond: raw.rate,
      shareOfRaw: Math.round((rate / raw.rate) * 100) / 100,
    };
    log(`${target}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await portal.stop();
    if (target === 'pg')
      await dropPgDatabases(db).catch(e =>
        log(`could not drop bench databases: ${e}`),
      );
  }
}

const results = [];
for (const target of args.db.split(','))
  results.push(await benchTarget(target));
mkdirSync(join(repoRoot, 'bench-results'), { recursive: true });
const out = join(
  repoRoot,
  'bench-results',
  `ingest-throughput-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
);
writeFileSync(out, JSON.stringify(results, null, 2));
console.log(
  '\n| database | alerts/s ingested | raw inserts/s | share of raw | accepted | stored | exactly once |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.target} | ${r.alertsPerSecond} | ${r.rawInsertRowsPerSecond} | ${r.shareOfRaw} | ${r.alertsAccepted} | ${r.alertsStored} | ${r.exactlyOnce} |`,
  );
}
console.log(
  `\nTarget: at least 0.5 of the raw rate, nothing lost or duplicated. Raw figures: ${out}`,
);
