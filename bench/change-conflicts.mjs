// Benchmark for change conflict detection (issue 14: conflicts on a catalog
// of 5,000 entities with 10,000 open changes).
//
// For each database: generates a catalog of about --entities entities that
// form a relation graph (bench/gen-graph.mjs), starts the portal backend on
// it, waits until the catalog has stitched every relation, and bulk-loads
// --open-changes open changes on its components and resources, their
// planned windows spread over the next --days days. Before measuring it
// checks the conflicts of a sample of new changes against its own reading of
// the generated graph and the loaded changes. Then, --runs times, it
// measures POST /api/value-stream/changes under --concurrency clients twice:
// changes without a planned window, for which there is nothing to detect,
// and changes with a window drawn like the loaded ones, which run conflict
// detection (two hops of the catalog graph, the open changes overlapping the
// window). Each phase gives p50/p95 and the CPU milliseconds per request of
// the backend process and of the PostgreSQL processes. The table gives the
// median of the runs; the target is create p95 with detection under 2x
// create p95 without.
//
//   ./dev node bench/change-conflicts.mjs [--db sqlite,pg] [--entities 5000]
//        [--open-changes 10000] [--days 60] [--concurrency 10]
//        [--seconds 20] [--runs 3]
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuPerRequest, cpuSample } from './cpu.mjs';
import { prng } from './gen-catalog.mjs';
import { writeGraphCatalog } from './gen-graph.mjs';
import { runLoad } from './load.mjs';

// Its own port and work dir, so it can run beside the other benchmarks.
process.env.BENCH_PORT ??= '7110';
const {
  authHeaders,
  baseUrl,
  databaseConfig,
  repoRoot,
  sleep,
  startPortal,
  waitForCatalog,
} = await import('./portal.mjs');
// After the port is set: db.mjs reads portal.mjs too.
const { dropPgDatabases, pluginDb } = await import('./db.mjs');

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite,pg' },
    entities: { type: 'string', default: '5000' },
    'open-changes': { type: 'string', default: '10000' },
    days: { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '20' },
    runs: { type: 'string', default: '3' },
  },
});
const total = Number(args.entities);
const openChanges = Number(args['open-changes']);
const days = Number(args.days);
const concurrency = Number(args.concurrency);
const durationMs = Number(args.seconds) * 1000;
const runs = Number(args.runs);
const log = msg =>
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

const HOUR = 3_600_000;
const WALKED = new Set([
  'dependsOn',
  'dependencyOf',
  'partOf',
  'hasPart',
  'providesApi',
  'apiProvidedBy',
  'consumesApi',
  'apiConsumedBy',
]);
const OPEN_STATES = ['new', 'assess', 'authorize', 'scheduled', 'implement'];
const SAMPLE = 20;
const MAX_CONFLICTS = 50;

/** Entities within two hops of `root`, following relations both ways. */
function withinTwoHops(relations, root) {
  const seen = new Set([root]);
  let frontier = [root];
  for (let hop = 0; hop < 2; hop++) {
    const next = [];
    for (const ref of frontier) {
      for (const [type, targets] of relations.get(ref) ?? []) {
        if (!WALKED.has(type)) continue;
        for (const target of targets) {
          if (!seen.has(target)) {
            seen.add(target);
            next.push(target);
          }
        }
      }
    }
    frontier = next;
  }
  return seen;
}

/** A window like the loaded ones: 1 to 4 hours within the next `days` days. */
function windowMaker(rand, now) {
  return () => {
    const start =
      now + HOUR * 24 + Math.floor(rand() * days * 96) * 15 * 60_000;
    const end = start + HOUR * (1 + Math.floor(rand() * 4));
    return {
      plannedStart: new Date(start).toISOString(),
      plannedEnd: new Date(end).toISOString(),
    };
  };
}

