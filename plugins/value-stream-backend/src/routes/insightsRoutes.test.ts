import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Server } from 'node:http';
import request from 'supertest';
import { ValueStreamStore } from '../database/ValueStreamStore';
import { valueStreamPlugin } from '../plugin';
import {
  newChange,
  newDeployment,
  newIncident,
  TEST_USER,
} from '../__testUtils__/records';

jest.setTimeout(60_000);

const WEB = 'component:default/web';
const CART = 'component:default/cart';
const CHECKOUT = 'component:default/checkout';
const API = 'api:default/checkout-api';
const DB = 'resource:default/db';
const ORACLE = 'resource:default/oracle';
const SPARE = 'resource:default/spare';
const OLD = 'resource:default/old-license';
const PAYMENTS = 'system:default/payments';
const STOREFRONT = 'system:default/storefront';
const LOOP_A = 'component:default/loop-a';
const LOOP_B = 'component:default/loop-b';
const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';

const DAY = 86_400_000;
/** `YYYY-MM-DD` this many days from today (UTC). */
function inDays(days: number): string {
  return new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
}

function entity(
  ref: string,
  relations: Array<[string, string]>,
  extra: { annotations?: Record<string, string>; owner?: string } = {},
): Entity {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const rels = relations.map(([type, targetRef]) => ({ type, targetRef }));
  if (extra.owner) {
    rels.push({ type: 'ownedBy', targetRef: extra.owner });
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: kind === 'api' ? 'API' : kind[0].toUpperCase() + kind.slice(1),
    metadata: {
      name,
      namespace,
      title: name.toUpperCase(),
      ...(extra.annotations ? { annotations: extra.annotations } : {}),
    },
    spec: extra.owner ? { owner: extra.owner } : {},
    relations: rels,
  };
}

/*
 * web -> cart -> checkout -> db -> old-license (dependsOn), web consumes the
 * checkout API, cart needs the oracle licence by annotation; loop-a and
 * loop-b depend on each other.
 */
const entities: Entity[] = [
  entity(
    WEB,
    [
      ['dependsOn', CART],
      ['consumesApi', API],
      ['partOf', STOREFRONT],
    ],
    { owner: TEAM_B },
  ),
  entity(
    CART,
    [
      ['dependsOn', CHECKOUT],
      ['dependencyOf', WEB],
      ['partOf', PAYMENTS],
    ],
    {
      owner: TEAM_B,
      annotations: { 'valuestream.io/required-assets': 'oracle' },
    },
  ),
  entity(
    CHECKOUT,
    [
      ['dependencyOf', CART],
      ['providesApi', API],
      ['dependsOn', DB],
      ['partOf', PAYMENTS],
    ],
    { owner: TEAM_A },
  ),
  entity(API, [
    ['apiProvidedBy', CHECKOUT],
    ['apiConsumedBy', WEB],
  ]),
  entity(
    DB,
    [
      ['dependencyOf', CHECKOUT],
      ['dependsOn', OLD],
    ],
    {
      owner: TEAM_A,
      annotations: {
        'valuestream.io/asset-type': 'cloud',
        'valuestream.io/asset-cost': '100 USD/month',
      },
    },
  ),
  entity(OLD, [['dependencyOf', DB]], {
    owner: TEAM_A,
    annotations: {
      'valuestream.io/asset-type': 'license',
      'valuestream.io/asset-cost': '10 USD/month',
      'valuestream.io/asset-expires': inDays(-5),
    },
  }),
  entity(ORACLE, [], {
    annotations: {
      'valuestream.io/asset-type': 'license',
      'valuestream.io/asset-cost': '5000 EUR/year',
      'valuestream.io/asset-expires': inDays(30),
      'valuestream.io/asset-vendor': 'Oracle',
      'valuestream.io/asset-seats': '10',
    },
  }),
  entity(SPARE, [], {
    owner: TEAM_B,
    annotations: {
      'valuestream.io/asset-type': 'hardware',
      'valuestream.io/asset-cost': '900 USD/one-off',
      'valuestream.io/asset-expires': inDays(200),
    },
  }),
  entity(PAYMENTS, [
    ['hasPart', CHECKOUT],
    ['hasPart', CART],
  ]),
  entity(STOREFRONT, [['hasPart', WEB]]),
  entity(LOOP_A, [
    ['dependsOn', LOOP_B],
    ['dependencyOf', LOOP_B],
  ]),
  entity(LOOP_B, [
    ['dependsOn', LOOP_A],
    ['dependencyOf', LOOP_A],
  ]),
];

