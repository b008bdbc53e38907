import { TestDatabases } from '@backstage/backend-test-utils';
import type {
  ChangeApprovalStatus,
  ChangeRecord,
} from '@valuestream/plugin-value-stream-common';
import {
  as,
  CAB,
  CHECKOUT,
  ECAB,
  PAYMENTS,
  PEOPLE,
  type Person,
  POLICY_TEST_ENTITIES,
  policyConfig,
  TEAM_A,
  userInfoWithGroups,
  WINDOW,
} from '../__testUtils__/changeApproval';
import { testDatabaseIds } from '../__testUtils__/databases';
import {
  apiOf,
  RouteBackend,
  startRouteBackend,
} from '../__testUtils__/routeBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

describe.each(databases.eachSupportedId())(
  'the approval policy on %s',
  databaseId => {
    let backend: RouteBackend;
    let owners: RouteBackend;
    let api: ReturnType<typeof apiOf>;

    beforeAll(async () => {
      const start = (ownerApproval: boolean) =>
        databases.init(databaseId).then(knex =>
          startRouteBackend({
            knex,
            config: policyConfig({ ownerApproval }),
            entities: POLICY_TEST_ENTITIES,
            features: [userInfoWithGroups()],
          }),
        );
      backend = await start(false);
      owners = await start(true);
      api = apiOf(backend.server);
    });

    afterAll(async () => {
      await backend.stop();
      await owners.stop();
    });

    /** A change of Alice's in authorize. */
    async function inAuthorize(
      body: Record<string, unknown>,
      on = api,
    ): Promise<ChangeRecord> {
      const created = await on.post('/changes', {
        entityRef: CHECKOUT,
        title: 'Raise the connection pool',
        description: 'From 20 to 40 connections.',
        type: 'normal',
        ...WINDOW,
        ...body,
      });
      expect(created.status).toBe(201);
      let change: ChangeRecord = created.body;
      for (const to of ['assess', 'authorize']) {
        const res = await on.move('changes', change, to);
        expect(res.status).toBe(200);
        change = res.body;
      }
      return change;
    }

    const statusOf = async (change: { id: string }, on = api) => {
      const res = await on.get(`/changes/${change.id}/approval-status`);
      expect(res.status).toBe(200);
      return res.body as ChangeApprovalStatus;
    };

    /** The ids of every page of the caller's awaiting list. */
    async function awaitingIds(person: Person, on = api): Promise<string[]> {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await on.get(
          `/changes?awaitingApprovalBy=me&limit=2${
            cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
          }`,
          as(person),
        );
        expect(res.status).toBe(200);
        ids.push(...res.body.items.map((c: ChangeRecord) => c.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      return ids;
    }

    it('a high-risk change needs two approvals, one from outside the requesting team', async () => {
      const change = await inAuthorize({ entityRef: PAYMENTS });
      expect(change.riskLevel).toBe('high');
      expect(await statusOf(change)).toMatchObject({
        requestingTeam: TEAM_A,
        riskLevel: 'high',
        complete: false,
        requirements: [
          {
            id: 'authority',
            group: CAB,
            count: 2,
            outsideTeam: 1,
            approvedBy: [],
            missing: 2,
            missingOutsideTeam: 1,
          },
        ],
      });

      // Carol sits on the board and in team A, which requested it.
      const inside = await api.decide(change, 'approved', as('carol'));
      expect(inside.status).toBe(200);
      expect(inside.body.approvals[0].approverGroups).toEqual([CAB, TEAM_A]);
      const early = await api.move('changes', inside.body, 'scheduled');
      expect(early.status).toBe(409);
      expect(early.body.error.message).toBe(
        `Cannot move change from "authorize" yet: it needs 1 more approval from ${CAB}, from outside ${TEAM_A}`,
      );
      // Gus is on the board too, but in team A: his approval would not help.
      expect(await awaitingIds('gus')).not.toContain(change.id);
      expect(await awaitingIds('bob')).toContain(change.id);

      const outside = await api.decide(inside.body, 'approved', as('bob'));
      expect(outside.status).toBe(200);
      expect(await statusOf(change)).toMatchObject({
        complete: true,
        requirements: [
          { approvedBy: [PEOPLE.carol.ref, PEOPLE.bob.ref], missing: 0 },
        ],
      });
      const scheduled = await api.move('changes', outside.body, 'scheduled');
      expect(scheduled.status).toBe(200);
    });

    it('a low-risk change needs one approval from the change authority, and nobody else decides', async () => {
      const change = await inAuthorize({});
      expect(change.riskLevel).toBe('low');
      for (const person of ['frank', 'erin', 'dave'] as const) {
        const res = await api.decide(change, 'approved', as(person));
        expect(res.status).toBe(403);
        expect(res.body.error.message).toBe(
          `Your decision does not count on this normal change: it is decided by members of ${CAB}`,
        );
      }
      const res = await api.decide(change, 'approved', as('gus'));
      expect(res.status).toBe(200);
      expect((await api.move('changes', res.body, 'scheduled')).status).toBe(
        200,
      );
    });

    it('an emergency change needs an ECAB member', async () => {
      const change = await inAuthorize({ type: 'emergency' });
      expect((await statusOf(change)).requirements).toEqual([
        expect.objectContaining({ group: ECAB, count: 1, missing: 1 }),
      ]);
      const board = await api.decide(change, 'approved', as('bob'));
      expect(board.status).toBe(403);
      expect(board.body.error.message).toMatch(/decided by members of .*ecab$/);
      const early = await api.move('changes', change, 'implement');
      expect(early.status).toBe(409);

      const ecab = await api.decide(change, 'approved', as('dave'));
      expect(ecab.status).toBe(200);
      expect((await api.move('changes', ecab.body, 'implement')).status).toBe(
        200,
      );
    });

    it('asks for the owner’s approval when configured', async () => {
      const on = apiOf(owners.server);
      const change = await inAuthorize({}, on);
      expect((await statusOf(change, on)).requirements).toEqual([
        expect.objectContaining({ id: 'authority', group: CAB, missing: 1 }),
        expect.objectContaining({ id: 'owner', group: TEAM_A, missing: 1 }),
      ]);
      expect(await awaitingIds('erin', on)).toEqual([change.id]);
      expect(await awaitingIds('erin')).not.toContain(change.id);

      const board = await on.decide(change, 'approved', as('bob'));
      expect(board.status).toBe(200);
      const early = await on.move('changes', board.body, 'scheduled');
      expect(early.status).toBe(409);
      expect(early.body.error.message).toMatch(
        /needs 1 more approval from the owner group:default\/team-a$/,
      );
      expect((await on.decide(change, 'approved', as('frank'))).status).toBe(
        403,
      );
      const owner = await on.decide(change, 'approved', as('erin'));
      expect(owner.status).toBe(200);
      expect((await on.move('changes', owner.body, 'scheduled')).status).toBe(
        200,
      );
    });

    it('lists for awaitingApprovalBy=me exactly what the policy asks of each', async () => {
      const low = await inAuthorize({});
      const emergency = await inAuthorize({ type: 'emergency' });
      const high = await inAuthorize({ entityRef: PAYMENTS });
      const halfway = (await api.decide(high, 'approved', as('carol'))).body;
      const decided = await inAuthorize({});
      expect((await api.decide(decided, 'approved', as('bob'))).status).toBe(
        200,
      );
      const mine = [low, emergency, halfway, decided].map(c => c.id);
      const asked = async (person: Person) =>
        (await awaitingIds(person)).filter(id => mine.includes(id)).sort();

      expect(await asked('bob')).toEqual([low.id, halfway.id].sort());
      expect(await asked('carol')).toEqual([low.id]);
      expect(await asked('gus')).toEqual([low.id]);
      expect(await asked('dave')).toEqual([emergency.id]);
      expect(await asked('frank')).toEqual([]);
      expect(await asked('erin')).toEqual([]);
      // Nobody approves their own change.
      expect(await asked('alice')).toEqual([]);
    });

    it('answers 404 for the status of an unknown change', async () => {
      const res = await api.get(
        '/changes/00000000-0000-4000-8000-000000000000/approval-status',
      );
      expect(res.status).toBe(404);
    });
  },
);
