import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import { Server } from 'node:http';
import request from 'supertest';
import { testDatabaseIds } from '../__testUtils__/databases';
import { valueStreamPlugin } from '../plugin';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const CART = 'component:default/cart';
const CHECKOUT = 'component:default/checkout';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cart', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-b' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-b' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'experimental', owner: 'team-a' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
  },
];

/** Permission names the mock policy refuses; reset after each test. */
const denied = new Set<string>();
const decide = async (requests: Array<{ permission: { name: string } }>) =>
  requests.map(r => ({
    result: denied.has(r.permission.name)
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW,
  }));
const permissions = mockServices.permissions.mock({
  authorize: decide,
  authorizeConditional: decide as any,
});

type AuditEntry = {
  eventId: string;
  meta?: JsonObject;
  outcome?: 'success' | 'fail';
};
const audits: AuditEntry[] = [];
const auditor = mockServices.auditor.mock({
  createEvent: async ({ eventId, meta }) => {
    const entry: AuditEntry = { eventId, meta };
    audits.push(entry);
    return {
      success: async () => {
        entry.outcome = 'success';
      },
      fail: async () => {
        entry.outcome = 'fail';
      },
    };
  },
});

const features = (knex: unknown) => [
  valueStreamPlugin,
  catalogServiceMock.factory({ entities }),
  mockServices.database.factory({ knex: knex as any }),
  mockServices.scheduler.factory({
    includeInitialDelayedTasksOnStartup: true,
  }),
  permissions.factory,
  auditor.factory,
];

const databases = TestDatabases.create({ ids: testDatabaseIds() });

const alice = mockCredentials.user.header(ALICE);
const bob = mockCredentials.user.header(BOB);
const service = mockCredentials.service.header();

afterEach(() => {
  denied.clear();
  audits.length = 0;
});

