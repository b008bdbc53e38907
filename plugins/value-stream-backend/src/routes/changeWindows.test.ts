import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type {
  ChangeCalendarWindows,
  ChangeConflict,
  ChangeRecord,
} from '@valuestream/plugin-value-stream-common';
import { testDatabaseIds } from '../__testUtils__/databases';
import {
  apiOf,
  bob,
  carol,
  CAROL,
  RouteBackend,
  startRouteBackend,
} from '../__testUtils__/routeBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

const CAB = 'group:default/cab';
const ref = (kind: string, name: string) => `${kind}:default/${name}`;
const CHECKOUT = ref('component', 'checkout');
const CART = ref('component', 'cart');
const WEB = ref('component', 'web');
const SEARCH = ref('component', 'search');
const DB = ref('resource', 'db');

/** Both sides of each relation, as the catalog stitches them. */
function catalog(): Entity[] {
  const edges: Array<[string, string]> = [
    [CHECKOUT, DB],
    [CART, DB],
    [WEB, CHECKOUT],
  ];
  const entity = (entityRef: string, annotations?: Record<string, string>) => {
    const [kind, rest] = entityRef.split(':');
    const name = rest.split('/')[1];
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: kind === 'resource' ? 'Resource' : 'Component',
      metadata: {
        name,
        namespace: 'default',
        ...(annotations && { annotations }),
      },
      spec: { type: 'service', lifecycle: 'experimental', owner: 'team-a' },
      relations: edges.flatMap(([from, to]) => [
        ...(from === entityRef ? [{ type: 'dependsOn', targetRef: to }] : []),
        ...(to === entityRef
          ? [{ type: 'dependencyOf', targetRef: from }]
          : []),
      ]),
    };
  };
  return [
    entity(CHECKOUT, {
      'valuestream.io/maintenance-windows': 'Sat 02:00-06:00',
    }),
    entity(CART),
    entity(WEB),
    entity(SEARCH),
    entity(DB),
  ];
}

const FREEZE = {
  name: 'Year-end freeze',
  start: '2030-12-20T00:00:00Z',
  end: '2031-01-04T00:00:00Z',
};
const IN_FREEZE = {
  plannedStart: '2030-12-22T10:00:00.000Z',
  plannedEnd: '2030-12-22T11:00:00.000Z',
};
/** A Saturday morning in June, inside checkout's maintenance window. */
const JUNE = {
  plannedStart: '2030-06-01T03:00:00.000Z',
  plannedEnd: '2030-06-01T05:00:00.000Z',
};
/** Windows of the conflict tests, apart from the others. */
const AUG = {
  plannedStart: '2030-08-03T03:00:00.000Z',
  plannedEnd: '2030-08-03T05:00:00.000Z',
};
const AUG_OVERLAP = {
  plannedStart: '2030-08-03T04:00:00.000Z',
  plannedEnd: '2030-08-03T06:00:00.000Z',
};
const SEPT = {
  plannedStart: '2030-09-07T03:00:00.000Z',
  plannedEnd: '2030-09-07T04:00:00.000Z',
};
const OCT = {
  plannedStart: '2030-10-05T03:00:00.000Z',
  plannedEnd: '2030-10-05T04:00:00.000Z',
};
const JULY = {
  plannedStart: '2030-07-01T03:00:00.000Z',
  plannedEnd: '2030-07-01T04:00:00.000Z',
};

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

async function start(
  knex: Awaited<ReturnType<typeof databases.init>>,
  blockScheduling = false,
) {
  return startRouteBackend({
    knex,
    entities: catalog(),
    features: [userInfo.factory],
    config: {
      valueStream: {
        changeAuthorityGroup: CAB,
        freezeWindows: [FREEZE],
        changeConflicts: { blockScheduling },
      },
    },
  });
}

/**
 * An approved standard-change model for every component and resource: a
 * standard change comes only from one. Carol, of the change authority,
 * approves it.
 */
