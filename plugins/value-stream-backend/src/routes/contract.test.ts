import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  COLLECTION_ROUTES,
  COLLECTIONS,
  ROUTES,
  ValueStreamClient,
  type ValueStreamRoute,
} from '@valuestream/plugin-value-stream-common';
import type { AddressInfo } from 'node:net';
import { valueStreamPlugin } from '../plugin';

jest.setTimeout(60_000);

// The API answers what its contract says: every answer of -common's client,
// run against the real router, is exactly what the route's response schema
// (the one the OpenAPI document shows) describes, no field more or less.

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const CHECKOUT = 'component:default/checkout';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
  },
];

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** Parsing keeps only declared fields, so equality means none is missing. */
function conforms<T>(route: ValueStreamRoute, body: T): T {
  expect(route.response!.parse(body)).toEqual(body);
  return body;
}

describe('the API against its contract', () => {
  let alice: ValueStreamClient;
  let bob: ValueStreamClient;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const knex = await databases.init('SQLITE_3');
    const backend = await startTestBackend({
      features: [
        valueStreamPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.database.factory({ knex }),
      ],
    });
    stop = () => backend.stop();
    const { port } = backend.server.address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}/api/value-stream`;
    const clientOf = (user: string) =>
      new ValueStreamClient({
        discoveryApi: { getBaseUrl: async () => baseUrl },
        fetchApi: {
          fetch: (input, init) =>
            fetch(input, {
              ...init,
              headers: {
                ...(init?.headers as Record<string, string>),
                Authorization: mockCredentials.user.header(user),
              },
            }),
        },
      });
    alice = clientOf(ALICE);
    bob = clientOf(BOB);
  });

  afterAll(async () => {
    await stop();
  });

  it('answers the record operations as the schemas say', async () => {
    const routes = COLLECTION_ROUTES.changes;
    const created = conforms(
      routes.create,
      await alice.createRecord('changes', {
        entityRef: CHECKOUT,
        title: 'Upgrade the payment library',
        description: 'Move to the supported major version.',
        type: 'normal',
      }),
    );
    conforms(routes.get, await alice.getRecord('changes', created.id));
    const updated = conforms(
      routes.update,
      await alice.updateRecord('changes', created.id, {
        version: created.version,
        title: 'Upgrade the payment library to 5.x',
      }),
    );
    let change = updated;
    for (const to of ['assess', 'authorize']) {
      change = conforms(
        routes.transition,
        await alice.transitionRecord('changes', created.id, {
          to,
          version: change.version,
        }),
      );
    }
    expect(change.state).toBe('authorize');
    conforms(routes.list, await bob.listAwaitingMyApproval());
    conforms(
      ROUTES.approveChange,
      await bob.approve(created.id, 'approved', 'Looks safe'),
    );

    conforms(
      COLLECTION_ROUTES.incidents.create,
      await alice.createRecord('incidents', {
        entityRef: CHECKOUT,
        title: 'Checkout returns 500',
        description: 'Payments fail',
        impact: 'high',
        urgency: 'high',
      }),
    );
    for (const collection of COLLECTIONS) {
      conforms(
        COLLECTION_ROUTES[collection].list,
        await alice.listRecords(collection),
      );
    }
  });

  it('answers the read models as the schemas say', async () => {
    const summary = await alice.getSummary(CHECKOUT);
    // The records of the test before, as headlines.
    expect(summary.openIncidents).toHaveLength(1);
    conforms(ROUTES.getEntitySummary, summary);
    conforms(ROUTES.getEntityStageHistory, await alice.getHistory(CHECKOUT));
    conforms(ROUTES.getBoard, await alice.getBoard());
    conforms(ROUTES.getEntityImpact, await alice.getImpact(CHECKOUT));
    conforms(ROUTES.getAssets, await alice.getAssets());
    conforms(
      ROUTES.getMetrics,
      await alice.getMetrics({ entityRef: CHECKOUT }),
    );
    conforms(ROUTES.listEvents, await alice.listEvents());
  });

  it('answers the scorecards as the schema says', async () => {
    const page = conforms(
      ROUTES.listScorecards,
      await alice.listScorecards({ limit: 10 }),
    );
    const checkout = page.items.find(item => item.entityRef === CHECKOUT);
    // The high impact, high urgency incident of the first test.
    expect(checkout?.openIncidentsByPriority).toEqual({
      P1: 1,
      P2: 0,
      P3: 0,
      P4: 0,
    });
  });
});
