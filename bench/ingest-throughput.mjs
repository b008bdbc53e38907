// Benchmark for Alertmanager ingestion (issue: ingest throughput).
//
// For each database: start the portal on a synthetic catalog, then
// --concurrency clients post Alertmanager webhook batches of --batch alerts
// (version 4 payloads, unique fingerprints, `service` labels that map to
// catalog services) for --seconds. A share of the batches (--redeliver) is
// posted twice at the same moment, as Alertmanager does when it retries, so
// the deduplication is under test too; only first deliveries count towards
// the rate.
//
// Afterwards the database is counted: every fingerprint of an accepted batch
// must be stored exactly once (no fingerprint missing, none stored twice,
// nothing stored that was not accepted).
//
// In the same run the raw batch-insert rate of the same database is
// measured: the rows ingestion writes for the same alerts (same columns,
// labels and summaries), inserted --batch rows per transaction into a copy of
// vs_events with all its indexes, by as many concurrent writers as there
// were clients, for --seconds; and again by a single writer.
//
//   BENCH_PORT=7110 ./dev node bench/ingest-throughput.mjs [--db sqlite,pg]
//        [--seconds 60] [--concurrency 8] [--batch 100] [--services 200]
//        [--critical-share 0.05] [--redeliver 0.05]
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    redeliver: { type: 'string', default: '0.05' },
  },
});
const seconds = Number(args.seconds);
const concurrency = Number(args.concurrency);
const batch = Number(args.batch);
const services = Number(args.services);
const criticalShare = Number(args['critical-share']);
const redeliverShare = Number(args.redeliver);
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
  let redelivered = 0;
  const statuses = {};
  // Fingerprint prefixes (`runId-client-seq-`) of the batches that were
  // accepted (202) and of those that were not.
  const accepted = new Set();
  const refused = new Set();
  const post = body =>
    fetch(`${baseUrl}/api/value-stream/ingest/alertmanager`, {
      method: 'POST',
      headers: { ...authHeaders, 'content-type': 'application/json' },
      body,
    })
      .then(async res => {
        await res.arrayBuffer();
        return res.status;
      })
      .catch(() => 'network-error');
  async function client(clientId) {
    const rand = prng(1000 + clientId);
    for (let seq = 0; Date.now() < deadline; seq++) {
      const body = JSON.stringify(alertBatch(runId, clientId, seq, rand));
      const twice = rand() < redeliverShare;
      const results = await Promise.all(
        twice ? [post(body), post(body)] : [post(body)],
      );
      for (const status of results) {
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
      const prefix = `${runId}-${clientId}-${seq}-`;
      if (results.some(status => status === 202)) {
        accepted.add(prefix);
        sent += batch;
        if (twice) redelivered += batch;
      }
      if (results.some(status => status !== 202)) refused.add(prefix);
    }
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, i) => client(i)));
  return {
    sent,
    redelivered,
    accepted,
    refused,
    statuses,
    elapsed: (performance.now() - t0) / 1000,
  };
}

/**
 * Counts, in the database, how the alerts of this run were stored: every
 * fingerprint of an accepted batch exactly once.
 */
async function countStored(knex, runId, load) {
  const ofRun = () =>
    knex('vs_events')
      .where('source', 'alertmanager')
      .where('fingerprint', 'like', `${runId}-%`);
  const [{ rows }] = await ofRun().count({ rows: '*' });
  const [{ distinct }] = await ofRun().countDistinct({
    distinct: 'fingerprint',
  });
  const duplicated = await ofRun()
    .select('fingerprint')
    .groupBy('fingerprint')
    .havingRaw('count(*) > 1');
  const stored = new Set(
    (await ofRun().select('fingerprint')).map(r => r.fingerprint),
  );
  let missing = 0;
  for (const prefix of load.accepted) {
    for (let i = 0; i < batch; i++) {
      if (!stored.has(`${prefix}${i}`)) missing++;
    }
  }
  let unaccepted = 0;
  for (const fingerprint of stored) {
    const prefix = fingerprint.slice(0, fingerprint.lastIndexOf('-') + 1);
    if (!load.accepted.has(prefix)) unaccepted++;
  }
  return {
    rows: Number(rows),
    distinct: Number(distinct),
    duplicated: duplicated.length,
    missing,
    unaccepted,
  };
}

/** The row ingestion stores for an alert (see alertToEvent and EventStore.upsertMany). */
function eventRow(alert, entityRef, now) {
  return {
    id: randomUUID(),
    entity_ref: entityRef,
    source: 'alertmanager',
    fingerprint: alert.fingerprint,
    severity: alert.labels.severity === 'critical' ? 'exception' : 'warning',
    status: alert.status,
    summary: alert.annotations.summary,
    labels: JSON.stringify(alert.labels),
    starts_at: new Date(alert.startsAt).toISOString(),
    ends_at: null,
    incident_id: null,
    received_at: now,
    created_at: now,
  };
}

