// Benchmark for the value stream backend (issue: summary and board latency).
//
// For each database (SQLite file, PostgreSQL): generate a catalog of
// --services services, start the portal backend on it, bulk-load --records
// practice records, let the stage task place every service, then measure
// p50/p95 of GET summary, GET board and the catalog's own
// GET /api/catalog/entities/by-name/... under --concurrency clients, all in
// the same run so the catalog lookup is the yardstick.
//
//   ./dev node bench/backend-latency.mjs [--db sqlite,pg] [--services 2000]
//        [--records 1000000] [--concurrency 20] [--seconds 20]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pluginDb, dropPgDatabases } from './db.mjs';
import { writeCatalog, prng } from './gen-catalog.mjs';
import { seedRecords } from './seed-records.mjs';
import { runLoad } from './load.mjs';
import { cpuPerRequest, cpuSample } from './cpu.mjs';
import {
  authHeaders,
  baseUrl,
  databaseConfig,
  repoRoot,
  startPortal,
  waitForCatalog,
} from './portal.mjs';
import { settleStageTask } from './stage-task.mjs';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite,pg' },
    services: { type: 'string', default: '2000' },
    records: { type: 'string', default: '1000000' },
    concurrency: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '20' },
  },
});
const services = Number(args.services);
const records = Number(args.records);
const concurrency = Number(args.concurrency);
const durationMs = Number(args.seconds) * 1000;
const log = msg =>
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

async function benchTarget(target) {
  const workDir = join('/tmp', `vs-bench-${target}`);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const catalogFile = join(workDir, 'catalog.yaml');
  const refs = writeCatalog(catalogFile, services);
  const db = databaseConfig(target, workDir);

  log(`${target}: starting the backend`);
  const portal = await startPortal({
    workDir,
    watch: false,
    database: db,
    catalogFiles: [catalogFile],
    extra: {
      valueStream: {
        demoData: { enabled: false },
        // The benchmark triggers the stage task itself (below), once the
        // records are loaded, and it must not run again while latency is
        // measured: in production it runs every 15 minutes.
        schedule: { stageRecompute: { frequency: { hours: 24 } } },
      },
    },
  });
  try {
    log(`${target}: waiting for ${services} services in the catalog`);
    await waitForCatalog('component', services);

    const knex = pluginDb(target, workDir, db);
    log(`${target}: loading ${records} practice records`);
    const t0 = Date.now();
    const counts = await seedRecords(knex, refs, records, m =>
      log(`${target}: ${m}`),
    );
    const seedSeconds = (Date.now() - t0) / 1000;
    // What autovacuum does after a bulk load anyway, done now so the run
    // does not depend on when it wakes: fresh statistics, and a visibility
    // map that lets PostgreSQL answer from an index alone.
    await knex.raw(target === 'pg' ? 'vacuum analyze' : 'analyze');

    log(
      `${target}: waiting for the stage task to place every service and build its summary`,
    );
    await settleStageTask(knex, services);
    await knex.destroy();

    const rand = prng(99);
    const someRef = () => refs[Math.floor(rand() * refs.length)];
    const summaryUrl = () => {
      const [kind, rest] = someRef().split(':');
      const [ns, name] = rest.split('/');
      return `${baseUrl}/api/value-stream/entities/${kind}/${ns}/${name}/summary`;
    };
    const catalogUrl = () => {
      const name = someRef().split('/')[1];
      return `${baseUrl}/api/catalog/entities/by-name/component/default/${name}`;
    };
    const boardUrl = () => `${baseUrl}/api/value-stream/board`;
    const boardOwnerUrl = () =>
      `${baseUrl}/api/value-stream/board?owner=${encodeURIComponent(
        `group:default/team-${Math.floor(rand() * 50)}`,
      )}`;

    const measure = async (name, url) => {
      await runLoad({
        url,
        headers: authHeaders,
        concurrency,
        requests: concurrency * 10,
      });
      const before = cpuSample(portal.pid);
      const r = await runLoad({
        url,
        headers: authHeaders,
        concurrency,
        durationMs,
      });
      r.cpuMsPerRequest = cpuPerRequest(
        before,
        cpuSample(portal.pid),
        r.requests,
      );
      log(
        `${target}: ${name}: p50 ${r.p50} ms, p95 ${r.p95} ms, ${
          r.rps
        } req/s, CPU per request: backend ${
          r.cpuMsPerRequest.backend
        } ms, PostgreSQL ${
          r.cpuMsPerRequest.postgres
        } ms, statuses ${JSON.stringify(r.statuses)}`,
      );
      return r;
    };
    const result = {
      target,
      services,
      records: counts,
      seedSeconds,
      concurrency,
      seconds: durationMs / 1000,
      catalogByName: await measure('catalog by-name', catalogUrl),
      summary: await measure('summary', summaryUrl),
      board: await measure('board (all services)', boardUrl),
      boardByOwner: await measure('board (one owner)', boardOwnerUrl),
    };
    result.summaryToCatalogP95 =
      Math.round((result.summary.p95 / result.catalogByName.p95) * 100) / 100;
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
for (const target of args.db.split(',')) {
  results.push(await benchTarget(target));
}
mkdirSync(join(repoRoot, 'bench-results'), { recursive: true });
const out = join(
  repoRoot,
  'bench-results',
  `backend-latency-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
);
writeFileSync(out, JSON.stringify(results, null, 2));
console.log(
  '\n| database | catalog by-name p50/p95 | summary p50/p95 | summary p95 / catalog p95 | board p50/p95 | board by owner p50/p95 |',
);
console.log('|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.target} | ${r.catalogByName.p50} / ${r.catalogByName.p95} ms | ${r.summary.p50} / ${r.summary.p95} ms | ${r.summaryToCatalogP95}x | ${r.board.p50} / ${r.board.p95} ms | ${r.boardByOwner.p50} / ${r.boardByOwner.p95} ms |`,
  );
}
console.log(
  '\nCPU per request (backend process / all PostgreSQL processes), ms:\n\n| database | catalog by-name | summary | board | board by owner |\n|---|---|---|---|---|',
);
for (const r of results) {
  const cpu = x =>
    `${x.cpuMsPerRequest.backend} / ${x.cpuMsPerRequest.postgres}`;
  console.log(
    `| ${r.target} | ${cpu(r.catalogByName)} | ${cpu(r.summary)} | ${cpu(
      r.board,
    )} | ${cpu(r.boardByOwner)} |`,
  );
}
console.log(
  `\nTargets: summary p95 <= 1.5x catalog p95; board p95 < 300 ms on PostgreSQL. Raw figures: ${out}`,
);
