// Starts and stops the portal backend for benchmarks, with a generated config
// layered over app-config.yaml (database, catalog locations, a static token).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

export const repoRoot = resolve(new URL('..', import.meta.url).pathname);
export const benchToken = 'bench-token-0123456789abcdef';
// Its own port, so a benchmark can run beside a developer's portal or CI.
export const benchPort = Number(process.env.BENCH_PORT ?? 7107);
export const baseUrl = `http://localhost:${benchPort}`;

/** Database settings for the two targets of every benchmark. */
export function databaseConfig(target, workDir) {
  if (target === 'sqlite') {
    return {
      client: 'better-sqlite3',
      connection: { directory: join(workDir, 'sqlite') },
    };
  }
  const url = new URL(
    process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432',
  );
  return {
    client: 'pg',
    connection: {
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username || 'postgres'),
      password: decodeURIComponent(url.password || ''),
    },
    // Keep each run's databases apart from the developer's own.
    prefix: `vsbench_${process.pid}_`,
    pluginDivisionMode: 'database',
  };
}

/**
 * @param {object} o
 * @param {string} o.workDir
 * @param {object} o.database       backend.database config
 * @param {string[]} o.catalogFiles absolute paths of catalog files
 * @param {object} [o.extra]        extra top-level config
 * @param {boolean} [o.watch]       false: run the backend without the CLI's
 *   file watcher, so edits elsewhere in the tree do not restart it mid-run
 */
export async function startPortal(o) {
  mkdirSync(o.workDir, { recursive: true });
  const config = {
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { port: benchPort },
      database: o.database,
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: benchToken, subject: 'benchmark' },
          },
        ],
      },
    },
    catalog: {
      rules: [
        {
          allow: [
            'Component',
            'System',
            'API',
            'Resource',
            'Location',
            'Domain',
            'Group',
            'User',
          ],
        },
      ],
      locations: o.catalogFiles.map(target => ({ type: 'file', target })),
      processingInterval: { minutes: 30 },
    },
    ...(o.extra ?? {}),
  };
  const configFile = join(o.workDir, 'app-config.bench.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const log = createWriteStream(join(o.workDir, 'backend.log'));
  const configArgs = [
    '--config',
    join(repoRoot, 'app-config.yaml'),
    '--config',
    configFile,
  ];
  // Without the watcher: the command `backstage-cli package start` runs, minus
  // its restart on change.
  const [command, args] =
    o.watch === false
      ? [
          process.execPath,
          [
            '--enable-source-maps',
            '--require',
            createRequire(
              join(repoRoot, 'packages/backend/package.json'),
            ).resolve('@backstage/cli-node/config/nodeTransform.cjs'),
            'src/index',
            ...configArgs,
          ],
        ]
      : ['yarn', ['start', ...configArgs]];
  const child = spawn(command, args, {
    cwd: join(repoRoot, 'packages/backend'),
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise(r => child.once('exit', r));
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const ready = await fetch(`${baseUrl}/.backstage/health/v1/readiness`)
      .then(r => r.ok)
      .catch(() => false);
    if (ready) break;
    if (child.exitCode !== null) {
      throw new Error(`backend exited; see ${join(o.workDir, 'backend.log')}`);
    }
    await sleep(1000);
  }
  return {
    /** Process id of the backend, for CPU accounting. */
    pid: child.pid,
    async stop() {
      const signal = name => {
        try {
          process.kill(-child.pid, name);
        } catch {
          // already gone
        }
      };
      signal('SIGTERM');
      // The backend can take longer than that to shut down gracefully; a
      // benchmark must not leave it running on its port.
      const gone = await Promise.race([
        exited.then(() => true),
        sleep(15_000).then(() => false),
      ]);
      if (!gone) {
        signal('SIGKILL');
        await Promise.race([exited, sleep(5_000)]);
      }
    },
  };
}

export const authHeaders = { authorization: `Bearer ${benchToken}` };

/** Waits until the catalog holds at least `count` entities of `kind`. */
export async function waitForCatalog(kind, count, timeoutMs = 900_000) {
  const deadline = Date.now() + timeoutMs;
  let total = 0;
  while (Date.now() < deadline) {
    // The catalog is busy ingesting; a dropped connection is retried.
    const res = await fetch(
      `${baseUrl}/api/catalog/entities/by-query?filter=kind=${kind}&limit=1`,
      { headers: authHeaders },
    ).catch(() => undefined);
    if (res?.ok) {
      total = (await res.json()).totalItems;
      if (total >= count) return total;
    }
    await sleep(2000);
  }
  throw new Error(`catalog has ${total} ${kind} entities, wanted ${count}`);
}

export const sleep = ms => new Promise(r => setTimeout(r, ms));
