// In-process micro-benchmark: CPU per summary response of the spliced JSON
// (plugins/value-stream-backend/src/domain/responseJson.ts) against building
// the response as an object and serializing it whole, for a service with 500
// records. Runs in a few seconds, starts no backend and needs no database:
//
//   ./dev node bench/summary-serialize.mjs [--records 500] [--iterations 2000]
//
// The backend module is bundled with esbuild (from the repo's dependencies)
// into a temporary file and imported, so the splice measured is the one the
// backend runs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RECORDS = arg('records', 500);
const ITERATIONS = arg('iterations', 2000);

const root = resolve(new URL('..', import.meta.url).pathname);
const dir = mkdtempSync(join(tmpdir(), 'summary-serialize-'));
const bundle = join(dir, 'responseJson.mjs');
const { outputFiles } = await build({
  entryPoints: [
    join(root, 'plugins/value-stream-backend/src/domain/responseJson.ts'),
  ],
  bundle: true,
  platform: 'node',
  format: 'esm',
  write: false,
  logLevel: 'error',
});
writeFileSync(bundle, outputFiles[0].text);
const { presentSummary, serializeSummary, ATTAINMENT_WINDOW_DAYS } =
  await import(pathToFileURL(bundle).href);
rmSync(dir, { recursive: true, force: true });

// ------------------------------------------------------------ the document

const now = Date.now();
const iso = ms => new Date(ms).toISOString();
const entityRef = 'component:default/checkout';
let n = 0;
const id = () =>
  `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`.slice(-36);

function headline(type, state, extra = {}) {
  const created = now - (n % 60) * 86_400_000;
  return {
    id: id(),
    type,
    entityRef,
    state,
    title: `${type} ${n}: raise the connection pool size`,
    version: 3,
    createdAt: iso(created),
    updatedAt: iso(created + 3_600_000),
    createdBy: 'user:default/alice',
    ...extra,
  };
}

function incident(i) {
  const created = now - (i % 29) * 86_400_000;
  const open = i % 5 === 0;
  return {
    priority: ['P1', 'P2', 'P3', 'P4'][i % 4],
    state: open ? 'new' : 'closed',
    createdAt: iso(created),
    updatedAt: iso(created + 7_200_000),
    ...(open ? {} : { resolvedAt: iso(created + 7_200_000) }),
    sla: {
      responseDueAt: iso(created + 1_800_000),
      resolutionDueAt: iso(created + 28_800_000),
      respondedAt: iso(created + 600_000),
      pausedMs: 0,
      responseBreached: false,
      resolutionBreached: i % 11 === 0,
    },
  };
}

// The 500 records of the service as the document holds them: the window's
// incidents for attainment, and the headlines of the open and recent ones.
const split = {
  windowIncidents: Math.round(RECORDS * 0.4),
  openChanges: Math.round(RECORDS * 0.2),
  openIncidents: Math.round(RECORDS * 0.2),
  openProblems: Math.round(RECORDS * 0.1),
};
const rest =
  RECORDS -
  Object.values(split).reduce((a, b) => a + b, 0) -
  /* service levels */ 2;
