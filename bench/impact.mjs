// Benchmark for impact analysis (issue 5: stay fast on a 5,000-entity catalog).
//
// Generates a catalog of about --entities entities that form a relation
// graph (bench/gen-graph.mjs), starts the portal backend on it and, once the
// catalog has stitched every relation, measures p50/p95 of
// GET /api/value-stream/entities/:kind/:namespace/:name/impact at depth 1, 3
// and the largest depth the API accepts, for a hub component, a hub resource,
// a system and a component deep in the graph, next to the catalog's own
// GET /api/catalog/entities/by-name/... and POST /changes on the hub (its risk
// walks the dependents). Every request is made as a signed-in user, so the
// catalog is read on that user's behalf. Before measuring, each impact answer
// is checked against the graph the generator made. The hub is also timed
// alone after --cold-wait seconds of quiet, longer than the backend keeps
// its catalog reads.
//
// The store is SQLite: the impact analysis reads only the catalog, and the
// change POST writes a single row.
//
//   ./dev node bench/impact.mjs [--entities 5000] [--concurrency 10]
//        [--seconds 20] [--cold-wait 31]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { writeGraphCatalog, reachable } from './gen-graph.mjs';
import { runLoad } from './load.mjs';

// Its own port and work dir, so it can run beside the other benchmarks.
process.env.BENCH_PORT ??= '7109';
const {
  authHeaders,
  baseUrl,
  databaseConfig,
  repoRoot,
  sleep,
  startPortal,
  waitForCatalog,
} = await import('./portal.mjs');

const { values: args } = parseArgs({
  options: {
    entities: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '20' },
    // Longer than the backend caches catalog reads for impact analysis.
    'cold-wait': { type: 'string', default: '31' },
  },
});
const total = Number(args.entities);
const concurrency = Number(args.concurrency);
const durationMs = Number(args.seconds) * 1000;
const log = msg =>
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

const DOWNSTREAM = ['dependencyOf', 'hasPart', 'providesApi', 'apiConsumedBy'];
const UPSTREAM = ['dependsOn', 'partOf', 'consumesApi', 'apiProvidedBy'];
const WALKED = new Set([...DOWNSTREAM, ...UPSTREAM]);
const USER = 'bench-user';

const workDir = '/tmp/vs-bench-impact';
rmSync(workDir, { recursive: true, force: true });
mkdirSync(workDir, { recursive: true });
const catalogFile = join(workDir, 'catalog.yaml');
const graph = writeGraphCatalog(catalogFile, total, USER);
const { relations } = graph;
log(`generated ${graph.entities} entities`);

// What to analyse: the component and the resource with the most direct
// dependents, a system, and the last component of the top layer.
const mostDependents = prefix =>
  [...relations.entries()]
    .filter(([ref]) => ref.startsWith(prefix))
    .map(([ref, m]) => [ref, m.get('dependencyOf')?.size ?? 0])
    .sort((a, b) => b[1] - a[1])[0][0];
const targets = [
  { label: 'hub component', ref: mostDependents('component:') },
  { label: 'hub resource', ref: mostDependents('resource:') },
  { label: 'system', ref: 'system:default/sys-000' },
  {
    label: 'deep component',
    ref: graph.componentRef(graph.layerOf.length - 1),
  },
];

const urlOf = (ref, suffix) => {
  const [kind, rest] = ref.split(':');
  const [ns, name] = rest.split('/');
  return `${baseUrl}/api/value-stream/entities/${kind}/${ns}/${name}/${suffix}`;
};

/** The impact-walk relations of entities in the catalog, as counts by type. */
async function stitchedCounts(refs, headers) {
  const res = await fetch(`${baseUrl}/api/catalog/entities/by-refs`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ entityRefs: refs, fields: ['relations'] }),
  });
  if (!res.ok) return undefined;
  const { items } = await res.json();
  return items.map(e => {
    const counts = {};
    for (const r of e?.relations ?? []) {
      if (WALKED.has(r.type)) counts[r.type] = (counts[r.type] ?? 0) + 1;
    }
    return counts;
  });
}