const denied = new Set<string>();
const decide = (requests: Array<{ permission: { name: string } }>) =>
  requests.map(r => ({
    result: denied.has(r.permission.name)
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW,
  }));
const permissions = mockServices.permissions.mock({
  authorize: async requests => decide(requests),
  // Impact analysis asks whether the caller may read the whole catalog.
  authorizeConditional: async requests => decide(requests),
});

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const alice = mockCredentials.user.header(TEST_USER);
const service = mockCredentials.service.header();
const none = mockCredentials.none.header();

const summarise = (items: Array<{ entityRef: string; depth: number }>) =>
  items.map(i => `${i.depth} ${i.entityRef}`);

describe('insights routes', () => {
  let server: Server;
  let store: ValueStreamStore;

  beforeAll(async () => {
    const knex = await databases.init('SQLITE_3');
    const backend = await startTestBackend({
      features: [
        valueStreamPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.database.factory({ knex }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        permissions.factory,
      ],
    });
    server = backend.server;
    store = await ValueStreamStore.create({
      database: mockServices.database({ knex, migrations: { skip: true } }),
    });
  });

  afterEach(() => denied.clear());

  describe('GET /entities/:kind/:namespace/:name/impact', () => {
    it('lists downstream and upstream with paths and relations', async () => {
      const res = await request(server)
        .get('/api/value-stream/entities/component/default/checkout/impact')
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      expect(res.body.entityRef).toBe(CHECKOUT);
      expect(res.body.depth).toBe(3);
      expect(summarise(res.body.downstream)).toEqual([
        `1 ${API}`,
        `1 ${CART}`,
        `2 ${WEB}`,
      ]);
      expect(res.body.downstream[2]).toEqual({
        entityRef: WEB,
        kind: 'component',
        title: 'WEB',
        depth: 2,
        path: [CHECKOUT, CART, WEB],
        relations: ['dependencyOf', 'dependencyOf'],
      });
      expect(summarise(res.body.upstream)).toEqual([
        `1 ${DB}`,
        `1 ${PAYMENTS}`,
        `2 ${OLD}`,
      ]);
    });

    it('follows consumed APIs to their provider and honours depth', async () => {
      const res = await request(server)
        .get('/api/value-stream/entities/Component/default/WEB/impact')
        .query({ depth: 2 })
        .set('Authorization', service);
      expect(res.status).toBe(200);
      expect(summarise(res.body.upstream)).toEqual([
        `1 ${API}`,
        `1 ${CART}`,
        `1 ${STOREFRONT}`,
        `2 ${CHECKOUT}`,
        `2 ${PAYMENTS}`,
      ]);
      const checkout = res.body.upstream.find(
        (i: { entityRef: string }) => i.entityRef === CHECKOUT,
      );
      // The first path in relation order wins: through cart, not the API.
      expect(checkout.path).toEqual([WEB, CART, CHECKOUT]);
      expect(checkout.relations).toEqual(['dependsOn', 'dependsOn']);
      expect(res.body.downstream).toEqual([]);
    });

    it('stops at cycles', async () => {
      const res = await request(server)
        .get('/api/value-stream/entities/component/default/loop-a/impact')
        .query({ depth: 6 })
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      expect(summarise(res.body.downstream)).toEqual([`1 ${LOOP_B}`]);
      expect(summarise(res.body.upstream)).toEqual([`1 ${LOOP_B}`]);
    });

    it('is a 404 for an unknown entity, a 400 for a bad depth', async () => {
      const unknown = await request(server)
        .get('/api/value-stream/entities/component/default/nope/impact')
        .set('Authorization', alice);
      expect(unknown.status).toBe(404);
      const bad = await request(server)
        .get('/api/value-stream/entities/component/default/web/impact')
        .query({ depth: 7 })
        .set('Authorization', alice);
      expect(bad.status).toBe(400);
    });

    it('needs credentials and the read permission', async () => {
      const anonymous = await request(server)
        .get('/api/value-stream/entities/component/default/web/impact')
        .set('Authorization', none);
      expect(anonymous.status).toBe(401);
      denied.add('value-stream.read');
      const refused = await request(server)
        .get('/api/value-stream/entities/component/default/web/impact')
        .set('Authorization', alice);
      expect(refused.status).toBe(403);
    });
  });

  describe('GET /assets', () => {
    it('summarises assets, expiry, owners, dependents and cost rollups', async () => {
      const res = await request(server)
        .get('/api/value-stream/assets')
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      const body = res.body;
      expect(
        body.assets.map((a: { entityRef: string }) => a.entityRef),
      ).toEqual([DB, OLD, ORACLE, SPARE]);
      expect(body.assets[2]).toEqual({
        entityRef: ORACLE,
        title: 'ORACLE',
        assetType: 'license',
        vendor: 'Oracle',
        expires: inDays(30),
        daysToExpiry: 30,
        seats: 10,
        cost: { amount: 5000, currency: 'EUR', period: 'year' },
        annualCost: 5000,
        dependents: [CART],
      });
      expect(body.assets[0].dependents).toEqual([CHECKOUT]);
      expect(body.assets[0].owner).toBe(TEAM_A);
      expect(body.assets[1].dependents).toEqual([DB]);
      // Expired and expiring within 90 days, soonest first.
      expect(
        body.expiring.map((a: { entityRef: string; daysToExpiry: number }) => [
          a.entityRef,
          a.daysToExpiry,
        ]),
      ).toEqual([
        [OLD, -5],
        [ORACLE, 30],
      ]);
      expect(
        body.withoutOwner.map((a: { entityRef: string }) => a.entityRef),
      ).toEqual([ORACLE]);
      expect(
        body.withoutDependents.map((a: { entityRef: string }) => a.entityRef),
      ).toEqual([SPARE]);
      // db 1200 USD + old-license 120 USD; oracle 5000 EUR; spare is one-off.
      expect(body.costByService).toEqual([
        {
          entityRef: CART,
          title: 'CART',
          annualCost: { USD: 1320, EUR: 5000 },
          assets: [DB, OLD, ORACLE],
        },
        {
          entityRef: CHECKOUT,
          title: 'CHECKOUT',
          annualCost: { USD: 1320 },
          assets: [DB, OLD],
        },
        {
          entityRef: WEB,
          title: 'WEB',
          annualCost: { USD: 1320, EUR: 5000 },
          assets: [DB, OLD, ORACLE],
        },
      ]);
      // payments has cart and checkout: db and old-license count once.
      expect(body.costBySystem).toEqual([
        {
          entityRef: PAYMENTS,
          title: 'PAYMENTS',
          annualCost: { USD: 1320, EUR: 5000 },
          assets: [DB, OLD, ORACLE],
        },
        {
          entityRef: STOREFRONT,
          title: 'STOREFRONT',
          annualCost: { USD: 1320, EUR: 5000 },
          assets: [DB, OLD, ORACLE],
        },
      ]);
    });

    it('widens the expiry window', async () => {
      const res = await request(server)
        .get('/api/value-stream/assets')
        .query({ expiringWithinDays: 365 })
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      expect(
        res.body.expiring.map((a: { entityRef: string }) => a.entityRef),
      ).toEqual([OLD, ORACLE, SPARE]);
    });

    it('needs credentials', async () => {
      const res = await request(server)
        .get('/api/value-stream/assets')
        .set('Authorization', none);
      expect(res.status).toBe(401);
    });
  });

  describe('GET /metrics', () => {
    const from = '2026-01-05T00:00:00.000Z';
    const to = '2026-01-19T00:00:00.000Z';

    beforeAll(async () => {
      const change = await store.records.create(
        'change',
        newChange({ entityRef: CHECKOUT, state: 'closed' }),
        { actor: TEST_USER, at: '2026-01-06T00:00:00.000Z' },
      );
      await store.records.create(
        'deployment',
        newDeployment({
          entityRef: CHECKOUT,
          changeId: change.id,
          finishedAt: '2026-01-07T00:00:00.000Z',
        }),
        { actor: TEST_USER, at: '2026-01-06T10:00:00.000Z' },
      );
      await store.records.create(
        'deployment',
        newDeployment({
          entityRef: CHECKOUT,
          state: 'failure',
          finishedAt: '2026-01-13T00:00:00.000Z',
          unauthorized: true,
          unauthorizedReason: 'No authorized change covers it',
        }),
        { actor: TEST_USER, at: '2026-01-13T00:00:00.000Z' },
      );
      await store.records.create(
        'deployment',
        newDeployment({
          entityRef: CART,
          finishedAt: '2026-01-14T00:00:00.000Z',
          unauthorized: true,
          unauthorizedReason: 'No authorized change covers it',
        }),
        { actor: TEST_USER, at: '2026-01-14T00:00:00.000Z' },
      );
      await store.records.create(
        'incident',
        newIncident({
          entityRef: CART,
          state: 'resolved',
          resolvedAt: '2026-01-14T04:00:00.000Z',
        }),
        { actor: TEST_USER, at: '2026-01-14T02:00:00.000Z' },
      );
      await store.records.create(
        'deployment',
        newDeployment({
          entityRef: WEB,
          finishedAt: '2026-01-15T00:00:00.000Z',
        }),
        { actor: TEST_USER, at: '2026-01-15T00:00:00.000Z' },
      );
      // A deployment outside the window counts nowhere.
      await store.records.create(
        'deployment',
        newDeployment({
          entityRef: CHECKOUT,
          finishedAt: '2026-02-01T00:00:00.000Z',
        }),
        { actor: TEST_USER, at: '2026-02-01T00:00:00.000Z' },
      );
      await store.stages.record(CHECKOUT, {
        stage: 'build',
        at: '2026-01-01T00:00:00.000Z',
        gaps: 0,
      });
      await store.stages.record(CHECKOUT, {
        stage: 'test',
        at: '2026-01-03T00:00:00.000Z',
        gaps: 0,
      });
      await store.stages.record(CART, {
        stage: 'operate',
        at: '2026-01-02T00:00:00.000Z',
        gaps: 0,
      });
    });

    it('reports one entity', async () => {
      const res = await request(server)
        .get('/api/value-stream/metrics')
        .query({ entityRef: CHECKOUT, from, to })
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      const { scope, window, bucket, dora, trends, flow } = res.body;
      expect(scope).toEqual({ entityRef: CHECKOUT, entityRefs: [CHECKOUT] });
      expect(window).toEqual({ from, to });
      expect(bucket).toBe('week');
      expect(dora.deploymentFrequency.count).toBe(1);
      expect(dora.leadTimeForChanges.count).toBe(1);
      expect(dora.leadTimeForChanges.medianMs).toBe(DAY);
      expect(dora.changeFailureRate.total).toBe(2);
      expect(dora.changeFailureRate.rate).toBe(0.5);
      expect(dora.timeToRestore.count).toBe(0);
      expect(trends.deployments).toEqual([
        { bucket: '2026-01-05T00:00:00.000Z', value: 1 },
        { bucket: '2026-01-12T00:00:00.000Z', value: 0 },
      ]);
      expect(trends.leadTimeMs.map((p: { value: unknown }) => p.value)).toEqual(
        [DAY, null],
      );
      expect(
        trends.changeFailureRate.map((p: { value: unknown }) => p.value),
      ).toEqual([0, 1]);
      const build = flow.timeInStage.find(
        (s: { stage: string }) => s.stage === 'build',
      );
      expect(build).toMatchObject({ stints: 1, totalMs: 2 * DAY });
      expect(flow.workInProgress).toMatchObject({ test: 1, operate: 0 });
      // The failed deployment of the 13th went out without a change.
      expect(res.body.unauthorizedDeployments).toEqual({
        productionDeployments: 2,
        count: 1,
        rate: 0.5,
        byEntity: [{ entityRef: CHECKOUT, count: 1 }],
        deploymentIds: [expect.any(String)],
      });
      expect(trends.unauthorizedDeployments).toEqual([
        { bucket: '2026-01-05T00:00:00.000Z', value: 0 },
        { bucket: '2026-01-12T00:00:00.000Z', value: 1 },
      ]);
    });

    it('reports a system over its components', async () => {
      const res = await request(server)
        .get('/api/value-stream/metrics')
        .query({ system: 'payments', from, to, bucket: 'month' })
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      const { scope, dora, trends, flow } = res.body;
      expect(scope).toEqual({ system: PAYMENTS, entityRefs: [CART, CHECKOUT] });
      expect(dora.deploymentFrequency.count).toBe(2);
      // The failed deployment and the one the incident followed.
      expect(dora.changeFailureRate.total).toBe(3);
      expect(dora.changeFailureRate.failed).toBe(2);
      expect(dora.timeToRestore.count).toBe(1);
      expect(dora.timeToRestore.medianMs).toBe(2 * 3_600_000);
      expect(trends.deployments).toEqual([
        { bucket: '2026-01-01T00:00:00.000Z', value: 2 },
      ]);
      expect(flow.workInProgress).toMatchObject({ test: 1, operate: 1 });
    });

    it("reports an owner's components", async () => {
      const res = await request(server)
        .get('/api/value-stream/metrics')
        .query({ owner: 'team-b', from, to })
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      expect(res.body.scope).toEqual({
        owner: TEAM_B,
        entityRefs: [CART, WEB],
      });
      expect(res.body.dora.deploymentFrequency.count).toBe(2);
      expect(res.body.dora.changeFailureRate.total).toBe(2);
      expect(res.body.dora.changeFailureRate.failed).toBe(1);
      // Per service of the team: cart's deployment of the 14th.
      expect(res.body.unauthorizedDeployments).toMatchObject({
        productionDeployments: 2,
        count: 1,
        byEntity: [{ entityRef: CART, count: 1 }],
      });
      expect(
        res.body.trends.unauthorizedDeployments.map(
          (p: { value: number }) => p.value,
        ),
      ).toEqual([0, 1]);
    });

    it('needs exactly one scope', async () => {
      const zero = await request(server)
        .get('/api/value-stream/metrics')
        .set('Authorization', alice);
      expect(zero.status).toBe(400);
      const two = await request(server)
        .get('/api/value-stream/metrics')
        .query({ system: 'payments', owner: 'team-b' })
        .set('Authorization', alice);
      expect(two.status).toBe(400);
      expect(two.body.error.message).toMatch(/exactly one/);
    });

    it('is a 404 for an unknown entity and a 401 without credentials', async () => {
      const unknown = await request(server)
        .get('/api/value-stream/metrics')
        .query({ entityRef: 'component:default/nope' })
        .set('Authorization', alice);
      expect(unknown.status).toBe(404);
      const anonymous = await request(server)
        .get('/api/value-stream/metrics')
        .query({ entityRef: CHECKOUT })
        .set('Authorization', none);
      expect(anonymous.status).toBe(401);
    });
  });

  describe('GET /scorecards', () => {
    beforeAll(async () => {
      // Cart deployed without a change two days ago, and 40 days ago:
      // only the first is within the scorecard's 30 days.
      for (const days of [2, 40]) {
        const at = new Date(Date.now() - days * DAY).toISOString();
        await store.records.create(
          'deployment',
          newDeployment({
            entityRef: CART,
            state: 'pending',
            startedAt: at,
            unauthorized: true,
            unauthorizedReason: 'No authorized change covers it',
          }),
          { actor: TEST_USER, at },
        );
      }
    });

    // The stage rows of the metrics tests place cart and checkout.
    it('pages the placed services in ref order', async () => {
      const first = await request(server)
        .get('/api/value-stream/scorecards')
        .query({ limit: 1 })
        .set('Authorization', service);
      expect(first.status).toBe(200);
      expect(
        first.body.items.map((i: { entityRef: string }) => i.entityRef),
      ).toEqual([CART]);
      expect(first.body.items[0]).toMatchObject({
        openIncidentsByPriority: { P1: 0, P2: 0, P3: 0, P4: 0 },
        dora: { changeFailureRate: { total: 0 } },
        unauthorizedDeployments: 1,
      });
      const second = await request(server)
        .get('/api/value-stream/scorecards')
        .query({ limit: 1, cursor: first.body.nextCursor })
        .set('Authorization', service);
      expect(second.status).toBe(200);
      expect(
        second.body.items.map((i: { entityRef: string }) => i.entityRef),
      ).toEqual([CHECKOUT]);
      // Checkout's unauthorized deployment is of last January.
      expect(second.body.items[0].unauthorizedDeployments).toBe(0);
      expect(second.body.nextCursor).toBeUndefined();
    });

    it('refuses the filters of record lists', async () => {
      const res = await request(server)
        .get('/api/value-stream/scorecards')
        .query({ state: 'open' })
        .set('Authorization', alice);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/state: Not supported/);
    });

    it('needs credentials and the read permission', async () => {
      const anonymous = await request(server)
        .get('/api/value-stream/scorecards')
        .set('Authorization', none);
      expect(anonymous.status).toBe(401);
      denied.add('value-stream.read');
      const refused = await request(server)
        .get('/api/value-stream/scorecards')
        .set('Authorization', alice);
      expect(refused.status).toBe(403);
    });
  });
});
