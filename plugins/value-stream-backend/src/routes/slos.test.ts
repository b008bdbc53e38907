import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  parseSloDeclarations,
  sloList,
} from '@valuestream/plugin-value-stream-common';
import { testDatabaseIds } from '../__testUtils__/databases';
import {
  apiOf,
  CART,
  CHECKOUT,
  RouteBackend,
  startRouteBackend,
} from '../__testUtils__/routeBackend';
import { ValueStreamStore } from '../database/ValueStreamStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

const [DEFINITION] = parseSloDeclarations(`
- name: checkout-availability
  indicator:
    ratioMetric:
      good: { query: good }
      total: { query: total }
  objectives: [{ target: 0.99 }]
  timeWindow: [{ duration: 28d, isRolling: true }]
`);

describe.each(databases.eachSupportedId())('GET /slos on %s', databaseId => {
  let backend: RouteBackend;
  let api: ReturnType<typeof apiOf>;

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    backend = await startRouteBackend({ knex });
    api = apiOf(backend.server);
    // What the evaluation task would have stored.
    const store = await ValueStreamStore.create({
      database: mockServices.database({ knex }),
    });
    const evaluatedAt = new Date().toISOString();
    await store.slos.putStatus({
      entityRef: CHECKOUT,
      name: DEFINITION.name,
      definition: DEFINITION,
      origin: 'annotation',
      state: 'ok',
      evaluation: {
        windowStart: evaluatedAt,
        windowEnd: evaluatedAt,
        sli: 0.995,
        remainingBudget: 0.5,
        coverage: 1,
        good: 995,
        total: 1000,
        burnRates: { '5m': 0.5, '1h': null },
        alerts: [],
        burnRateState: 'ok',
      },
      measuredAt: evaluatedAt,
      evaluatedAt,
    });
    await store.slos.putStatus({
      entityRef: CART,
      name: DEFINITION.name,
      definition: { ...DEFINITION, source: 'thanos' },
      origin: 'tier',
      state: 'no-source',
      evaluatedAt,
      error: 'No SLI source thanos is configured under valueStream.slo.sources',
    });
  });

  afterAll(() => backend.stop());
  afterEach(() => backend.denied.clear());

  it('answers from the store, in the shape of the API contract', async () => {
    const res = await api.get('/slos');
    expect(res.status).toBe(200);
    expect(sloList.parse(res.body)).toEqual(res.body);
    expect(
      res.body.items.map((i: { entityRef: string; state: string }) => [
        i.entityRef,
        i.state,
      ]),
    ).toEqual([
      [CHECKOUT, 'ok'],
      [CART, 'no-source'],
    ]);
    expect(res.body.items[0]).toMatchObject({
      target: 0.99,
      timeWindow: '28d',
      remainingBudget: 0.5,
      burnRates: { '5m': 0.5, '1h': null },
    });
    expect(res.body.items[1].remainingBudget).toBeUndefined();
  });

  it('gives one entity its SLOs with the burn-down', async () => {
    const res = await api.get(`/slos?entityRef=${encodeURIComponent(CART)}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].burndown).toHaveLength(28 * 24);
  });

  it('refuses a bad query, naming the field', async () => {
    const res = await api.get('/slos?sort=budget');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^Invalid query: sort: /);
  });

  it('is forbidden without value-stream.read', async () => {
    backend.denied.add('value-stream.read');
    expect((await api.get('/slos')).status).toBe(403);
  });
});