/** Loads the open changes straight into the plugin's table. */
async function loadChanges(knex, refs, rand, nextWindow) {
  const pick = arr => arr[Math.floor(rand() * arr.length)];
  const created = new Date().toISOString();
  const rows = [];
  for (let i = 0; i < openChanges; i++) {
    const { plannedStart, plannedEnd } = nextWindow();
    rows.push({
      id: randomUUID(),
      entity_ref: pick(refs),
      state: pick(OPEN_STATES),
      is_open: true,
      created_at: created,
      updated_at: created,
      created_by: 'user:default/bench',
      version: 1,
      title: `Loaded change ${i}`,
      description: 'Synthetic open change for the benchmark',
      type: pick(['standard', 'normal', 'normal', 'emergency']),
      requested_by: 'user:default/bench',
      planned_start: plannedStart,
      planned_end: plannedEnd,
      risk_score: 20,
      risk_level: 'low',
      proposes_service: false,
    });
  }
  const batch = knex.client.config.client === 'pg' ? 1000 : 400;
  for (let i = 0; i < rows.length; i += batch) {
    await knex('vs_changes').insert(rows.slice(i, i + batch));
  }
  return rows;
}

/** Waits until a sample of entities carries every walked relation. */
async function waitForStitching(relations) {
  const all = [...relations.keys()];
  const sample = all.filter((_, i) => i % Math.ceil(all.length / 200) === 0);
  const expected = ref =>
    [...(relations.get(ref) ?? [])].reduce((n, [, s]) => n + s.size, 0);
  const deadline = Date.now() + 1_800_000;
  let missing = sample.length;
  while (Date.now() < deadline) {
    const res = await fetch(`${baseUrl}/api/catalog/entities/by-refs`, {
      method: 'POST',
      headers: { ...authHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ entityRefs: sample, fields: ['relations'] }),
    }).catch(() => undefined);
    if (res?.ok) {
      const { items } = await res.json();
      missing = sample.filter(
        (ref, i) =>
          (items[i]?.relations ?? []).filter(r => WALKED.has(r.type)).length !==
          expected(ref),
      ).length;
      if (missing === 0) return;
    }
    await sleep(5000);
  }
  throw new Error(`${missing} sampled entities still lack relations`);
}

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function benchTarget(target) {
  const workDir = join('/tmp', `vs-bench-conflicts-${target}`);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const catalogFile = join(workDir, 'catalog.yaml');
  const graph = writeGraphCatalog(catalogFile, total, 'bench-user');
  const { relations } = graph;
  const components = graph.layerOf.map((_, i) => graph.componentRef(i));
  const changeRefs = [...relations.keys()].filter(
    ref => ref.startsWith('component:') || ref.startsWith('resource:'),
  );
  log(`${target}: generated ${graph.entities} entities`);
  const db = databaseConfig(target, workDir);

  const portal = await startPortal({
    workDir,
    database: db,
    catalogFiles: [catalogFile],
    watch: false,
    extra: {
      valueStream: {
        demoData: { enabled: false },
        // The benchmark's static token writes the changes.
        recordWriters: ['benchmark'],
        // The stage task must not run while latency is measured.
        schedule: { stageRecompute: { frequency: { hours: 24 } } },
      },
    },
  });
  try {
    log(`${target}: waiting for the catalog`);
    const t0 = Date.now();
    await waitForCatalog('component', components.length);
    await waitForStitching(relations);
    const catalogSeconds = Math.round((Date.now() - t0) / 1000);
    log(`${target}: catalog stitched (${catalogSeconds} s)`);

    const rand = prng(11);
    const nextWindow = windowMaker(rand, Date.now());
    const knex = pluginDb(target, workDir, db);
    const loaded = await loadChanges(knex, changeRefs, rand, nextWindow);
    await knex.raw(target === 'pg' ? 'vacuum analyze' : 'analyze');
    await knex.destroy();
    log(`${target}: loaded ${loaded.length} open changes`);

    const post = body =>
      fetch(`${baseUrl}/api/value-stream/changes`, {
        method: 'POST',
        headers: { ...authHeaders, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const pickComponent = () =>
      components[Math.floor(rand() * components.length)];
    const bodyOf = withWindow => ({
      entityRef: pickComponent(),
      title: 'Benchmark change',
      description: 'Created by bench/change-conflicts.mjs',
      type: 'normal',
      ...(withWindow ? nextWindow() : {}),
    });

    // The conflicts of a sample, against the graph and the loaded changes.
    let checked = 0;
    let wrong = 0;
    let conflictsSeen = 0;
    for (let i = 0; i < SAMPLE; i++) {
      const body = bodyOf(true);
      const res = await post(body);
      if (res.status !== 201) throw new Error(`create: ${res.status}`);
      const change = await res.json();
      const near = withinTwoHops(relations, body.entityRef);
      const [s, e] = [body.plannedStart, body.plannedEnd].map(Date.parse);
      const expected = new Set(
        loaded
          .filter(
            c =>
              near.has(c.entity_ref) &&
              Date.parse(c.planned_start) < e &&
              Date.parse(c.planned_end) > s,
          )
          .map(c => c.id),
      );
      const got = change.conflicts.map(c => c.changeId);
      conflictsSeen += got.length;
      const ok =
        got.length === Math.min(MAX_CONFLICTS, expected.size) &&
        got.every(id => expected.has(id));
      checked += 1;
      if (!ok) {
        wrong += 1;
        log(
          `WRONG conflicts for ${body.entityRef}: ${got.length}, expected ${expected.size}`,
        );
      }
      // The sample's changes would become candidates: leave them out.
      await fetch(
        `${baseUrl}/api/value-stream/changes/${change.id}/transitions`,
        {
          method: 'POST',
          headers: { ...authHeaders, 'content-type': 'application/json' },
          body: JSON.stringify({ to: 'cancelled', version: change.version }),
        },
      );
    }
    log(
      `${target}: ${
        checked - wrong
      }/${checked} sampled changes had the expected conflicts (${
        conflictsSeen / checked
      } each on average)`,
    );

    const measure = async (name, withWindow) => {
      const o = {
        url: () => `${baseUrl}/api/value-stream/changes`,
        method: 'POST',
        headers: { ...authHeaders, 'content-type': 'application/json' },
        body: () => JSON.stringify(bodyOf(withWindow)),
        concurrency,
      };
      await runLoad({ ...o, requests: concurrency * 5 });
      const before = cpuSample(portal.pid);
      const r = await runLoad({ ...o, durationMs });
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
      entities: graph.entities,
      openChanges: loaded.length,
      catalogSeconds,
      concurrency,
      seconds: durationMs / 1000,
      sample: { checked, wrong, conflictsPerChange: conflictsSeen / checked },
      runs: [],
    };
    for (let run = 1; run <= runs; run++) {
      const without = await measure(
        `run ${run}, create without detection`,
        false,
      );
      const withDetection = await measure(
        `run ${run}, create with detection`,
        true,
      );
      result.runs.push({
        without,
        with: withDetection,
        ratio: Math.round((withDetection.p95 / without.p95) * 100) / 100,
      });
    }
    const pick = (phase, f) => median(result.runs.map(r => f(r[phase])));
    result.median = Object.fromEntries(
      ['without', 'with'].map(phase => [
        phase,
        {
          p50: pick(phase, r => r.p50),
          p95: pick(phase, r => r.p95),
          rps: pick(phase, r => r.rps),
          cpuBackend: pick(phase, r => r.cpuMsPerRequest.backend),
          cpuPostgres: pick(phase, r => r.cpuMsPerRequest.postgres),
        },
      ]),
    );
    result.median.ratio = median(result.runs.map(r => r.ratio));
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
  `change-conflicts-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
);
writeFileSync(out, JSON.stringify(results, null, 2));

console.log(
  `\n${total} catalog entities, ${openChanges} open changes, ${concurrency} clients, ${
    durationMs / 1000
  } s a phase, median of ${runs} runs\n`,
);
console.log(
  '| database | create | p50 | p95 | req/s | CPU per request (backend / PostgreSQL) | p95 with / without (median of runs) |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of results) {
  for (const phase of ['without', 'with']) {
    const m = r.median[phase];
    console.log(
      `| ${r.target} | ${phase} detection | ${m.p50} ms | ${m.p95} ms | ${
        m.rps
      } | ${m.cpuBackend} / ${m.cpuPostgres} ms | ${
        phase === 'with' ? `${r.median.ratio}x` : ''
      } |`,
    );
  }
}
for (const r of results) {
  console.log(
    `\n${r.target}: ${r.sample.checked - r.sample.wrong}/${
      r.sample.checked
    } sampled changes had exactly the conflicts the generated graph gives (${
      r.sample.conflictsPerChange
    } each); per run p95 ratios ${r.runs.map(x => `${x.ratio}x`).join(', ')}.`,
  );
}
console.log(`\nTarget: p95 with detection < 2x without. Raw figures: ${out}`);