/**
 * Raw rate: the same rows, `batch` per transaction, into a copy of vs_events
 * with its indexes, from `writers` writers at once.
 */
async function rawInsertRate(knex, target, runId, writers) {
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
          .replace(/[`"]?vs_events[`"]?\s*\(/, `${table} (`)
          .replace(/INDEX [`"]?(\w+)[`"]?/i, (_, n) => `INDEX ${n}_rawbench`),
      );
    }
  }
  const [{ indexes }] = await (target === 'pg'
    ? knex
        .raw('select count(*) as indexes from pg_indexes where tablename = ?', [
          table,
        ])
        .then(r => r.rows)
    : knex('sqlite_master')
        .where({ type: 'index', tbl_name: table })
        .count({ indexes: '*' }));
  const deadline = Date.now() + seconds * 1000;
  let rows = 0;
  async function writer(writerId) {
    const rand = prng(5000 + writerId);
    for (let seq = 0; Date.now() < deadline; seq++) {
      const now = new Date().toISOString();
      const chunk = alertBatch(`raw${runId}`, writerId, seq, rand).alerts.map(
        alert =>
          eventRow(alert, `component:default/${alert.labels.service}`, now),
      );
      await knex.transaction(trx => trx(table).insert(chunk));
      rows += batch;
    }
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: writers }, (_, i) => writer(i)));
  const elapsed = (performance.now() - t0) / 1000;
  await knex.schema.dropTable(table);
  return {
    rows,
    elapsed,
    indexes: Number(indexes),
    rate: Math.round(rows / elapsed),
  };
}

async function benchTarget(target) {
  const workDir = join('/tmp', `vs-bench-ingest-${target}`);
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
    watch: false,
  });
  try {
    await waitForCatalog('component', services);
    const runId = randomUUID().slice(0, 8);
    log(
      `${target}: posting batches of ${batch} alerts from ${concurrency} clients for ${seconds} s`,
    );
    const load = await ingestLoad(runId);
    const knex = pluginDb(target, workDir, db);
    const stored = await countStored(knex, runId, load);
    log(
      `${target}: measuring the raw batch-insert rate, ${concurrency} writers`,
    );
    const raw = await rawInsertRate(knex, target, runId, concurrency);
    log(`${target}: measuring the raw batch-insert rate, one writer`);
    const rawSingle = await rawInsertRate(knex, target, `${runId}s`, 1);
    await knex.destroy();
    const rate = Math.round(load.sent / load.elapsed);
    const result = {
      target,
      seconds,
      concurrency,
      batch,
      services,
      criticalShare,
      redeliverShare,
      alertsAccepted: load.sent,
      alertsRedelivered: load.redelivered,
      batchesRefused: load.refused.size,
      rowsStored: stored.rows,
      distinctFingerprints: stored.distinct,
      fingerprintsStoredTwiceOrMore: stored.duplicated,
      acceptedButMissing: stored.missing,
      storedButNotAccepted: stored.unaccepted,
      exactlyOnce:
        stored.duplicated === 0 &&
        stored.missing === 0 &&
        stored.unaccepted === 0 &&
        stored.rows === load.sent &&
        stored.distinct === load.sent,
      statuses: load.statuses,
      alertsPerSecond: rate,
      rawInsertRowsPerSecond: raw.rate,
      rawInsertRows: raw.rows,
      rawTableIndexes: raw.indexes,
      shareOfRaw: Math.round((rate / raw.rate) * 100) / 100,
      rawInsertRowsPerSecondOneWriter: rawSingle.rate,
      shareOfOneWriterRaw: Math.round((rate / rawSingle.rate) * 100) / 100,
      // Should the backend have restarted during the run, its figures are
      // not to be trusted (it runs without the file watcher).
      backendRestarts:
        (
          readFileSync(join(workDir, 'backend.log'), 'utf8').match(
            /Loading config from/g,
          ) ?? []
        ).length - 1,
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
  `\n| database | alerts/s ingested | raw rows/s, ${concurrency} writers | share | raw rows/s, 1 writer | share | accepted | rows stored | distinct | stored twice+ | missing | exactly once |`,
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.target} | ${r.alertsPerSecond} | ${r.rawInsertRowsPerSecond} | ${r.shareOfRaw} | ${r.rawInsertRowsPerSecondOneWriter} | ${r.shareOfOneWriterRaw} | ${r.alertsAccepted} | ${r.rowsStored} | ${r.distinctFingerprints} | ${r.fingerprintsStoredTwiceOrMore} | ${r.acceptedButMissing} | ${r.exactlyOnce} |`,
  );
}
console.log(
  `\nTarget: at least 0.5 of the raw rate, nothing lost or duplicated. Raw figures: ${out}`,
);