async function approvedModel(api: ReturnType<typeof apiOf>): Promise<string> {
  const proposed = await api.post('/standard-change-models', {
    name: 'Routine patch',
    description: 'Apply the vendor patch and restart.',
    scope: { kinds: ['Component', 'Resource'] },
    riskCeiling: 'very_high',
    expiresAt: '2099-01-01T00:00:00Z',
    reviewAt: '2098-01-01T00:00:00Z',
  });
  expect(proposed.status).toBe(201);
  const approved = await api.post(
    `/standard-change-models/${proposed.body.id}/transitions`,
    { to: 'approved', version: proposed.body.version },
    carol,
  );
  expect(approved.status).toBe(200);
  return proposed.body.id;
}

describe.each(databases.eachSupportedId())(
  'freezes, maintenance windows and conflicts on %s',
  databaseId => {
    let backend: RouteBackend;
    let api: ReturnType<typeof apiOf>;
    let standardChangeModelId: string;

    beforeAll(async () => {
      backend = await start(await databases.init(databaseId));
      api = apiOf(backend.server);
      standardChangeModelId = await approvedModel(api);
    });

    afterAll(() => backend.stop());

    async function create(
      body: Record<string, unknown>,
    ): Promise<ChangeRecord> {
      const res = await api.post('/changes', {
        entityRef: CHECKOUT,
        title: 'Raise the connection pool',
        description: 'From 20 to 40 connections.',
        type: 'normal',
        ...body,
      });
      expect(res.status).toBe(201);
      return res.body;
    }

    async function move(change: ChangeRecord, ...states: string[]) {
      let current = change;
      for (const to of states) {
        const res = await api.move('changes', current, to);
        expect(res.body.error?.message ?? to).toBe(to);
        current = res.body;
      }
      return current;
    }

    /** A change in authorize that Bob approved. */
    async function approved(body: Record<string, unknown>) {
      const change = await move(await create(body), 'assess', 'authorize');
      const res = await api.decide(change, 'approved', bob);
      expect(res.status).toBe(200);
      return res.body as ChangeRecord;
    }

    /** A freeze override (or a rejection that claims to be one). */
    const override = (
      change: ChangeRecord,
      auth: string,
      decision = 'approved',
    ) =>
      api.post(
        `/changes/${change.id}/approvals`,
        { decision, freezeOverride: true },
        auth,
      );

    const get = async (id: string): Promise<ChangeRecord> =>
      (await api.get(`/changes/${id}`)).body;

    describe('a freeze', () => {
      it('refuses scheduling a normal change in it with a 409 naming the freeze', async () => {
        const change = await approved(IN_FREEZE);
        const res = await api.move('changes', change, 'scheduled');
        expect(res.status).toBe(409);
        expect(res.body.error.message).toMatch(
          /overlaps the change freeze "Year-end freeze" \(2030-12-20T00:00:00.000Z to 2031-01-04T00:00:00.000Z\): a normal change is not scheduled/,
        );
        expect(await get(change.id)).toMatchObject({
          state: 'authorize',
          version: change.version,
        });
      });

      it('refuses scheduling a standard change in it', async () => {
        const change = await create({
          type: 'standard',
          standardChangeModelId,
        });
        const res = await api.move('changes', change, 'scheduled', IN_FREEZE);
        expect(res.status).toBe(409);
        expect(res.body.error.message).toMatch(/"Year-end freeze"/);
        expect((await get(change.id)).state).toBe('new');
      });

      it('lets an emergency change through', async () => {
        const change = await approved({ ...IN_FREEZE, type: 'emergency' });
        const scheduled = await move(change, 'scheduled', 'implement');
        expect(scheduled.state).toBe('implement');
        expect(scheduled.riskFactors?.map(f => f.id)).toContain('freeze');
      });

      it('lets a change through with the change authority’s override approval, and no one else’s', async () => {
        const change = await move(
          await create(IN_FREEZE),
          'assess',
          'authorize',
        );
        const byBob = await override(change, bob);
        expect(byBob.status).toBe(403);
        expect(byBob.body.error.message).toMatch(
          /Only a member of the change authority approves a freeze override/,
        );
        const rejection = await override(change, carol, 'rejected');
        expect(rejection.status).toBe(400);

        const byCarol = await override(change, carol);
        expect(byCarol.status).toBe(200);
        expect(byCarol.body.approvals).toEqual([
          expect.objectContaining({
            approver: CAROL,
            decision: 'approved',
            freezeOverride: true,
          }),
        ]);
        const done = await move(byCarol.body, 'scheduled', 'implement');
        expect(done.state).toBe('implement');
      });

      it('takes an override on a standard change while it is new', async () => {
        const change = await create({
          ...IN_FREEZE,
          type: 'standard',
          standardChangeModelId,
        });
        const byCarol = await override(change, carol);
        expect(byCarol.status).toBe(200);
        expect((await move(byCarol.body, 'scheduled')).state).toBe('scheduled');
      });

      it('moving the window voids the override, so the freeze holds again', async () => {
        const change = await move(
          await create(IN_FREEZE),
          'assess',
          'authorize',
        );
        const byCarol = await override(change, carol);
        const moved = await api.patch(`/changes/${change.id}`, {
          version: byCarol.body.version,
          plannedEnd: '2030-12-22T12:00:00.000Z',
        });
        expect(moved.status).toBe(200);
        expect(moved.body.approvals).toEqual([]);
        const approvedAgain = await api.decide(moved.body, 'approved', bob);
        const res = await api.move('changes', approvedAgain.body, 'scheduled');
        expect(res.status).toBe(409);
      });
    });

    describe('maintenance windows', () => {
      it('raise the risk of a change outside them', async () => {
        const inside = await create(JUNE);
        const outside = await create(JULY);
        const ids = (c: ChangeRecord) => c.riskFactors?.map(f => f.id) ?? [];
        expect(ids(inside)).not.toContain('outside-maintenance');
        expect(ids(outside)).toContain('outside-maintenance');
        expect(outside.riskScore! - inside.riskScore!).toBe(10);
      });

      it('and the freezes are what the calendar draws', async () => {
        const res = await api.get(
          `/change-calendar?from=2030-12-01T00:00:00Z&to=2031-01-01T00:00:00Z&entityRef=${CHECKOUT},${CART}`,
        );
        expect(res.status).toBe(200);
        const body: ChangeCalendarWindows = res.body;
        expect(body.freezeWindows).toEqual([
          {
            reason: 'Year-end freeze',
            start: '2030-12-20T00:00:00.000Z',
            end: '2031-01-04T00:00:00.000Z',
          },
        ]);
        expect(body.maintenance).toHaveLength(1);
        expect(body.maintenance[0]).toMatchObject({
          entityRef: CHECKOUT,
          windows: ['Sat 02:00-06:00'],
        });
        expect(body.maintenance[0].occurrences.slice(0, 2)).toEqual([
          {
            start: '2030-12-07T02:00:00.000Z',
            end: '2030-12-07T06:00:00.000Z',
            window: 'Sat 02:00-06:00',
          },
          {
            start: '2030-12-14T02:00:00.000Z',
            end: '2030-12-14T06:00:00.000Z',
            window: 'Sat 02:00-06:00',
          },
        ]);
        const bad = await api.get(
          '/change-calendar?from=2030-01-01T00:00:00Z&to=2031-01-01T00:00:00Z',
        );
        expect(bad.status).toBe(400);
      });
    });

    describe('conflicts', () => {
      const summary = (conflicts: ChangeConflict[] = []) =>
        conflicts.map(c => [c.changeId, c.relation, c.hops, c.via ?? null]);

      it('are stored on create, edit and schedule, and returned', async () => {
        const first = await create({ ...AUG, title: 'Pool size' });
        expect(first.conflicts).toEqual([]);

        // Cart shares checkout's database: two hops, a shared dependency.
        const onCart = await create({ ...AUG_OVERLAP, entityRef: CART });
        expect(summary(onCart.conflicts)).toEqual([
          [first.id, 'shared-dependency', 2, DB],
        ]);
        expect(onCart.conflicts![0]).toMatchObject({
          title: 'Pool size',
          entityRef: CHECKOUT,
          state: 'new',
          type: 'normal',
          ...AUG,
        });
        expect((await get(onCart.id)).conflicts).toEqual(onCart.conflicts);

        // Edited away from it, and back.
        const away = await api.patch(`/changes/${onCart.id}`, {
          version: onCart.version,
          ...SEPT,
        });
        expect(away.status).toBe(200);
        expect(away.body.conflicts).toEqual([]);
        const back = await api.patch(`/changes/${onCart.id}`, {
          version: away.body.version,
          ...AUG_OVERLAP,
        });
        expect(summary(back.body.conflicts)).toEqual([
          [first.id, 'shared-dependency', 2, DB],
        ]);
        // The conflicts are no edit of the change: the history says what moved.
        const edits = back.body.history.flatMap(
          (h: { changes?: Array<{ field: string }> }) =>
            (h.changes ?? []).map(c => c.field),
        );
        expect(edits).not.toContain('conflicts');

        // A standard change on web gets its window at scheduling; web
        // depends on checkout (one hop), and cart is three hops away.
        const onWeb = await create({
          entityRef: WEB,
          type: 'standard',
          standardChangeModelId,
        });
        expect(onWeb.conflicts).toEqual([]);
        const scheduled = await api.move(
          'changes',
          onWeb,
          'scheduled',
          AUG_OVERLAP,
        );
        expect(scheduled.status).toBe(200);
        expect(summary(scheduled.body.conflicts)).toEqual([
          [first.id, 'dependency', 1, null],
        ]);
        expect((await get(onWeb.id)).conflicts).toEqual(
          scheduled.body.conflicts,
        );
      });

      it('leave out closed changes and unrelated entities', async () => {
        await move(await create({ ...OCT, entityRef: SEARCH }), 'cancelled');
        await create({ ...OCT, entityRef: CART });
        const other = await create({ ...OCT, entityRef: SEARCH });
        expect(other.conflicts).toEqual([]);
        const open = await create({ ...OCT, entityRef: SEARCH });
        expect(summary(open.conflicts)).toEqual([
          [other.id, 'same-entity', 0, null],
        ]);
      });
    });

    describe('where conflicts block scheduling', () => {
      let blocking: RouteBackend;
      let strict: ReturnType<typeof apiOf>;
      let modelId: string;

      beforeAll(async () => {
        blocking = await start(await databases.init(databaseId), true);
        strict = apiOf(blocking.server);
        modelId = await approvedModel(strict);
      });

      afterAll(() => blocking.stop());

      const standard = async (entityRef: string) => {
        const res = await strict.post('/changes', {
          entityRef,
          title: `Patch ${entityRef}`,
          description: 'A routine patch.',
          type: 'standard',
          standardChangeModelId: modelId,
        });
        expect(res.status).toBe(201);
        return res.body as ChangeRecord;
      };

      it('refuses scheduling with a 409 naming the conflicting change', async () => {
        const first = await standard(CHECKOUT);
        const firstScheduled = await strict.move(
          'changes',
          first,
          'scheduled',
          AUG,
        );
        expect(firstScheduled.status).toBe(200);

        const second = await standard(WEB);
        const refused = await strict.move(
          'changes',
          second,
          'scheduled',
          AUG_OVERLAP,
        );
        expect(refused.status).toBe(409);
        expect(refused.body.error.message).toBe(
          `The planned window collides with change ${first.id} "Patch ${CHECKOUT}" on ${CHECKOUT} (a dependency, 1 hop); conflicts block scheduling here: move the window or settle the other change first`,
        );
        const unchanged = (await strict.get(`/changes/${second.id}`)).body;
        expect(unchanged).toMatchObject({ state: 'new', version: 1 });

        // Elsewhere in time it is scheduled.
        const elsewhere = await strict.move(
          'changes',
          second,
          'scheduled',
          SEPT,
        );
        expect(elsewhere.status).toBe(200);
        expect(elsewhere.body.conflicts).toEqual([]);
      });

      it('still creates and edits a change with conflicts, and shows them', async () => {
        const res = await strict.post('/changes', {
          entityRef: CHECKOUT,
          title: 'Overlapping',
          description: 'Created into a taken window.',
          type: 'normal',
          ...AUG_OVERLAP,
        });
        expect(res.status).toBe(201);
        expect(res.body.conflicts.length).toBeGreaterThan(0);
      });
    });
  },
);