const expectedCounts = ref =>
  Object.fromEntries(
    [...(relations.get(ref) ?? new Map())].map(([t, s]) => [t, s.size]),
  );

/** Waits until a sample of entities carries every relation they should. */
async function waitForStitching(headers) {
  const all = [...relations.keys()];
  const sample = [
    ...targets.map(t => t.ref),
    ...all.filter((_, i) => i % Math.ceil(all.length / 200) === 0),
  ];
  const deadline = Date.now() + 1_800_000;
  let missing = sample.length;
  while (Date.now() < deadline) {
    const actual = await stitchedCounts(sample, headers).catch(() => undefined);
    if (actual) {
      missing = sample.filter(
        (ref, i) =>
          JSON.stringify(Object.entries(actual[i]).sort()) !==
          JSON.stringify(Object.entries(expectedCounts(ref)).sort()),
      ).length;
      if (missing === 0) return;
    }
    await sleep(5000);
  }
  throw new Error(`${missing} sampled entities still lack relations`);
}

/** A token of the guest user, as the frontend gets it on sign-in. */
async function userToken() {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh?env=development`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in failed: ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

log('starting the backend (SQLite)');
const portal = await startPortal({
  workDir,
  database: databaseConfig('sqlite', workDir),
  catalogFiles: [catalogFile],
  // Edits elsewhere in the tree must not restart the backend mid-run.
  watch: false,
  extra: {
    valueStream: { demoData: { enabled: false } },
    auth: {
      environment: 'development',
      providers: {
        guest: {
          userEntityRef: `user:default/${USER}`,
          ownershipEntityRefs: [`user:default/${USER}`, 'group:default/team-0'],
        },
      },
    },
  },
});

const result = {
  entities: graph.entities,
  store: 'sqlite',
  concurrency,
  seconds: durationMs / 1000,
  runs: [],
};
try {
  log(`waiting for ${graph.entities} entities in the catalog`);
  const tIngest = Date.now();
  await waitForCatalog('api', Math.round(total * 0.14));
  await waitForCatalog('component', graph.layerOf.length);
  await waitForCatalog('user', 1);
  result.ingestSeconds = Math.round((Date.now() - tIngest) / 1000);
  const headers = { authorization: `Bearer ${await userToken()}` };
  log('waiting for the catalog to stitch the relations');
  const t0 = Date.now();
  await waitForStitching(headers);
  result.stitchSeconds = Math.round((Date.now() - t0) / 1000);
  log(`relations complete (${result.stitchSeconds} s)`);

  // The largest depth the API accepts: the first one it refuses, less one.
  let maxDepth = 1;
  for (let d = 1; d <= 50; d++) {
    const res = await fetch(`${urlOf(targets[3].ref, 'impact')}?depth=${d}`, {
      headers,
    });
    await res.arrayBuffer();
    if (res.status === 400) break;
    if (!res.ok) throw new Error(`impact at depth ${d}: ${res.status}`);
    maxDepth = d;
  }
  const depths = [...new Set([1, 3, maxDepth])].filter(d => d <= maxDepth);
  result.maxDepth = maxDepth;
  log(`the API allows depth up to ${maxDepth}`);

  const measure = async (name, o) => {
    await runLoad({ headers, concurrency, requests: concurrency * 5, ...o });
    const r = await runLoad({ headers, concurrency, durationMs, ...o });
    // The machine is shared: the load average says how busy it was.
    r.loadAverage = Math.round(loadavg()[0] * 10) / 10;
    log(
      `${name}: p50 ${r.p50} ms, p95 ${r.p95} ms, ${
        r.rps
      } req/s, statuses ${JSON.stringify(r.statuses)}, load ${r.loadAverage}`,
    );
    return r;
  };

  let next = 0;
  const catalogUrl = () => {
    const [kind, rest] = targets[next++ % targets.length].ref.split(':');
    return `${baseUrl}/api/catalog/entities/by-name/${kind}/${rest}`;
  };
  result.catalogByName = await measure('catalog by-name', { url: catalogUrl });

  // One request at a time on the hub, each after the backend's cache of
  // catalog reads has expired: what the first caller after a quiet spell waits.
  result.cold = [];
  for (const depth of depths) {
    await sleep(Number(args['cold-wait']) * 1000);
    const url = `${urlOf(targets[0].ref, 'impact')}?depth=${depth}`;
    const t = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    const ms = Math.round((performance.now() - t) * 10) / 10;
    result.cold.push({ ref: targets[0].ref, depth, status: res.status, ms });
    log(`impact hub component depth ${depth}, cold: ${ms} ms (${res.status})`);
  }

  for (const target of targets) {
    for (const depth of depths) {
      const url = `${urlOf(target.ref, 'impact')}?depth=${depth}`;
      const res = await fetch(url, { headers });
      const body = await res.text();
      if (!res.ok) throw new Error(`${url}: ${res.status} ${body}`);
      const answer = JSON.parse(body);
      const expected = {
        upstream: reachable(relations, target.ref, UPSTREAM, depth),
        downstream: reachable(relations, target.ref, DOWNSTREAM, depth),
      };
      const held = {
        upstream: answer.upstream.length,
        downstream: answer.downstream.length,
      };
      const correct =
        held.upstream === expected.upstream &&
        held.downstream === expected.downstream;
      if (!correct) {
        log(
          `WRONG ANSWER ${target.ref} depth ${depth}: ${JSON.stringify(
            held,
          )}, expected ${JSON.stringify(expected)}`,
        );
      }
      const r = await measure(`impact ${target.label} depth ${depth}`, {
        url: () => url,
      });
      result.runs.push({
        ...target,
        depth,
        held,
        correct,
        responseBytes: Buffer.byteLength(body),
        ...r,
      });
    }
  }

  const hub = targets[0].ref;
  const change = await measure(`POST change on ${hub}`, {
    url: () => `${baseUrl}/api/value-stream/changes`,
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: () =>
      JSON.stringify({
        entityRef: hub,
        title: 'Rotate the platform credentials',
        description: 'Benchmark change',
        type: 'normal',
      }),
  });
  result.changeOnHub = {
    ref: hub,
    dependents: reachable(relations, hub, DOWNSTREAM, 3),
    ...change,
  };
} finally {
  await portal.stop();
}

mkdirSync(join(repoRoot, 'bench-results'), { recursive: true });
const out = join(
  repoRoot,
  'bench-results',
  `impact-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
);
writeFileSync(out, JSON.stringify(result, null, 2));

