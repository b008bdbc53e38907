import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  AuthorizePermissionRequest,
} from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  Board,
  BoardColumn,
  BoardItem,
  ChangeRecord,
  IncidentRecord,
  ServiceLevelRecord,
} from '@valuestream/plugin-value-stream-common';
import { Server } from 'node:http';
import request from 'supertest';
import { valueStreamPlugin } from '../plugin';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const CHECKOUT = 'component:default/checkout';
const CART = 'component:default/cart';
const UNKNOWN = 'component:default/does-not-exist';
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** The items of every column of a board answer. */
function boardItems(board: Board): BoardItem[] {
  return board.columns.flatMap(column => column.items);
}

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout',
      namespace: 'default',
      annotations: { 'backstage.io/techdocs-ref': 'dir:.' },
    },
    spec: {
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/team-a',
      system: 'payments',
    },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/team-a' },
      { type: 'partOf', targetRef: 'system:default/payments' },
      { type: 'dependencyOf', targetRef: CART },
      { type: 'providesApi', targetRef: 'api:default/checkout-api' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cart', namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-b',
    },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/team-b' },
      { type: 'dependsOn', targetRef: CHECKOUT },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'checkout-api', namespace: 'default' },
    spec: { type: 'openapi', lifecycle: 'production', owner: 'team-a' },
    relations: [
      { type: 'apiConsumedBy', targetRef: 'component:default/web' },
      { type: 'apiProvidedBy', targetRef: CHECKOUT },
    ],
  },
];

/** Permission names the mock policy refuses; reset after each test. */
const denied = new Set<string>();

