/*
 * The SLO evaluation against a real Prometheus (Debian's `prometheus`
 * package): the test serves counters over HTTP, Prometheus scrapes them
 * every second, and the evaluation's stored SLI, budget and burn rates are
 * checked against values computed by hand. The counters carry explicit
 * timestamps on the five-minute bucket boundaries just past, one more per
 * scrape, so that the test need not wait for real buckets to pass.
 *
 * Without the binary the suite is skipped, except under CI=true, where a
 * missing binary fails it.
 */
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { bucketStart } from '@valuestream/plugin-value-stream-common';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabaseIds } from '../../__testUtils__/databases';
import { aliceContext } from '../../__testUtils__/requestContext';
import { ValueStreamStore } from '../../database/ValueStreamStore';
import { readValueStreamSettings } from '../../settings';
import { CatalogGateway } from '../CatalogGateway';
import { PrometheusSliSource } from './PrometheusSliSource';
import { SloService } from './SloService';

jest.setTimeout(120_000);

function findPrometheus(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v prometheus'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return undefined;
  }
}

const PROMETHEUS = findPrometheus();
const MISSING =
  'no prometheus binary on PATH; install it with apt-get install prometheus';

if (!PROMETHEUS && process.env.CI === 'true') {
  throw new Error(`SLO integration test under CI: ${MISSING}`);
}

const MIN = 60_000;
/** The bucket boundary the evaluation ends at. */
const T = bucketStart(Date.now());
/** Counter samples at T - 20m, T - 15m, ..., T. */
const TOTAL = [0, 600, 1200, 1800, 2400];
const GOOD = [0, 600, 1194, 1770, 2340];
const TIMES = TOTAL.map((_, k) => T - 20 * MIN + k * 5 * MIN);