describe.each(databases.eachSupportedId())(
  'value stream actions through the actions registry on %s',
  databaseId => {
    let server: Server;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      // The real actions registry of the test backend: it serves the actions
      // over HTTP, as Backstage's actions service and MCP server call them.
      const backend = await startTestBackend({ features: features(knex) });
      server = backend.server;
    });

    const base = '/api/value-stream';
    const invoke = (name: string, input: JsonObject, auth?: string) => {
      const req = request(server)
        .post(
          `${base}/.backstage/actions/v1/actions/value-stream:${name}/invoke`,
        )
        .send(input);
      return auth ? req.set('Authorization', auth) : req;
    };
    const move = async (
      collection: string,
      record: { id: string; version: number },
      to: string,
      extra: JsonObject = {},
    ) => {
      const res = await request(server)
        .post(`${base}/${collection}/${record.id}/transitions`)
        .set('Authorization', alice)
        .send({ to, version: record.version, ...extra });
      expect(res.status).toBe(200);
      return res.body;
    };

    it('lists the actions with their schemas and attributes', async () => {
      const res = await request(server)
        .get(`${base}/.backstage/actions/v1/actions`)
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      const byId = new Map<string, any>(
        res.body.actions.map((a: { id: string }) => [a.id, a]),
      );
      expect([...byId.keys()].sort()).toEqual([
        'value-stream:get-service-status',
        'value-stream:list-my-pending-approvals',
        'value-stream:raise-incident',
        'value-stream:request-change',
        'value-stream:search-known-errors',
      ]);
      const readOnly = { readOnly: true, destructive: false, idempotent: true };
      const write = { readOnly: false, destructive: false, idempotent: false };
      expect(byId.get('value-stream:get-service-status').attributes).toEqual(
        readOnly,
      );
      expect(
        byId.get('value-stream:list-my-pending-approvals').attributes,
      ).toEqual(readOnly);
      expect(byId.get('value-stream:search-known-errors').attributes).toEqual(
        readOnly,
      );
      expect(byId.get('value-stream:raise-incident').attributes).toEqual(write);
      expect(byId.get('value-stream:request-change').attributes).toEqual(write);
      expect(
        byId.get('value-stream:raise-incident').schema.input.required,
      ).toEqual(['entityRef', 'title', 'description', 'impact', 'urgency']);
    });

    it("raises an incident with a user's credentials and reads it in the service's status", async () => {
      const raised = await invoke(
        'raise-incident',
        {
          entityRef: 'cart',
          title: 'Cart is empty',
          description: 'Items vanish from the cart.',
          impact: 'high',
          urgency: 'medium',
        },
        alice,
      );
      expect(raised.status).toBe(200);
      const incident = raised.body.output;
      expect(incident).toMatchObject({
        entityRef: CART,
        priority: 'P2',
        state: 'new',
        major: false,
        reporter: ALICE,
      });
      expect(audits).toEqual([
        {
          eventId: 'record-create',
          meta: {
            collection: 'incidents',
            action: 'value-stream:raise-incident',
            actor: ALICE,
          },
          outcome: 'success',
        },
      ]);

      // The REST API sees the same record.
      const overHttp = await request(server)
        .get(`${base}/incidents/${incident.id}`)
        .set('Authorization', alice);
      expect(overHttp.body).toMatchObject({
        reporter: ALICE,
        source: 'portal',
      });

      const status = await invoke(
        'get-service-status',
        { entityRef: CART },
        alice,
      );
      expect(status.status).toBe(200);
      expect(status.body.output).toMatchObject({
        entityRef: CART,
        stage: 'operate',
        openChangeCount: 0,
      });
      expect(status.body.output.openIncidentCount).toBeGreaterThanOrEqual(1);
      expect(status.body.output.openIncidents).toContainEqual(
        expect.objectContaining({
          id: incident.id,
          title: 'Cart is empty',
          priority: 'P2',
          slaBreached: false,
        }),
      );
      // Operating without an agreed service level is a gap of the service.
      expect(status.body.output.gaps).toContainEqual(
        expect.objectContaining({ id: 'agreed-service-level' }),
      );
    });

    it('is refused to an anonymous caller and when the policy denies', async () => {
      const input = {
        entityRef: CART,
        title: 'Refused',
        description: 'Must not be written.',
        impact: 'low',
        urgency: 'low',
      };
      // The test backend reads a request without a token as a default user,
      // so anonymous callers are the `none` principal's token.
      const none = mockCredentials.none.header();
      const anonymous = await invoke('raise-incident', input, none);
      expect(anonymous.status).toBe(401);
      const noStatus = await invoke(
        'get-service-status',
        { entityRef: CART },
        none,
      );
      expect(noStatus.status).toBe(401);

      denied.add('value-stream.incident.create');
      const forbidden = await invoke('raise-incident', input, alice);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error.name).toBe('NotAllowedError');
      expect(audits.at(-1)).toMatchObject({
        eventId: 'record-create',
        outcome: 'fail',
      });

      denied.add('value-stream.read');
      const unreadable = await invoke(
        'get-service-status',
        { entityRef: CART },
        alice,
      );
      expect(unreadable.status).toBe(403);
      denied.clear();

      const incidents = await request(server)
        .get(`${base}/incidents`)
        .query({ entityRef: CART, limit: 200 })
        .set('Authorization', alice);
      expect(
        incidents.body.items.map((i: { title: string }) => i.title),
      ).not.toContain('Refused');
    });

    it('refuses an unknown service and input that is not valid', async () => {
      const unknown = await invoke(
        'get-service-status',
        { entityRef: 'does-not-exist' },
        alice,
      );
      expect(unknown.status).toBe(404);
      const invalid = await invoke(
        'raise-incident',
        { entityRef: CART, title: 'No impact', description: 'x' },
        alice,
      );
      expect(invalid.status).toBe(400);
    });

    it('requests a standard change from an approved model, and none without one', async () => {
      const proposed = await request(server)
        .post(`${base}/standard-change-models`)
        .set('Authorization', alice)
        .send({
          name: 'Restart a stuck consumer',
          description: 'Restart the consumer pods one by one.',
          scope: { owners: ['group:default/team-a'] },
          riskCeiling: 'medium',
          expiresAt: '2099-01-01T00:00:00Z',
          reviewAt: '2098-01-01T00:00:00Z',
        });
      expect(proposed.status).toBe(201);
      const model = await request(server)
        .post(`${base}/standard-change-models/${proposed.body.id}/transitions`)
        .set('Authorization', bob)
        .send({ to: 'approved', version: proposed.body.version });
      expect(model.status).toBe(200);
      const input = {
        entityRef: 'checkout',
        title: 'Restart the order consumer',
        description: 'It stopped reading the queue.',
        type: 'standard',
      };

      const withModel = await invoke(
        'request-change',
        { ...input, standardChangeModelId: model.body.id },
        alice,
      );
      expect(withModel.status).toBe(200);
      expect(withModel.body.output).toMatchObject({
        type: 'standard',
        state: 'new',
        standardChangeModelId: model.body.id,
      });

      const without = await invoke('request-change', input, alice);
      expect(without.status).toBe(400);
      expect(without.body.error.message).toMatch(
        /standardChangeModelId: Required for a standard change/,
      );
      // The model covers team A's services, not team B's cart.
      const outside = await invoke(
        'request-change',
        {
          ...input,
          entityRef: 'cart',
          standardChangeModelId: model.body.id,
        },
        alice,
      );
      expect(outside.status).toBe(400);
      expect(outside.body.error.message).toMatch(
        /entityRef: Outside the scope/,
      );
    });

    it('requests a change and lists it among the approver’s pending approvals', async () => {
      const requested = await invoke(
        'request-change',
        {
          entityRef: CHECKOUT,
          title: 'Upgrade the payment library',
          description: 'Move to the supported major version.',
          plannedStart: '2030-01-01T10:00:00Z',
          plannedEnd: '2030-01-01T11:00:00Z',
        },
        alice,
      );
      expect(requested.status).toBe(200);
      const change = requested.body.output;
      expect(change).toMatchObject({
        entityRef: CHECKOUT,
        type: 'normal',
        state: 'new',
        requestedBy: ALICE,
        plannedStart: '2030-01-01T10:00:00.000Z',
      });
      expect(change.riskLevel).toEqual(expect.any(String));
      expect(audits.at(-1)).toMatchObject({
        eventId: 'record-create',
        meta: { collection: 'changes', actor: ALICE },
        outcome: 'success',
      });

      const current = await request(server)
        .get(`${base}/changes/${change.id}`)
        .set('Authorization', alice);
      await move(
        'changes',
        await move('changes', current.body, 'assess'),
        'authorize',
      );

      const forBob = await invoke('list-my-pending-approvals', {}, bob);
      expect(forBob.status).toBe(200);
      expect(forBob.body.output.items).toContainEqual(
        expect.objectContaining({
          id: change.id,
          requestedBy: ALICE,
          approvalCount: 0,
        }),
      );
      const ofCart = await invoke(
        'list-my-pending-approvals',
        { entityRef: CART },
        bob,
      );
      expect(ofCart.body.output.items).toEqual([]);

      // Nobody approves their own change.
      const forAlice = await invoke('list-my-pending-approvals', {}, alice);
      expect(
        forAlice.body.output.items.map((c: { id: string }) => c.id),
      ).not.toContain(change.id);

      const forService = await invoke('list-my-pending-approvals', {}, service);
      expect(forService.status).toBe(400);

      denied.add('value-stream.change.approve');
      const notApprover = await invoke('list-my-pending-approvals', {}, bob);
      expect(notApprover.body.output.items).toEqual([]);
    });

    it('refuses a service writing records through an action, as the API does', async () => {
      for (const [name, input] of [
        [
          'request-change',
          {
            entityRef: 'cart',
            title: 'From a bot',
            description: 'Nobody asked the board.',
            type: 'standard',
          },
        ],
        [
          'raise-incident',
          {
            entityRef: 'cart',
            title: 'From a bot',
            description: 'Made up.',
            impact: 'high',
            urgency: 'high',
          },
        ],
      ] as const) {
        const res = await invoke(name, input, service);
        expect(res.status).toBe(403);
        expect(res.body.error.message).toMatch(
          /valueStream\.recordWriters does not name it/,
        );
      }
    });

    it('searches known errors by text and service, a page at a time', async () => {
      const knownError = async (
        entityRef: string,
        title: string,
        workaround: string,
      ) => {
        const created = await request(server)
          .post(`${base}/problems`)
          .set('Authorization', alice)
          .send({ entityRef, title, description: 'Recurring' });
        expect(created.status).toBe(201);
        const investigating = await move(
          'problems',
          created.body,
          'investigating',
        );
        return move('problems', investigating, 'known_error', {
          rootCause: 'Found',
          workaround,
        });
      };
      const eviction = await knownError(
        CART,
        'Cart loses items',
        'Pin the cache size',
      );
      const pool = await knownError(
        CHECKOUT,
        'Checkout times out',
        'Restart the pool; raise the cache TTL',
      );
      const open = await request(server)
        .post(`${base}/problems`)
        .set('Authorization', alice)
        .send({ entityRef: CART, title: 'Cache misses', description: 'New' });
      expect(open.status).toBe(201);

      const byText = await invoke(
        'search-known-errors',
        { text: 'CACHE' },
        alice,
      );
      expect(byText.status).toBe(200);
      const ids = byText.body.output.items.map((p: { id: string }) => p.id);
      expect(ids).toEqual(expect.arrayContaining([eviction.id, pool.id]));
      expect(ids).not.toContain(open.body.id);
      expect(byText.body.output.items).toContainEqual({
        id: eviction.id,
        entityRef: CART,
        title: 'Cart loses items',
        rootCause: 'Found',
        workaround: 'Pin the cache size',
        incidentCount: 0,
        updatedAt: expect.any(String),
      });

      const ofCart = await invoke(
        'search-known-errors',
        { text: 'cache', entityRef: 'cart' },
        alice,
      );
      expect(ofCart.body.output.items.map((p: { id: string }) => p.id)).toEqual(
        [eviction.id],
      );

      // Newest first, one at a time.
      const first = await invoke(
        'search-known-errors',
        { text: 'cache', limit: 1 },
        alice,
      );
      expect(first.body.output.items.map((p: { id: string }) => p.id)).toEqual([
        pool.id,
      ]);
      expect(first.body.output.nextCursor).toEqual(expect.any(String));
      const second = await invoke(
        'search-known-errors',
        { text: 'cache', limit: 1, cursor: first.body.output.nextCursor },
        alice,
      );
      expect(second.body.output.items.map((p: { id: string }) => p.id)).toEqual(
        [eviction.id],
      );

      denied.add('value-stream.read');
      const forbidden = await invoke('search-known-errors', {}, alice);
      expect(forbidden.status).toBe(403);
    });
  },
);

describe('value stream actions through the actions registry mock', () => {
  it('refuses a call that carries no credentials and serves one that does', async () => {
    const registry = actionsRegistryServiceMock();
    const knex = await databases.init('SQLITE_3');
    const backend = await startTestBackend({
      features: [
        ...features(knex),
        createServiceFactory({
          service: actionsRegistryServiceRef,
          deps: {},
          factory: () => registry,
        }),
      ],
    });
    const input = { entityRef: CART };

    // The mock passes `none` credentials when the caller gives none.
    await expect(
      registry.invoke({ id: 'test:get-service-status', input }),
    ).rejects.toMatchObject({ name: 'AuthenticationError' });
    await expect(
      registry.invoke({
        id: 'test:raise-incident',
        input: {
          entityRef: CART,
          title: 'Anonymous',
          description: 'Must not be written.',
          impact: 'low',
          urgency: 'low',
        },
      }),
    ).rejects.toMatchObject({ name: 'AuthenticationError' });

    const { output } = await registry.invoke({
      id: 'test:get-service-status',
      input,
      credentials: mockCredentials.user(ALICE),
    });
    expect(output).toMatchObject({ entityRef: CART, stage: 'operate' });
    await backend.stop();
  });
});