const document = {
  stage: 'operate',
  checklist: Array.from({ length: 12 }, (_, i) => ({
    stage: 'operate',
    key: `criterion-${i}`,
    label: `Criterion ${i}`,
    met: i % 3 !== 0,
  })),
  serviceLevels: Array.from({ length: 2 }, (_, i) =>
    headline('serviceLevel', 'agreed', {
      availabilityTarget: 99.9,
      tier: 'gold',
      targets: {
        P1: { responseMinutes: 15, resolutionMinutes: 240 },
        P2: { responseMinutes: 30, resolutionMinutes: 480 },
        P3: { responseMinutes: 240, resolutionMinutes: 1440 },
        P4: { responseMinutes: 480, resolutionMinutes: 4320 },
      },
      slos: [{ name: `SLO ${i}`, objectivePercent: 99.5 }],
      history: [],
    }),
  ),
  windowIncidents: Array.from({ length: split.windowIncidents }, (_, i) =>
    incident(i),
  ),
  openChanges: Array.from({ length: split.openChanges }, () =>
    headline('change', 'authorize', { riskLevel: 'medium' }),
  ),
  recentReleases: Array.from({ length: Math.ceil(rest / 3) }, () =>
    headline('release', 'deployed', { gitTag: 'v1.2.3' }),
  ),
  latestDeployments: Array.from({ length: 3 }, () =>
    headline('deployment', 'success', { environment: 'production' }),
  ),
  recentDeployments: Array.from({ length: Math.floor(rest / 3) }, () =>
    headline('deployment', 'success', { environment: 'staging' }),
  ),
  openIncidents: Array.from({ length: split.openIncidents }, () =>
    headline('incident', 'in_progress', { priority: 'P2' }),
  ),
  openProblems: Array.from({ length: split.openProblems }, () =>
    headline('problem', 'known_error', {}),
  ),
};
const stored = serializeSummary(document);
const stage = {
  entityRef,
  stage: 'operate',
  since: iso(now - 90 * 86_400_000),
  computedAt: iso(now),
  gaps: 0,
};

// ------------------------------------------------------------ the two paths

// What the backend does: parse the first line, compute attainment, paste
// the stored rest behind it.
const splice = () => presentSummary(entityRef, stored, stage, new Date());

// The object path: the document parsed (once, as a cache of parsed documents
// would hold it), the response built as an object and serialized whole, as
// `res.json` would. Attainment is computed from the same inputs, so the
// difference is the serialization of the rest.
const newline = stored.indexOf('\n');
const parsedRest = JSON.parse(stored.slice(newline + 1));
// The head (stage, attainment) as an object, computed as the splice does;
// parsing it back costs a few microseconds, small next to the difference.
const headOnly = `${stored.slice(0, newline)}\n{}`;
const head = () =>
  JSON.parse(presentSummary(entityRef, headOnly, stage, new Date()));
const objectCached = () => JSON.stringify({ ...head(), ...parsedRest });
// The object path without a cache of parsed documents: both lines parsed
// at every read.
const objectParsed = () =>
  JSON.stringify({ ...head(), ...JSON.parse(stored.slice(newline + 1)) });

if (
  JSON.stringify(JSON.parse(splice())) !==
  JSON.stringify(JSON.parse(objectCached()))
) {
  throw new Error('The two paths answer differently');
}

function measure(fn) {
  for (let i = 0; i < ITERATIONS / 4; i++) fn(); // warm up
  const rounds = [];
  for (let round = 0; round < 5; round++) {
    const start = process.cpuUsage();
    for (let i = 0; i < ITERATIONS; i++) fn();
    const used = process.cpuUsage(start);
    rounds.push((used.user + used.system) / ITERATIONS);
  }
  rounds.sort((a, b) => a - b);
  return rounds[2]; // the median round, in microseconds per response
}

const results = {
  splice: measure(splice),
  objectCached: measure(objectCached),
  objectParsed: measure(objectParsed),
};
const REQUEST_CPU_US = 1100; // a summary request's backend CPU, measured
console.log(
  `Summary of ${RECORDS} records, ${(stored.length / 1024).toFixed(
    0,
  )} KiB stored, ${ATTAINMENT_WINDOW_DAYS}-day attainment window`,
);
for (const [name, us] of Object.entries(results)) {
  const extra = us - results.splice;
  console.log(
    `${name.padEnd(13)} ${us.toFixed(1).padStart(7)} µs CPU per response` +
      (name === 'splice'
        ? ''
        : `, +${extra.toFixed(1)} µs = ${(
            (100 * extra) /
            REQUEST_CPU_US
          ).toFixed(1)}% of a ${REQUEST_CPU_US / 1000} ms summary request`),
  );
}
