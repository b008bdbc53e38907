import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  parseSloDeclarations,
  type ChangeRecord,
} from '@valuestream/plugin-value-stream-common';
import { testDatabaseIds } from '../__testUtils__/databases';
import {
  apiOf,
  bob,
  CAROL,
  carol,
  CART,
  CHECKOUT,
  RouteBackend,
  startRouteBackend,
} from '../__testUtils__/routeBackend';
import { ValueStreamStore } from '../database/ValueStreamStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

const CAB = 'group:default/cab';
const WINDOW = {
  plannedStart: '2030-07-01T03:00:00.000Z',
  plannedEnd: '2030-07-01T04:00:00.000Z',
};
const [DEFINITION] = parseSloDeclarations(`
- name: checkout-latency
  indicator:
    ratioMetric:
      good: { query: good }
      total: { query: total }
  objectives: [{ target: 0.99 }]
  timeWindow: [{ duration: 28d, isRolling: true }]
`);

/** Carol is in the change authority; Alice and Bob are not. */
const userInfo = mockServices.userInfo.mock({
  getUserInfo: async credentials => {
    const user = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    return {
      userEntityRef: user,
      ownershipEntityRefs: user === CAROL ? [user, CAB] : [user],
    };
  },
});

describe.each(databases.eachSupportedId())(
  'the error budget policy on %s',
  databaseId => {
    let backend: RouteBackend;
    let api: ReturnType<typeof apiOf>;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      backend = await startRouteBackend({
        knex,
        features: [userInfo.factory],
        config: {
          valueStream: {
            changeAuthorityGroup: CAB,
            slo: { budgetPolicy: { requireOverride: true } },
          },
        },
      });
      api = apiOf(backend.server);
      // Checkout has overspent its latency budget; cart is within its own.
      const store = await ValueStreamStore.create({
        database: mockServices.database({ knex }),
      });
      const at = new Date().toISOString();
      for (const [entityRef, remainingBudget] of [
        [CHECKOUT, -0.25],
        [CART, 0.4],
      ] as const) {
        await store.slos.putStatus({
          entityRef,
          name: DEFINITION.name,
          definition: DEFINITION,
          origin: 'annotation',
          state: 'ok',
          evaluation: {
            windowStart: at,
            windowEnd: at,
            sli: 0.99 + remainingBudget / 100,
            remainingBudget,
            coverage: 1,
            good: 0,
            total: 0,
            burnRates: {},
            alerts: [],
            burnRateState: 'ok',
          },
          measuredAt: at,
          evaluatedAt: at,
        });
      }
    });

    afterAll(() => backend.stop());

    async function approved(entityRef: string): Promise<ChangeRecord> {
      const created = await api.post('/changes', {
        entityRef,
        title: 'Raise the connection pool',
        description: 'From 20 to 40 connections.',
        type: 'normal',
        ...WINDOW,
      });
      expect(created.status).toBe(201);
      let change: ChangeRecord = created.body;
      for (const to of ['assess', 'authorize']) {
        const res = await api.move('changes', change, to);
        expect(res.status).toBe(200);
        change = res.body;
      }
      const decided = await api.decide(change, 'approved', bob);
      expect(decided.status).toBe(200);
      return decided.body;
    }

    it('scores a spent budget into the risk of a normal change', async () => {
      const change = await approved(CHECKOUT);
      expect(change.riskFactors).toContainEqual({
        id: 'error-budget',
        points: 20,
        reason: 'error budget spent: checkout-latency (-25 %)',
      });
      const other = await approved(CART);
      expect(other.riskFactors?.map(f => f.id)).not.toContain('error-budget');
    });

    it('schedules it only with the change authority’s override', async () => {
      const change = await approved(CHECKOUT);
      const refused = await api.move('changes', change, 'scheduled');
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toBe(
        'The service has spent the error budget of checkout-latency (-25 %): under the error budget policy a normal change is not scheduled unless the change authority approves it as an override (freezeOverride)',
      );

      const overridden = await api.post(
        `/changes/${change.id}/approvals`,
        { decision: 'approved', freezeOverride: true },
        carol,
      );
      expect(overridden.status).toBe(200);
      const scheduled = await api.move('changes', overridden.body, 'scheduled');
      expect(scheduled.status).toBe(200);
      expect(scheduled.body.state).toBe('scheduled');
    });

    it('leaves a service within its budget alone', async () => {
      const change = await approved(CART);
      const scheduled = await api.move('changes', change, 'scheduled');
      expect(scheduled.status).toBe(200);
    });
  },
);