const c = result.catalogByName;
console.log(
  `\n${result.entities} catalog entities, SQLite, ${concurrency} clients, ${result.seconds} s a row\n`,
);
console.log(
  '| request | entity | depth | entities in answer (up / down) | p50 | p95 | req/s | p95 / catalog p95 | load avg |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
console.log(
  `| catalog by-name | the four below | | 1 | ${c.p50} ms | ${c.p95} ms | ${c.rps} | 1x | ${c.loadAverage} |`,
);
const ratio = p95 => `${Math.round((p95 / c.p95) * 10) / 10}x`;
for (const r of result.runs) {
  console.log(
    `| impact | ${r.label} \`${r.ref}\` | ${r.depth} | ${r.held.upstream} / ${
      r.held.downstream
    }${r.correct ? '' : ' (WRONG)'} | ${r.p50} ms | ${r.p95} ms | ${
      r.rps
    } | ${ratio(r.p95)} | ${r.loadAverage} |`,
  );
}
for (const r of result.cold) {
  console.log(
    `| impact, cold, 1 client | hub component \`${r.ref}\` | ${r.depth} | | ${r.ms} ms (one request) | | | | |`,
  );
}
const ch = result.changeOnHub;
console.log(
  `| POST /changes | hub \`${ch.ref}\` | 3 | ${ch.dependents} dependents | ${
    ch.p50
  } ms | ${ch.p95} ms | ${ch.rps} | ${ratio(ch.p95)} | ${ch.loadAverage} |`,
);
const bad = result.runs.filter(r => !r.correct).length;
console.log(
  `\n${
    bad === 0
      ? 'Every answer matched the generated graph.'
      : `${bad} answers did not match the generated graph.`
  } Raw figures: ${out}`,
);