const permissions = mockServices.permissions.mock({
  authorize: async (requests: AuthorizePermissionRequest[]) =>
    requests.map(r => ({
      result: denied.has(r.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    })),
  authorizeConditional: async requests =>
    requests.map(r => ({
      result: denied.has(r.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    })),
});

const auditEvents: Array<{ eventId: string; outcome?: 'success' | 'fail' }> =
  [];
const auditor = mockServices.auditor.mock({
  createEvent: async ({ eventId }) => {
    const entry: { eventId: string; outcome?: 'success' | 'fail' } = {
      eventId,
    };
    auditEvents.push(entry);
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

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const alice = mockCredentials.user.header(ALICE);
const bob = mockCredentials.user.header(BOB);
const service = mockCredentials.service.header();
const none = mockCredentials.none.header();

describe('value-stream router', () => {
  let server: Server;

  beforeAll(async () => {
    const knex = await databases.init('SQLITE_3');
    const backend = await startTestBackend({
      features: [
        valueStreamPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.database.factory({ knex }),
        // Runs the stage task once at start-up, as a portal does: the board
        // lists the services it has placed.
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        permissions.factory,
        auditor.factory,
        // The mock service token's subject may write records, as a CI
        // pipeline's token would be listed.
        mockServices.rootConfig.factory({
          data: { valueStream: { recordWriters: ['external:test-service'] } },
        }),
      ],
    });
    server = backend.server;
  });

  afterEach(() => {
    denied.clear();
    auditEvents.length = 0;
  });

  const api = () => request(server);
  const base = '/api/value-stream';

  async function createChange(
    body: Record<string, unknown> = {},
    auth = alice,
  ): Promise<ChangeRecord> {
    const res = await api()
      .post(`${base}/changes`)
      .set('Authorization', auth)
      .send({
        entityRef: CHECKOUT,
        title: 'Upgrade the payment library',
        description: 'Move to the supported major version.',
        type: 'normal',
        ...body,
      });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function move(
    collection: string,
    record: { id: string; version: number },
    to: string,
    extra: Record<string, unknown> = {},
    auth = alice,
  ) {
    return api()
      .post(`${base}/${collection}/${record.id}/transitions`)
      .set('Authorization', auth)
      .send({ to, version: record.version, ...extra });
  }

  async function count(collection: string, entityRef = CHECKOUT) {
    const res = await api()
      .get(`${base}/${collection}`)
      .query({ entityRef, limit: 200 })
      .set('Authorization', alice);
    expect(res.status).toBe(200);
    return res.body.items.length as number;
  }

  describe('authentication', () => {
    it.each([
      ['get', '/board'],
      ['get', `/entities/component/default/checkout/summary`],
      ['get', `/entities/component/default/checkout/history`],
      ['get', '/events'],
      ['get', '/changes'],
      ['get', `/changes/${MISSING_ID}`],
      ['post', '/changes'],
      ['patch', `/incidents/${MISSING_ID}`],
      ['post', `/problems/${MISSING_ID}/transitions`],
      ['post', `/changes/${MISSING_ID}/approvals`],
    ] as const)('refuses %s %s without credentials', async (method, path) => {
      const res = await api()
        [method](`${base}${path}`)
        .set('Authorization', none);
      expect(res.status).toBe(401);
    });

    it('writes nothing for an unauthenticated create', async () => {
      const before = await count('problems');
      const res = await api()
        .post(`${base}/problems`)
        .set('Authorization', none)
        .send({ entityRef: CHECKOUT, title: 'x', description: 'y' });
      expect(res.status).toBe(401);
      expect(await count('problems')).toBe(before);
    });

    it('accepts service credentials', async () => {
      const res = await api()
        .get(`${base}/board`)
        .set('Authorization', service);
      expect(res.status).toBe(200);
    });

    it('records a service as the creator of what it writes', async () => {
      const res = await api()
        .post(`${base}/releases`)
        .set('Authorization', service)
        .send({ entityRef: CART, releaseVersion: '9.9.9', title: 'From CI' });
      expect(res.status).toBe(201);
      expect(res.body.createdBy).toBe('external:test-service');
    });
  });

  describe('request bodies', () => {
    it('refuses a body over 100kb with 413', async () => {
      const res = await api()
        .post(`${base}/changes`)
        .set('Authorization', alice)
        .set('Content-Type', 'application/json')
        .send(
          JSON.stringify({
            entityRef: CHECKOUT,
            title: 't',
            description: 'x'.repeat(110 * 1024),
            type: 'normal',
          }),
        );
      expect(res.status).toBe(413);
      expect(res.body.error.message).toMatch(/larger than the 100kb limit/);
    });

    it('refuses malformed JSON with 400', async () => {
      const res = await api()
        .post(`${base}/changes`)
        .set('Authorization', alice)
        .set('Content-Type', 'application/json')
        .send('{"entityRef":');
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/not valid JSON/);
    });
  });

  describe('board', () => {
    it('lists the tracked services with their stage', async () => {
      const res = await api().get(`${base}/board`).set('Authorization', alice);
      expect(res.status).toBe(200);
      const items = boardItems(res.body);
      const refs = items.map(i => i.entityRef);
      expect(refs).toEqual(expect.arrayContaining([CHECKOUT, CART]));
      expect(refs).not.toContain('api:default/checkout-api');
      const cart = items.find(
        (i: { entityRef: string }) => i.entityRef === CART,
      );
      expect(cart).toMatchObject({
        kind: 'Component',
        title: 'cart',
        stage: 'operate',
        owner: 'group:default/team-b',
        lifecycle: 'production',
      });
      expect(cart?.gaps).toBeGreaterThan(0);
    });

    it('filters by owner, stage and kind', async () => {
      const byOwner = await api()
        .get(`${base}/board`)
        .query({ owner: 'team-a' })
        .set('Authorization', alice);
      expect(boardItems(byOwner.body).map(i => i.entityRef)).toEqual([
        CHECKOUT,
      ]);
      const byStage = await api()
        .get(`${base}/board`)
        .query({ stage: 'operate' })
        .set('Authorization', alice);
      expect(byStage.body.columns.map((c: BoardColumn) => c.stage)).toEqual([
        'operate',
      ]);
      expect(boardItems(byStage.body).every(i => i.stage === 'operate')).toBe(
        true,
      );
      const components = await api()
        .get(`${base}/board`)
        .query({ kind: 'component' })
        .set('Authorization', alice);
      expect(
        boardItems(components.body)
          .map(i => i.entityRef)
          .sort(),
      ).toEqual([CART, CHECKOUT]);
      // APIs are not among valueStream.stageKinds: they have no stage.
      const apis = await api()
        .get(`${base}/board`)
        .query({ kind: 'API' })
        .set('Authorization', alice);
      expect(boardItems(apis.body)).toEqual([]);
    });

    it('shows nothing to a caller who may read no catalog entity', async () => {
      denied.add('catalog.entity.read');
      const res = await api().get(`${base}/board`).set('Authorization', alice);
      expect(res.status).toBe(200);
      expect(boardItems(res.body)).toEqual([]);
    });

    it('names the bad query field', async () => {
      const res = await api()
        .get(`${base}/board`)
        .query({ stage: 'nowhere' })
        .set('Authorization', alice);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^Invalid query: stage: /);
      const cursorAlone = await api()
        .get(`${base}/board`)
        .query({ cursor: 'abc' })
        .set('Authorization', alice);
      expect(cursorAlone.status).toBe(400);
      expect(cursorAlone.body.error.message).toMatch(
        /^Invalid query: cursor: A cursor continues one column/,
      );
    });

    it('needs the read permission', async () => {
      denied.add('value-stream.read');
      const res = await api().get(`${base}/board`).set('Authorization', alice);
      expect(res.status).toBe(403);
    });
  });

  describe('changes', () => {
    it('creates a change with its risk and audits it', async () => {
      const change = await createChange();
      expect(change).toMatchObject({
        entityRef: CHECKOUT,
        state: 'new',
        type: 'normal',
        requestedBy: ALICE,
        createdBy: ALICE,
        version: 1,
        approvals: [],
        proposesService: false,
      });
      expect(change.riskScore).toBeGreaterThan(0);
      expect(change.riskLevel).toBeDefined();
      expect(auditEvents).toEqual([
        { eventId: 'record-create', outcome: 'success' },
      ]);
    });

    it('scores a change on a service with more dependents higher', async () => {
      // Standard changes score no points for their type; they come from an
      // approved model.
      const proposed = await api()
        .post(`${base}/standard-change-models`)
        .set('Authorization', alice)
        .send({
          name: 'Routine library upgrade',
          description: 'Upgrade a library within its major version.',
          scope: { kinds: ['Component'] },
          riskCeiling: 'very_high',
          expiresAt: '2099-01-01T00:00:00Z',
          reviewAt: '2098-01-01T00:00:00Z',
        });
      expect(proposed.status).toBe(201);
      const approved = await api()
        .post(`${base}/standard-change-models/${proposed.body.id}/transitions`)
        .set('Authorization', bob)
        .send({ to: 'approved', version: proposed.body.version });
      expect(approved.status).toBe(200);
      const standardChangeModelId = proposed.body.id;
      // checkout has cart and (through its API) web depending on it; cart has none.
      const onCheckout = await createChange({
        type: 'standard',
        standardChangeModelId,
      });
      const onCart = await createChange({
        type: 'standard',
        entityRef: CART,
        standardChangeModelId,
      });
      // 2 dependents (3 each), no planned window (10)
      expect(onCheckout.riskScore).toBe(6 + 10);
      // in production (20), no planned window (10)
      expect(onCart.riskScore).toBe(20 + 10);
    });

    it('names each invalid field and writes nothing', async () => {
      const before = await count('changes');
      const res = await api()
        .post(`${base}/changes`)
        .set('Authorization', alice)
        .send({ entityRef: CHECKOUT, type: 'sideways', colour: 'red' });
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      const message: string = res.body.error.message;
      expect(message).toMatch(/^Invalid change: /);
      expect(message).toContain('title: Required');
      expect(message).toContain('description: Required');
      expect(message).toMatch(/type: /);
      expect(message).toContain('colour: Unknown field');
      // The same reasons, structured, for forms to show beside each field.
      expect(res.body.error.fields).toEqual(
        expect.arrayContaining([
          { path: 'title', message: 'Required' },
          { path: 'description', message: 'Required' },
          { path: 'colour', message: 'Unknown field' },
        ]),
      );
      expect(await count('changes')).toBe(before);
      expect(auditEvents).toEqual([
        { eventId: 'record-create', outcome: 'fail' },
      ]);
    });

    it('refuses an entity that is not in the catalog with 404', async () => {
      const res = await api()
        .post(`${base}/changes`)
        .set('Authorization', alice)
        .send({
          entityRef: UNKNOWN,
          title: 'x',
          description: 'y',
          type: 'normal',
        });
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain(UNKNOWN);
      expect(await count('changes', UNKNOWN)).toBe(0);
    });

    it('refuses a create the policy denies with 403 and writes nothing', async () => {
      const before = await count('changes');
      denied.add('value-stream.change.create');
      const res = await api()
        .post(`${base}/changes`)
        .set('Authorization', alice)
        .send({
          entityRef: CHECKOUT,
          title: 'x',
          description: 'y',
          type: 'normal',
        });
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      denied.clear();
      expect(await count('changes')).toBe(before);
      expect(auditEvents[0]).toEqual({
        eventId: 'record-create',
        outcome: 'fail',
      });
    });

    it('reads one change, and 404 for an unknown id', async () => {
      const change = await createChange();
      const res = await api()
        .get(`${base}/changes/${change.id}`)
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(change);

      for (const id of [MISSING_ID, 'not-a-uuid']) {
        const missing = await api()
          .get(`${base}/changes/${id}`)
          .set('Authorization', alice);
        expect(missing.status).toBe(404);
      }
    });

    it('lists newest first with filters and a cursor', async () => {
      const first = await createChange({ title: 'first' });
      const second = await createChange({ title: 'second' });
      const page = await api()
        .get(`${base}/changes`)
        .query({ entityRef: CHECKOUT, state: 'new', limit: 1 })
        .set('Authorization', alice);
      expect(page.status).toBe(200);
      expect(page.body.items.map((c: ChangeRecord) => c.id)).toEqual([
        second.id,
      ]);
      expect(page.body.nextCursor).toBeDefined();
      const next = await api()
        .get(`${base}/changes`)
        .query({
          entityRef: CHECKOUT,
          state: 'new',
          limit: 1,
          cursor: page.body.nextCursor,
        })
        .set('Authorization', alice);
      expect(next.body.items.map((c: ChangeRecord) => c.id)).toEqual([
        first.id,
      ]);
    });

    it('names bad list queries', async () => {
      const badState = await api()
        .get(`${base}/changes`)
        .query({ state: 'new,unheard' })
        .set('Authorization', alice);
      expect(badState.status).toBe(400);
      expect(badState.body.error.message).toMatch(/state: .*"unheard"/);
      const badLimit = await api()
        .get(`${base}/changes`)
        .query({ limit: 500 })
        .set('Authorization', alice);
      expect(badLimit.status).toBe(400);
      expect(badLimit.body.error.message).toMatch(/limit: /);
      const unknownParam = await api()
        .get(`${base}/releases`)
        .query({ awaitingApprovalBy: 'me' })
        .set('Authorization', alice);
      expect(unknownParam.status).toBe(400);
      expect(unknownParam.body.error.message).toMatch(/awaitingApprovalBy: /);
    });

    it('updates with the version read, 409 on a stale one', async () => {
      const change = await createChange();
      const ok = await api()
        .patch(`${base}/changes/${change.id}`)
        .set('Authorization', alice)
        .send({ version: 1, title: 'Upgrade, carefully' });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({
        title: 'Upgrade, carefully',
        version: 2,
      });

      const stale = await api()
        .patch(`${base}/changes/${change.id}`)
        .set('Authorization', alice)
        .send({ version: 1, title: 'Lost update' });
      expect(stale.status).toBe(409);
      expect(stale.body.error.name).toBe('ConflictError');
      const now = await api()
        .get(`${base}/changes/${change.id}`)
        .set('Authorization', alice);
      expect(now.body).toMatchObject({
        title: 'Upgrade, carefully',
        version: 2,
      });
    });

    it('refuses bad, forbidden and unknown updates', async () => {
      const change = await createChange();
      const bad = await api()
        .patch(`${base}/changes/${change.id}`)
        .set('Authorization', alice)
        .send({ title: 'no version' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('version: Required');

      denied.add('value-stream.change.update');
      const forbidden = await api()
        .patch(`${base}/changes/${change.id}`)
        .set('Authorization', alice)
        .send({ version: 1, title: 'Not mine' });
      expect(forbidden.status).toBe(403);
      denied.clear();

      const missing = await api()
        .patch(`${base}/changes/${MISSING_ID}`)
        .set('Authorization', alice)
        .send({ version: 1, title: 'Nobody' });
      expect(missing.status).toBe(404);

      const now = await api()
        .get(`${base}/changes/${change.id}`)
        .set('Authorization', alice);
      expect(now.body.version).toBe(1);
      expect(now.body.title).toBe(change.title);
    });

    it('moves through the lifecycle and names the current state on an illegal move', async () => {
      const change = await createChange();
      const assess = await move('changes', change, 'assess', {
        note: 'Looks fine',
      });
      expect(assess.status).toBe(200);
      expect(assess.body.state).toBe('assess');
      expect(assess.body.history.at(-1)).toMatchObject({
        from: 'new',
        to: 'assess',
        by: ALICE,
        note: 'Looks fine',
      });
      expect(auditEvents.at(-1)).toEqual({
        eventId: 'record-transition',
        outcome: 'success',
      });

      const illegal = await move('changes', assess.body, 'closed');
      expect(illegal.status).toBe(409);
      expect(illegal.body.error.message).toContain('"assess"');
      expect(illegal.body.error.message).toContain('"closed"');

      const stale = await move('changes', change, 'authorize');
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toMatch(/version/i);

      const now = await api()
        .get(`${base}/changes/${change.id}`)
        .set('Authorization', alice);
      expect(now.body).toMatchObject({ state: 'assess', version: 2 });
    });

    it('refuses transitions that are bad, forbidden or of unknown records', async () => {
      const change = await createChange();
      const bad = await api()
        .post(`${base}/changes/${change.id}/transitions`)
        .set('Authorization', alice)
        .send({ version: 1 });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('to: Required');

      denied.add('value-stream.change.transition');
      const forbidden = await move('changes', change, 'assess');
      expect(forbidden.status).toBe(403);
      denied.clear();

      const missing = await move(
        'changes',
        { id: MISSING_ID, version: 1 },
        'assess',
      );
      expect(missing.status).toBe(404);
    });

    describe('approvals', () => {
      async function changeInAuthorize(): Promise<ChangeRecord> {
        let change = await createChange({
          plannedStart: '2030-01-01T10:00:00Z',
          plannedEnd: '2030-01-01T11:00:00Z',
        });
        for (const to of ['assess', 'authorize']) {
          const res = await move('changes', change, to);
          expect(res.status).toBe(200);
          change = res.body;
        }
        return change;
      }

      it('records the approval of another user and lets the change be scheduled', async () => {
        const change = await changeInAuthorize();
        const approved = await api()
          .post(`${base}/changes/${change.id}/approvals`)
          .set('Authorization', bob)
          .send({ decision: 'approved', comment: 'Go' });
        expect(approved.status).toBe(200);
        expect(approved.body.approvals).toEqual([
          expect.objectContaining({
            approver: BOB,
            decision: 'approved',
            comment: 'Go',
          }),
        ]);
        expect(auditEvents.at(-1)).toEqual({
          eventId: 'change-approval',
          outcome: 'success',
        });
        const scheduled = await move('changes', approved.body, 'scheduled');
        expect(scheduled.status).toBe(200);
        expect(scheduled.body.state).toBe('scheduled');
      });

      it('refuses to schedule without an approval, naming what is missing', async () => {
        const change = await changeInAuthorize();
        const res = await move('changes', change, 'scheduled');
        expect(res.status).toBe(409);
        expect(res.body.error.message).toMatch(/approval/);
      });

      it('refuses self-approval, a second decision and the wrong state', async () => {
        const change = await changeInAuthorize();
        const self = await api()
          .post(`${base}/changes/${change.id}/approvals`)
          .set('Authorization', alice)
          .send({ decision: 'approved' });
        expect(self.status).toBe(403);

        const first = await api()
          .post(`${base}/changes/${change.id}/approvals`)
          .set('Authorization', bob)
          .send({ decision: 'rejected' });
        expect(first.status).toBe(200);
        const twice = await api()
          .post(`${base}/changes/${change.id}/approvals`)
          .set('Authorization', bob)
          .send({ decision: 'approved' });
        expect(twice.status).toBe(409);

        const fresh = await createChange();
        const early = await api()
          .post(`${base}/changes/${fresh.id}/approvals`)
          .set('Authorization', bob)
          .send({ decision: 'approved' });
        expect(early.status).toBe(409);
        expect(early.body.error.message).toContain('"new"');

        const now = await api()
          .get(`${base}/changes/${change.id}`)
          .set('Authorization', alice);
        expect(now.body.approvals).toHaveLength(1);
      });

      it('needs the approve permission, a user and a valid body', async () => {
        const change = await changeInAuthorize();
        denied.add('value-stream.change.approve');
        const forbidden = await api()
          .post(`${base}/changes/${change.id}/approvals`)
          .set('Authorization', bob)
          .send({ decision: 'approved' });
        expect(forbidden.status).toBe(403);
        expect(auditEvents.at(-1)).toEqual({
          eventId: 'change-approval',
          outcome: 'fail',
        });
        denied.clear();

        const bySerivce = await api()
          .post(`${base}/changes/${change.id}/approvals`)
          .set('Authorization', service)
          .send({ decision: 'approved' });
        expect(bySerivce.status).toBe(403);

        const bad = await api()
          .post(`${base}/changes/${change.id}/approvals`)
          .set('Authorization', bob)
          .send({ decision: 'maybe' });
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toMatch(/^Invalid approval: decision: /);

        const missing = await api()
          .post(`${base}/changes/${MISSING_ID}/approvals`)
          .set('Authorization', bob)
          .send({ decision: 'approved' });
        expect(missing.status).toBe(404);

        const now = await api()
          .get(`${base}/changes/${change.id}`)
          .set('Authorization', alice);
        expect(now.body.approvals).toEqual([]);
      });

      it('lists the changes awaiting my approval', async () => {
        const change = await changeInAuthorize();
        const forBob = await api()
          .get(`${base}/changes`)
          .query({ awaitingApprovalBy: 'me' })
          .set('Authorization', bob);
        expect(forBob.status).toBe(200);
        expect(forBob.body.items.map((c: ChangeRecord) => c.id)).toContain(
          change.id,
        );
        const forAlice = await api()
          .get(`${base}/changes`)
          .query({ awaitingApprovalBy: 'me' })
          .set('Authorization', alice);
        expect(
          forAlice.body.items.map((c: ChangeRecord) => c.id),
        ).not.toContain(change.id);
        denied.add('value-stream.change.approve');
        const notAllowed = await api()
          .get(`${base}/changes`)
          .query({ awaitingApprovalBy: 'me' })
          .set('Authorization', bob);
        expect(notAllowed.body.items).toEqual([]);
      });
    });
  });

  describe('incidents', () => {
    async function raise(body: Record<string, unknown> = {}, auth = alice) {
      return api()
        .post(`${base}/incidents`)
        .set('Authorization', auth)
        .send({
          entityRef: CART,
          title: 'Cart is empty',
          description: 'Items vanish from the cart.',
          impact: 'high',
          urgency: 'high',
          ...body,
        });
    }

    it('sets priority and SLA clock from the default targets', async () => {
      const res = await raise();
      expect(res.status).toBe(201);
      const incident: IncidentRecord = res.body;
      expect(incident).toMatchObject({
        state: 'new',
        priority: 'P1',
        reporter: ALICE,
        source: 'portal',
        waitingOnReporter: false,
      });
      const opened = Date.parse(incident.createdAt);
      expect(Date.parse(incident.sla.responseDueAt!) - opened).toBeCloseTo(
        15 * 60_000,
        -4,
      );
      const low = await raise({ impact: 'low', urgency: 'medium' });
      expect(low.body.priority).toBe('P4');
    });

    it('uses the targets of the agreed service level', async () => {
      const created = await api()
        .post(`${base}/service-levels`)
        .set('Authorization', alice)
        .send({
          entityRef: CHECKOUT,
          name: 'Checkout gold',
          availabilityTarget: 99.9,
          targets: {
            P1: { responseMinutes: 5, resolutionMinutes: 60 },
            P2: { responseMinutes: 10, resolutionMinutes: 120 },
            P3: { responseMinutes: 60, resolutionMinutes: 600 },
            P4: { responseMinutes: 120, resolutionMinutes: 1200 },
          },
        });
      expect(created.status).toBe(201);
      let sl: ServiceLevelRecord = created.body;
      for (const to of ['proposed', 'agreed']) {
        const res = await move('service-levels', sl, to);
        expect(res.status).toBe(200);
        sl = res.body;
      }
      const res = await raise({ entityRef: CHECKOUT });
      const incident: IncidentRecord = res.body;
      expect(
        Date.parse(incident.sla.responseDueAt!) -
          Date.parse(incident.createdAt),
      ).toBeCloseTo(5 * 60_000, -4);
    });

    it('lets anyone raise an incident even when other creates are denied', async () => {
      denied.add('value-stream.change.create');
      const res = await raise();
      expect(res.status).toBe(201);
    });

    it('refuses an incident the policy denies', async () => {
      const before = await count('incidents', CART);
      denied.add('value-stream.incident.create');
      const res = await raise();
      expect(res.status).toBe(403);
      denied.clear();
      expect(await count('incidents', CART)).toBe(before);
    });

    it('responds on acknowledge, requires a note to resolve, reprioritises', async () => {
      const incident: IncidentRecord = (await raise()).body;
      const ack = await move('incidents', incident, 'acknowledged');
      expect(ack.status).toBe(200);
      expect(ack.body.sla.respondedAt).toBeDefined();
      expect(ack.body.assignee).toBe(ALICE);

      const noNote = await move('incidents', ack.body, 'resolved');
      expect(noNote.status).toBe(409);
      expect(noNote.body.error.message).toMatch(/resolution note/);

      const lower = await api()
        .patch(`${base}/incidents/${incident.id}`)
        .set('Authorization', alice)
        .send({ version: ack.body.version, impact: 'low' });
      expect(lower.status).toBe(200);
      expect(lower.body.priority).toBe('P3');

      const paused = await api()
        .patch(`${base}/incidents/${incident.id}`)
        .set('Authorization', alice)
        .send({ version: lower.body.version, waitingOnReporter: true });
      expect(paused.body.sla.pausedAt).toBeDefined();

      const resolved = await move('incidents', paused.body, 'resolved', {
        resolutionNote: 'Restarted the cache',
      });
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({
        state: 'resolved',
        resolutionNote: 'Restarted the cache',
        waitingOnReporter: false,
      });
    });
  });

  describe('service levels', () => {
    it('agrees by the agree permission and records who agreed', async () => {
      const created = await api()
        .post(`${base}/service-levels`)
        .set('Authorization', alice)
        .send({
          entityRef: CART,
          name: 'Cart silver',
          availabilityTarget: 99.5,
          targets: {
            P1: { responseMinutes: 15, resolutionMinutes: 240 },
            P2: { responseMinutes: 30, resolutionMinutes: 480 },
            P3: { responseMinutes: 240, resolutionMinutes: 4320 },
            P4: { responseMinutes: 480, resolutionMinutes: 7200 },
          },
        });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        state: 'draft',
        fromAnnotation: false,
      });
      const proposed = await move('service-levels', created.body, 'proposed');
      expect(proposed.status).toBe(200);

      denied.add('value-stream.service-level.agree');
      const forbidden = await move('service-levels', proposed.body, 'agreed');
      expect(forbidden.status).toBe(403);
      denied.clear();

      denied.add('value-stream.service-level.transition');
      const agreed = await move(
        'service-levels',
        proposed.body,
        'agreed',
        {},
        bob,
      );
      expect(agreed.status).toBe(200);
      expect(agreed.body).toMatchObject({ state: 'agreed', agreedBy: BOB });
      denied.clear();

      const change = await api()
        .patch(`${base}/service-levels/${created.body.id}`)
        .set('Authorization', alice)
        .send({ version: agreed.body.version, availabilityTarget: 90 });
      expect(change.status).toBe(409);
      const rename = await api()
        .patch(`${base}/service-levels/${created.body.id}`)
        .set('Authorization', alice)
        .send({ version: agreed.body.version, name: 'Cart silver SLA' });
      expect(rename.status).toBe(200);
    });

    it('names invalid targets', async () => {
      const res = await api()
        .post(`${base}/service-levels`)
        .set('Authorization', alice)
        .send({
          entityRef: CART,
          name: 'Broken',
          availabilityTarget: 101,
          targets: { P1: { responseMinutes: 15, resolutionMinutes: 240 } },
        });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('availabilityTarget');
      expect(res.body.error.message).toContain('targets.P2');
    });
  });

  describe('releases, deployments and problems', () => {
    it('records a release and a production deployment that moves the stage', async () => {
      const release = await api()
        .post(`${base}/releases`)
        .set('Authorization', alice)
        .send({ entityRef: CHECKOUT, releaseVersion: '2.0.0', title: 'Two' });
      expect(release.status).toBe(201);
      expect(release.body.state).toBe('planned');

      const building = await move('releases', release.body, 'building');
      expect(building.status).toBe(200);
      const skip = await move('releases', building.body, 'deployed');
      expect(skip.status).toBe(409);
      expect(skip.body.error.message).toContain('"building"');

      const deployment = await api()
        .post(`${base}/deployments`)
        .set('Authorization', alice)
        .send({
          entityRef: CHECKOUT,
          environment: 'prod-eu',
          deployedVersion: '2.0.0',
          releaseId: release.body.id,
          state: 'success',
        });
      expect(deployment.status).toBe(201);
      expect(deployment.body).toMatchObject({
        production: true,
        state: 'success',
      });
      expect(deployment.body.finishedAt).toBeDefined();

      const board = await api()
        .get(`${base}/board`)
        .query({ owner: 'group:default/team-a' })
        .set('Authorization', alice);
      expect(boardItems(board.body)[0]).toMatchObject({
        entityRef: CHECKOUT,
        stage: 'operate',
        productionVersion: '2.0.0',
      });

      const summary = await api()
        .get(`${base}/entities/component/default/checkout/summary`)
        .set('Authorization', alice);
      expect(summary.status).toBe(200);
      expect(summary.body.stage).toBe('operate');
      expect(summary.body.stageSince).toBeDefined();
      expect(summary.body.latestDeployments).toEqual([
        expect.objectContaining({ environment: 'prod-eu' }),
      ]);

      const history = await api()
        .get(`${base}/entities/component/default/checkout/history`)
        .set('Authorization', alice);
      expect(history.status).toBe(200);
      expect(history.body.at(-1)).toMatchObject({
        entityRef: CHECKOUT,
        to: 'operate',
      });
    });

    it('refuses a deployment linked to an unknown release (400) and writes nothing', async () => {
      const before = await count('deployments', CART);
      const res = await api()
        .post(`${base}/deployments`)
        .set('Authorization', alice)
        .send({
          entityRef: CART,
          environment: 'staging',
          deployedVersion: '1.0.0',
          releaseId: MISSING_ID,
        });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(MISSING_ID);
      expect(await count('deployments', CART)).toBe(before);
    });

    it('moves a problem to known error only with a root cause', async () => {
      const created = await api()
        .post(`${base}/problems`)
        .set('Authorization', alice)
        .send({
          entityRef: CART,
          title: 'Cart loses items',
          description: 'Recurring',
        });
      expect(created.status).toBe(201);
      const investigating = await move(
        'problems',
        created.body,
        'investigating',
      );
      expect(investigating.status).toBe(200);
      const noCause = await move('problems', investigating.body, 'known_error');
      expect(noCause.status).toBe(409);
      expect(noCause.body.error.message).toMatch(/root cause/);
      const known = await move('problems', investigating.body, 'known_error', {
        rootCause: 'Cache eviction',
        workaround: 'Pin the cache size',
      });
      expect(known.status).toBe(200);
      expect(known.body).toMatchObject({
        state: 'known_error',
        rootCause: 'Cache eviction',
      });
    });
  });

  describe('entities and events', () => {
    it('gives the summary of an entity', async () => {
      const res = await api()
        .get(`${base}/entities/component/default/cart/summary`)
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ entityRef: CART, stage: 'operate' });
      expect(res.body.checklist.length).toBeGreaterThan(0);
      expect(
        res.body.checklist.find((i: { id: string }) => i.id === 'owner'),
      ).toMatchObject({ met: true });
    });

    it('404s for an entity that is not in the catalog', async () => {
      for (const what of ['summary', 'history']) {
        const res = await api()
          .get(`${base}/entities/component/default/does-not-exist/${what}`)
          .set('Authorization', alice);
        expect(res.status).toBe(404);
      }
    });

    it('needs the read permission for records', async () => {
      denied.add('value-stream.read');
      for (const path of [
        '/entities/component/default/cart/summary',
        '/changes',
        `/changes/${MISSING_ID}`,
        '/events',
      ]) {
        const res = await api()
          .get(`${base}${path}`)
          .set('Authorization', alice);
        expect(res.status).toBe(403);
      }
    });

    it('lists events and names unsupported filters', async () => {
      const res = await api()
        .get(`${base}/events`)
        .query({ unmatched: 'true' })
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
      const bad = await api()
        .get(`${base}/events`)
        .query({ state: 'firing' })
        .set('Authorization', alice);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/state: /);
    });
  });
});
