import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ConfigReader } from '@backstage/config';
import { testDatabaseIds } from '../../__testUtils__/databases';
import { aliceContext } from '../../__testUtils__/requestContext';
import { ValueStreamStore } from '../../database/ValueStreamStore';
import { readValueStreamSettings } from '../../settings';
import { CatalogGateway } from '../CatalogGateway';
import type { SliRange, SliSample, SliSource } from './SliSource';
import { SliSourceError } from './SliSource';
import { declaredSlos, SloService } from './SloService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

const MIN = 60_000;
const T0 = Date.parse('2026-03-15T12:00:00Z');
const NOW = T0 + 2.5 * MIN;
const CHECKOUT = 'component:default/checkout';
const SEARCH = 'component:default/search';

/** A source whose series are fixed maps of time to value. */
class FakeSource implements SliSource {
  readonly name = 'default';
  readonly calls: Array<{ query: string } & SliRange> = [];
  down = false;
  constructor(readonly series: Record<string, Map<number, number>>) {}

  async queryRange(query: string, range: SliRange): Promise<SliSample[]> {
    this.calls.push({ query, ...range });
    if (this.down) {
      throw new SliSourceError(
        this.name,
        'http://prom did not answer: ECONNREFUSED',
      );
    }
    const samples: SliSample[] = [];
    for (let t = range.start; t <= range.end; t += range.stepMs) {
      const value = this.series[query]?.get(t);
      if (value !== undefined) {
        samples.push({ time: t, value });
      }
    }
    return samples;
  }

  async queryInstant(query: string, time: number) {
    return this.series[query]?.get(time);
  }
}

/** Counters at T0 - 60m + k * 5m; k = 9 has no sample, k = 11 follows a reset. */
const TOTAL = [
  0,
  1000,
  2000,
  3000,
  4000,
  5000,
  6000,
  7000,
  8000,
  undefined,
  10000,
  500,
  1500,
];
const GOOD = [
  0,
  990,
  1980,
  2970,
  3960,
  4950,
  5940,
  6840,
  7830,
  undefined,
  9810,
  495,
  1485,
];

function counter(values: Array<number | undefined>): Map<number, number> {
  const map = new Map<number, number>();
  values.forEach((value, k) => {
    if (value !== undefined) {
      map.set(T0 - 60 * MIN + k * 5 * MIN, value);
    }
  });
  return map;
}

const CHECKOUT_SLOS = `
- name: checkout-availability
  indicator:
    ratioMetric:
      good: { query: good }
      total: { query: total }
  objectives: [{ target: 0.99 }]
  timeWindow: [{ duration: 1d, isRolling: true }]
`;

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

const SETTINGS = readValueStreamSettings(
  new ConfigReader({
    valueStream: {
      serviceLevelTiers: {
        gold: {
          availabilityTarget: 99.9,
          slos: [
            { name: 'Documented only', objectivePercent: 99 },
            {
              name: 'Search latency',
              objectivePercent: 95,
              indicator: {
                metricSourceRef: 'thanos',
                thresholdMetric: { query: 'p99{job="{{name}}"}' },
              },
              op: 'lte',
              value: 0.3,
            },
          ],
        },
      },
    },
  }),
);

describe('declaredSlos', () => {
  it('takes the annotation first, then the measured SLOs of the tier, with the service filled in', () => {
    const declared = declaredSlos(
      component('search', {
        'valuestream.io/slos': CHECKOUT_SLOS,
        'valuestream.io/service-level-tier': 'gold',
      }),
      SETTINGS,
    );
    expect(declared.map(d => [d.origin, d.definition.name])).toEqual([
      ['annotation', 'checkout-availability'],
      ['tier', 'search-latency'],
    ]);
    expect(declared[1].definition).toMatchObject({
      source: 'thanos',
      target: 0.95,
      indicator: {
        kind: 'threshold',
        query: 'p99{job="search"}',
        op: 'lte',
        value: 0.3,
      },
      timeWindow: { kind: 'rolling', duration: '28d' },
    });
  });

  it('declares nothing for an annotation that does not parse', () => {
    expect(
      declaredSlos(
        component('x', { 'valuestream.io/slos': 'name: [' }),
        SETTINGS,
      ),
    ).toEqual([]);
  });
});