const SLOS = `
- name: checkout-availability
  indicator:
    metricSourceRef: local
    ratioMetric:
      good: { query: 'sum(demo_requests_good_total)' }
      total: { query: 'sum(demo_requests_total)' }
  objectives: [{ target: 0.95 }]
  timeWindow: [{ duration: 1d, isRolling: true }]
`;
const CHECKOUT = 'component:default/checkout';
const ENTITY: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: { 'valuestream.io/slos': SLOS },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise(r => server.close(r));
  return port;
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
    } catch {
      // Not yet.
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

const databases = TestDatabases.create({ ids: testDatabaseIds() });

(PROMETHEUS ? describe : describe.skip)(
  `SLO evaluation against a real Prometheus${
    PROMETHEUS ? '' : ` (skipped: ${MISSING})`
  }`,
  () => {
    let exporter: Server;
    let prometheus: ChildProcess;
    let dir: string;
    let baseUrl: string;
    let scrapes = 0;

    beforeAll(async () => {
      // One sample more per scrape, in time order, then the last one again.
      exporter = createServer((_, res) => {
        const k = Math.min(scrapes, TIMES.length - 1);
        scrapes += 1;
        res.setHeader('Content-Type', 'text/plain; version=0.0.4');
        res.end(
          [
            '# TYPE demo_requests_total counter',
            `demo_requests_total ${TOTAL[k]} ${TIMES[k]}`,
            '# TYPE demo_requests_good_total counter',
            `demo_requests_good_total ${GOOD[k]} ${TIMES[k]}`,
            '',
          ].join('\n'),
        );
      });
      await new Promise<void>(r => exporter.listen(0, '127.0.0.1', r));
      const exporterPort = (exporter.address() as AddressInfo).port;
      const port = await freePort();
      baseUrl = `http://127.0.0.1:${port}`;
      dir = mkdtempSync(join(tmpdir(), 'vs-slo-prometheus-'));
      writeFileSync(
        join(dir, 'prometheus.yml'),
        [
          'global:',
          '  scrape_interval: 1s',
          'scrape_configs:',
          '  - job_name: slo-test',
          '    honor_timestamps: true',
          '    static_configs:',
          `      - targets: ['127.0.0.1:${exporterPort}']`,
          '',
        ].join('\n'),
      );
      prometheus = spawn(
        PROMETHEUS!,
        [
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--log.level=warn',
        ],
        { stdio: 'ignore' },
      );
      const source = new PrometheusSliSource({
        name: 'local',
        type: 'prometheus',
        baseUrl,
        headers: {},
        timeoutMs: 5_000,
      });
      // Every sample is in once the last total is there at T.
      await waitFor('the last sample', async () => {
        const value = await source.queryInstant('sum(demo_requests_total)', T);
        return value === TOTAL[TOTAL.length - 1] ? value : undefined;
      });
    });

    afterAll(async () => {
      prometheus?.kill('SIGTERM');
      await new Promise(r => exporter?.close(r));
      if (dir) {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('answers range and instant queries, and refuses a query of many series', async () => {
      const source = new PrometheusSliSource({
        name: 'local',
        type: 'prometheus',
        baseUrl,
        headers: {},
        timeoutMs: 5_000,
      });
      expect(
        await source.queryRange('sum(demo_requests_good_total)', {
          start: TIMES[0],
          end: T,
          stepMs: 5 * MIN,
        }),
      ).toEqual(TIMES.map((time, k) => ({ time, value: GOOD[k] })));
      await expect(
        source.queryRange('{__name__=~"demo_requests.*"}', {
          start: T,
          end: T,
          stepMs: 5 * MIN,
        }),
      ).rejects.toThrow(
        'SLI source local: {__name__=~"demo_requests.*"} returns 2 series; an SLI query must return one (aggregate with sum())',
      );
      await expect(source.queryInstant('sum(', T)).rejects.toThrow(
        /^SLI source local: \/api\/v1\/query answered 400: /,
      );
    });

    it.each(databases.eachSupportedId())(
      'stores the SLI, budget and burn rates on %s, and keeps them stale once Prometheus is gone',
      async databaseId => {
        const knex = await databases.init(databaseId);
        const store = await ValueStreamStore.create({
          database: mockServices.database({ knex }),
        });
        const settings = readValueStreamSettings(
          new ConfigReader({
            valueStream: {
              slo: { sources: [{ name: 'local', baseUrl }] },
            },
          }),
        );
        const service = (url: string) =>
          SloService.create({
            store,
            catalog: CatalogGateway.create({
              catalog: catalogServiceMock({ entities: [ENTITY] }),
              auth: mockServices.auth(),
            }),
            settings,
            logger: mockServices.logger.mock(),
            sources: settings.slo.sources.map(
              s => new PrometheusSliSource({ ...s, baseUrl: url }),
            ),
          });
        const now = T + 1_000;

        expect(await service(baseUrl).evaluateAll({ now })).toMatchObject({
          evaluated: 1,
          stale: 0,
        });
        // Buckets: 600/600, 594/600, 576/600, 570/600.
        expect(
          await store.slos.listBuckets(CHECKOUT, 'checkout-availability', 0),
        ).toEqual([
          { start: TIMES[0], good: 600, total: 600 },
          { start: TIMES[1], good: 594, total: 600 },
          { start: TIMES[2], good: 576, total: 600 },
          { start: TIMES[3], good: 570, total: 600 },
        ]);
        const read = async () =>
          (
            await service(baseUrl).list(
              {
                entityRef: CHECKOUT,
                sort: 'name',
                order: 'asc',
                limit: 10,
              },
              aliceContext('all'),
              now,
            )
          ).items[0];
        const measured = await read();
        // 60 bad of 2,400 against a budget of 5 %, 120 events: half spent.
        expect(measured.state).toBe('ok');
        expect(measured.sli).toBeCloseTo(2340 / 2400, 12);
        expect(measured.remainingBudget).toBeCloseTo(0.5, 12);
        // The last bucket: 30 bad of 600 is the budget's rate exactly.
        expect(measured.burnRates['5m']).toBeCloseTo(1, 12);
        expect(measured.burnRates['1h']).toBeCloseTo(0.5, 12);
        expect(measured.coverage).toBeCloseTo(4 / 288, 12);

        // A source that does not answer: the values stay, marked stale.
        const dead = `http://127.0.0.1:${await freePort()}`;
        expect(
          await service(dead).evaluateAll({ now: now + 5 * MIN }),
        ).toMatchObject({ evaluated: 0, stale: 1 });
        const stale = await read();
        expect(stale.state).toBe('stale');
        expect(stale.remainingBudget).toBeCloseTo(0.5, 12);
        expect(stale.sli).toBeCloseTo(2340 / 2400, 12);
        expect(stale.measuredAt).toBe(measured.measuredAt);
        expect(stale.error).toMatch(/^SLI source local: .* did not answer/);
      },
    );
  },
);