describe.each(databases.eachSupportedId())(
  'SloService and SloStore on %s',
  databaseId => {
    async function setup(entities: Entity[]) {
      const knex = await databases.init(databaseId);
      const store = await ValueStreamStore.create({
        database: mockServices.database({ knex }),
      });
      const source = new FakeSource({
        good: counter(GOOD),
        total: counter(TOTAL),
      });
      const catalog = catalogServiceMock({ entities });
      const service = SloService.create({
        store,
        catalog: CatalogGateway.create({ catalog, auth: mockServices.auth() }),
        settings: SETTINGS,
        logger: mockServices.logger.mock(),
        sources: [source],
      });
      return { store, source, service };
    }

    const entities = [
      component('checkout', { 'valuestream.io/slos': CHECKOUT_SLOS }),
      component('search', { 'valuestream.io/service-level-tier': 'gold' }),
    ];

    it('stores the buckets and the budget and burn rates they make, computed by hand', async () => {
      const { store, service } = await setup(entities);
      expect(await service.evaluateAll({ now: NOW })).toEqual({
        evaluated: 1,
        stale: 0,
        noSource: 1,
        removed: 0,
      });

      const buckets = await store.slos.listBuckets(
        CHECKOUT,
        'checkout-availability',
        0,
      );
      const at = (k: number) => T0 - 60 * MIN + k * 5 * MIN;
      expect(buckets).toEqual([
        ...[0, 1, 2, 3, 4, 5].map(k => ({
          start: at(k),
          good: 990,
          total: 1000,
        })),
        { start: at(6), good: 900, total: 1000 },
        { start: at(7), good: 990, total: 1000 },
        // k = 8 and 9 need the missing sample at k = 9: missing data, not zero.
        // k = 10 spans the reset: the counters start again from 0.
        { start: at(10), good: 495, total: 500 },
        { start: at(11), good: 990, total: 1000 },
      ]);

      const [status] = (
        await service.list(
          {
            entityRef: CHECKOUT,
            sort: 'remainingBudget',
            order: 'asc',
            limit: 100,
          },
          aliceContext('all'),
          NOW,
        )
      ).items;
      // 9,315 good of 9,500: 185 bad against a budget of 95.
      expect(status.state).toBe('ok');
      expect(status.sli).toBeCloseTo(9315 / 9500, 12);
      expect(status.remainingBudget).toBeCloseTo(1 - 185 / 95, 12);
      expect(status.coverage).toBeCloseTo(10 / 288, 12);
      expect(status.burnRates['5m']).toBeCloseTo(1, 12);
      expect(status.burnRates['30m']).toBeCloseTo(125 / 3500 / 0.01, 12);
      expect(status.burnRates['1h']).toBeCloseTo(185 / 95, 12);
      expect(status.burnRates['3d']).toBeCloseTo(185 / 95, 12);
      // Under 3x everywhere, but at 1x over 3d and 6h: a ticket, no page.
      expect(status.burnRateState).toBe('ticket');
      expect(status.alerts.map(a => [a.name, a.state])).toEqual([
        ['page', 'ok'],
        ['ticket', 'firing'],
      ]);
      expect(status.measuredAt).toBe(new Date(NOW).toISOString());
      expect(status.burndown).toHaveLength(24);
      expect(status.burndown?.[22]).toEqual({
        at: new Date(T0 - 60 * MIN).toISOString(),
        remainingBudget: null,
      });
      expect(status.burndown?.[23].remainingBudget).toBeCloseTo(
        1 - 185 / 95,
        12,
      );
    });

    it('asks the source only for the buckets it lacks, the last two again', async () => {
      const { store, source, service } = await setup(entities);
      await service.evaluateAll({ now: NOW });
      source.series.total.set(T0 + 5 * MIN, 2500);
      source.series.good.set(T0 + 5 * MIN, 2485);
      source.calls.length = 0;
      await service.evaluateAll({ now: NOW + 5 * MIN });
      expect(source.calls.map(c => [c.query, c.start, c.end])).toEqual([
        ['good', T0 - 10 * MIN, T0 + 5 * MIN],
        ['total', T0 - 10 * MIN, T0 + 5 * MIN],
      ]);
      const buckets = await store.slos.listBuckets(
        CHECKOUT,
        'checkout-availability',
        T0,
      );
      expect(buckets).toEqual([{ start: T0, good: 1000, total: 1000 }]);
    });

    it('keeps the last values, marked stale, when the source is down', async () => {
      const { source, service } = await setup(entities);
      await service.evaluateAll({ now: NOW });
      source.down = true;
      await expect(
        service.evaluateAll({ now: NOW + 5 * MIN }),
      ).resolves.toEqual({
        evaluated: 0,
        stale: 1,
        noSource: 1,
        removed: 0,
      });
      const [status] = (
        await service.list(
          { entityRef: CHECKOUT, sort: 'name', order: 'asc', limit: 100 },
          aliceContext('all'),
        )
      ).items;
      expect(status.state).toBe('stale');
      expect(status.remainingBudget).toBeCloseTo(1 - 185 / 95, 12);
      expect(status.sli).toBeCloseTo(9315 / 9500, 12);
      expect(status.measuredAt).toBe(new Date(NOW).toISOString());
      expect(status.evaluatedAt).toBe(new Date(NOW + 5 * MIN).toISOString());
      expect(status.error).toBe(
        'SLI source default: http://prom did not answer: ECONNREFUSED',
      );
    });

    it('is pending, without values, when the source fails before it ever answered', async () => {
      const { source, service } = await setup(entities);
      source.down = true;
      await service.evaluateAll({ now: NOW });
      const [status] = (
        await service.list(
          { entityRef: CHECKOUT, sort: 'name', order: 'asc', limit: 100 },
          aliceContext('all'),
        )
      ).items;
      expect(status.state).toBe('pending');
      expect(status.sli).toBeUndefined();
      expect(status.remainingBudget).toBeUndefined();
    });

    it('shows an SLO whose source is not configured as no-source, never as zero', async () => {
      const { service } = await setup(entities);
      await service.evaluateAll({ now: NOW });
      const { items } = await service.list(
        { entityRef: SEARCH, sort: 'name', order: 'asc', limit: 100 },
        aliceContext('all'),
      );
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        name: 'search-latency',
        origin: 'tier',
        source: 'thanos',
        state: 'no-source',
        burnRateState: 'no-data',
        error:
          'No SLI source thanos is configured under valueStream.slo.sources',
      });
      expect(items[0].sli).toBeUndefined();
      expect(items[0].remainingBudget).toBeUndefined();
    });

    it('lists across services by remaining budget, unmeasured last, and honours catalog access', async () => {
      const { store, service } = await setup(entities);
      await service.evaluateAll({ now: NOW });
      const healthy = await store.slos.getStatus(
        CHECKOUT,
        'checkout-availability',
      );
      await store.slos.putStatus({
        ...healthy!,
        entityRef: 'component:default/cart',
        evaluation: { ...healthy!.evaluation!, remainingBudget: 0.5 },
      });
      const order = async (o: 'asc' | 'desc') =>
        (
          await service.list(
            { sort: 'remainingBudget', order: o, limit: 100 },
            aliceContext('all'),
          )
        ).items.map(i => i.entityRef);
      expect(await order('asc')).toEqual([
        CHECKOUT,
        'component:default/cart',
        SEARCH,
      ]);
      expect(await order('desc')).toEqual([
        'component:default/cart',
        CHECKOUT,
        SEARCH,
      ]);
      expect(
        (
          await service.list(
            { sort: 'remainingBudget', order: 'asc', limit: 1 },
            aliceContext('all'),
          )
        ).items.map(i => i.entityRef),
      ).toEqual([CHECKOUT]);
      expect(
        await service.list(
          { sort: 'name', order: 'asc', limit: 100 },
          aliceContext('none'),
        ),
      ).toEqual({ items: [] });
      // Under the catalog's conditions, only what the catalog shows: the mock
      // catalog holds checkout and search, not cart.
      expect(
        (
          await service.list(
            { sort: 'name', order: 'asc', limit: 100 },
            aliceContext('conditional'),
          )
        ).items.map(i => i.entityRef),
      ).toEqual([CHECKOUT, SEARCH]);
    });

    it('forgets an SLO, and its buckets, once no longer declared', async () => {
      const first = await setup(entities);
      await first.service.evaluateAll({ now: NOW });
      const service = SloService.create({
        store: first.store,
        catalog: CatalogGateway.create({
          catalog: catalogServiceMock({ entities: [entities[1]] }),
          auth: mockServices.auth(),
        }),
        settings: SETTINGS,
        logger: mockServices.logger.mock(),
        sources: [first.source],
      });
      expect((await service.evaluateAll({ now: NOW })).removed).toBe(1);
      expect(
        await first.store.slos.getStatus(CHECKOUT, 'checkout-availability'),
      ).toBeUndefined();
      expect(
        await first.store.slos.listBuckets(
          CHECKOUT,
          'checkout-availability',
          0,
        ),
      ).toEqual([]);
    });
  },
);
