import { randomUUID } from 'node:crypto';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { testDatabaseIds } from '../__testUtils__/databases';
import {
  newChange,
  newDeployment,
  newIncident,
  newProblem,
  newRelease,
  newServiceLevel,
  TEST_ENTITY,
  TEST_USER,
} from '../__testUtils__/records';
import { ValueStreamStore } from './ValueStreamStore';
import type { RecordListFilters } from './types';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

const OTHER_ENTITY = 'component:default/payments';
const BOB = 'user:default/bob';
const CAROL = 'user:default/carol';

/** An ISO time `minutes` after a fixed origin. */
function t(minutes: number): string {
  return new Date(
    Date.UTC(2026, 0, 1, 0, 0, 0) + minutes * 60_000,
  ).toISOString();
}

describe.each(databases.eachSupportedId())('RecordStore on %s', databaseId => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    const store = await ValueStreamStore.create({
      database: mockServices.database({ knex }),
    });
    return { knex, store };
  }
  describe('records', () => {
    it('creates and reads a change with its first history entry', async () => {
      const { store } = await createStore();
      const created = await store.records.create(
        'change',
        newChange({
          entityRef: 'Component:Default/Checkout',
          plannedStart: '2026-02-01T10:00:00+01:00',
          riskScore: 42,
          riskLevel: 'medium',
        }),
        { actor: TEST_USER, at: t(0) },
      );

      expect(created).toEqual({
        id: expect.any(String),
        entityRef: TEST_ENTITY,
        title: 'Upgrade the payment library',
        description: 'Move to the supported major version.',
        type: 'normal',
        state: 'new',
        requestedBy: TEST_USER,
        plannedStart: '2026-02-01T09:00:00.000Z',
        riskScore: 42,
        riskLevel: 'medium',
        proposesService: false,
        approvals: [],
        createdAt: t(0),
        updatedAt: t(0),
        createdBy: TEST_USER,
        version: 1,
        history: [{ at: t(0), by: TEST_USER, from: null, to: 'new' }],
      });
      await expect(store.records.get('change', created.id)).resolves.toEqual(
        created,
      );
      await expect(
        store.records.get('change', randomUUID()),
      ).resolves.toBeUndefined();
      await expect(
        store.records.get('change', 'not-a-uuid'),
      ).resolves.toBeUndefined();
    });

    it('round-trips every record type', async () => {
      const { store } = await createStore();
      const sl = await store.records.create(
        'serviceLevel',
        newServiceLevel({
          slos: [{ name: 'latency', objectivePercent: 99 }],
        }),
        { actor: TEST_USER },
      );
      expect(await store.records.get('serviceLevel', sl.id)).toMatchObject({
        availabilityTarget: 99.9,
        targets: { P1: { responseMinutes: 15, resolutionMinutes: 240 } },
        slos: [{ name: 'latency', objectivePercent: 99 }],
        fromAnnotation: false,
      });

      const incident = await store.records.create(
        'incident',
        newIncident({
          knowledgeLinks: ['https://example.com/kb/1'],
          sla: {
            responseDueAt: t(15),
            resolutionDueAt: t(240),
            pausedMs: 5_000_000_000,
            responseBreached: false,
            resolutionBreached: true,
          },
          source: 'alertmanager',
        }),
        { actor: TEST_USER },
      );
      expect(await store.records.get('incident', incident.id)).toMatchObject({
        knowledgeLinks: ['https://example.com/kb/1'],
        sla: {
          responseDueAt: t(15),
          resolutionDueAt: t(240),
          pausedMs: 5_000_000_000,
          responseBreached: false,
          resolutionBreached: true,
        },
        major: false,
        waitingOnReporter: false,
        source: 'alertmanager',
      });

      const deployment = await store.records.create(
        'deployment',
        newDeployment({ startedAt: t(1), finishedAt: t(2) }),
        { actor: TEST_USER },
      );
      expect(
        await store.records.get('deployment', deployment.id),
      ).toMatchObject({
        production: true,
        startedAt: t(1),
        finishedAt: t(2),
      });
      expect(deployment).not.toHaveProperty('releaseId');
    });

    it('lists with filters, newest first', async () => {
      const { store } = await createStore();
      const a = await store.records.create('change', newChange(), {
        actor: TEST_USER,
        at: t(1),
      });
      const b = await store.records.create(
        'change',
        newChange({ state: 'closed', type: 'standard' }),
        { actor: TEST_USER, at: t(2) },
      );
      const c = await store.records.create(
        'change',
        newChange({ entityRef: OTHER_ENTITY, requestedBy: BOB }),
        { actor: BOB, at: t(3) },
      );

      const ids = async (filter: RecordListFilters['change']) =>
        (await store.records.list('change', filter)).items.map(i => i.id);

      expect(await ids({ limit: 10 })).toEqual([c.id, b.id, a.id]);
      expect(
        await ids({ entityRefs: ['COMPONENT:default/checkout'], limit: 10 }),
      ).toEqual([b.id, a.id]);
      expect(await ids({ states: ['new'], limit: 10 })).toEqual([c.id, a.id]);
      expect(await ids({ open: false, limit: 10 })).toEqual([b.id]);
      expect(await ids({ from: t(2), to: t(3), limit: 10 })).toEqual([b.id]);
      expect(await ids({ types: ['standard'], limit: 10 })).toEqual([b.id]);
      expect(await ids({ requestedBy: BOB, limit: 10 })).toEqual([c.id]);
      expect(await ids({ ids: [a.id, 'junk'], limit: 10 })).toEqual([a.id]);
      await expect(store.records.list('change', { limit: 0 })).rejects.toThrow(
        InputError,
      );
      await expect(
        store.records.list('change', { from: 'yesterday', limit: 5 }),
      ).rejects.toThrow(InputError);
    });

    it('pages through records without duplicates or gaps', async () => {
      const { store } = await createStore();
      const created: string[] = [];
      for (let i = 0; i < 23; i++) {
        // Every three records share a timestamp, so ties break on the id.
        const record = await store.records.create('incident', newIncident(), {
          actor: TEST_USER,
          at: t(Math.floor(i / 3)),
        });
        created.push(record.id);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.records.list('incident', {
          limit: 5,
          cursor,
        });
        seen.push(...page.items.map(i => i.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);

      expect(pages).toBe(5);
      expect(new Set(seen).size).toBe(23);
      expect([...seen].sort()).toEqual([...created].sort());
      const all = await store.records.list('incident', { limit: 100 });
      expect(all.items.map(i => i.id)).toEqual(seen);
      expect(all.nextCursor).toBeUndefined();

      await expect(
        store.records.list('incident', { limit: 5, cursor: 'garbage' }),
      ).rejects.toThrow(InputError);
      await expect(
        store.records.list('incident', {
          limit: 5,
          cursor: Buffer.from('["x","y"]').toString('base64url'),
        }),
      ).rejects.toThrow(InputError);
    });

    it('rejects a stale version and writes nothing', async () => {
      const { store } = await createStore();
      const change = await store.records.create('change', newChange(), {
        actor: TEST_USER,
      });
      const updated = await store.records.update('change', {
        id: change.id,
        expectedVersion: 1,
        patch: { title: 'New title', riskScore: null },
        actor: BOB,
      });
      expect(updated).toMatchObject({ title: 'New title', version: 2 });

      await expect(
        store.records.update('change', {
          id: change.id,
          expectedVersion: 1,
          patch: { title: 'Lost update' },
          actor: CAROL,
          history: {
            to: 'assess',
          },
        }),
      ).rejects.toThrow(ConflictError);
      const after = await store.records.get('change', change.id);
      expect(after).toMatchObject({
        title: 'New title',
        state: 'new',
        version: 2,
      });
      expect(after!.history).toHaveLength(1);

      await expect(
        store.records.update('change', {
          id: randomUUID(),
          expectedVersion: 1,
          patch: { title: 'x' },
          actor: BOB,
        }),
      ).rejects.toThrow(NotFoundError);
      await expect(
        store.records.update('change', {
          id: 'nope',
          expectedVersion: 1,
          patch: { title: 'x' },
          actor: BOB,
        }),
      ).rejects.toThrow(NotFoundError);
    });

    it('appends a transition to history in the same transaction', async () => {
      const { store } = await createStore();
      const incident = await store.records.create('incident', newIncident(), {
        actor: TEST_USER,
        at: t(0),
      });
      const moved = await store.records.update('incident', {
        id: incident.id,
        expectedVersion: 1,
        patch: { assignee: BOB },
        actor: BOB,
        history: { to: 'acknowledged', note: 'on it' },
        at: t(5),
      });
      expect(moved).toMatchObject({
        state: 'acknowledged',
        assignee: BOB,
        version: 2,
        updatedAt: t(5),
      });
      expect(moved.history).toEqual([
        { at: t(0), by: TEST_USER, from: null, to: 'new' },
        { at: t(5), by: BOB, from: 'new', to: 'acknowledged', note: 'on it' },
      ]);

      // A failing write in the transaction leaves state and history alone.
      await expect(
        store.records.update('incident', {
          id: incident.id,
          expectedVersion: 2,
          patch: { causedByChangeId: randomUUID() },
          actor: BOB,
          history: { to: 'in_progress' },
        }),
      ).rejects.toThrow(InputError);
      const after = await store.records.get('incident', incident.id);
      expect(after).toMatchObject({ state: 'acknowledged', version: 2 });
      expect(after!.history).toHaveLength(2);

      // A state change without an explicit entry is still recorded.
      const resolved = await store.records.update('incident', {
        id: incident.id,
        expectedVersion: 2,
        patch: { state: 'resolved' },
        actor: BOB,
      });
      expect(resolved.history.at(-1)).toMatchObject({
        from: 'acknowledged',
        to: 'resolved',
      });
    });
  });

  describe('approvals', () => {
    it('adds approvals with a version check and one decision per approver', async () => {
      const { store } = await createStore();
      const change = await store.records.create(
        'change',
        newChange({ state: 'authorize' }),
        { actor: TEST_USER },
      );
      const approved = await store.records.addApproval(change.id, {
        approval: {
          approver: BOB,
          decision: 'approved',
          comment: 'fine',
          at: t(1),
        },
        expectedVersion: 1,
      });
      expect(approved.version).toBe(2);
      expect(approved.approvals).toEqual([
        {
          id: expect.any(String),
          changeId: change.id,
          approver: BOB,
          decision: 'approved',
          comment: 'fine',
          at: t(1),
        },
      ]);
      await expect(
        store.records.addApproval(change.id, {
          approval: { approver: BOB, decision: 'rejected' },
          expectedVersion: 2,
        }),
      ).rejects.toThrow(ConflictError);
      await expect(
        store.records.addApproval(change.id, {
          approval: { approver: CAROL, decision: 'approved' },
          expectedVersion: 1,
        }),
      ).rejects.toThrow(ConflictError);
      await expect(
        store.records.addApproval(randomUUID(), {
          approval: { approver: CAROL, decision: 'approved' },
          expectedVersion: 1,
        }),
      ).rejects.toThrow(NotFoundError);
      expect(
        (await store.records.get('change', change.id))!.approvals,
      ).toHaveLength(1);
    });

    it('lists changes awaiting an approver', async () => {
      const { store } = await createStore();
      const byAlice = await store.records.create(
        'change',
        newChange({ state: 'authorize' }),
        { actor: TEST_USER },
      );
      const byBob = await store.records.create(
        'change',
        newChange({ state: 'authorize', requestedBy: BOB }),
        { actor: BOB },
      );
      const decided = await store.records.create(
        'change',
        newChange({ state: 'authorize' }),
        { actor: TEST_USER },
      );
      await store.records.create('change', newChange({ state: 'assess' }), {
        actor: TEST_USER,
      });
      await store.records.addApproval(decided.id, {
        approval: { approver: CAROL, decision: 'approved' },
        expectedVersion: 1,
      });

      const forCarol = await store.records.listChangesAwaitingApproval({
        excludeRequestedBy: CAROL,
        approverRef: CAROL,
        limit: 10,
      });
      expect(forCarol.items.map(c => c.id).sort()).toEqual(
        [byAlice.id, byBob.id].sort(),
      );
      const forBob = await store.records.listChangesAwaitingApproval({
        excludeRequestedBy: BOB,
        approverRef: BOB,
        limit: 10,
      });
      expect(forBob.items.map(c => c.id).sort()).toEqual(
        [byAlice.id, decided.id].sort(),
      );
    });
  });

  describe('links', () => {
    it('links releases to changes and deployments to releases', async () => {
      const { store } = await createStore();
      const c1 = await store.records.create('change', newChange(), {
        actor: TEST_USER,
      });
      const c2 = await store.records.create('change', newChange(), {
        actor: TEST_USER,
      });
      const release = await store.records.create(
        'release',
        newRelease({ changeIds: [c1.id] }),
        { actor: TEST_USER },
      );
      expect(release.changeIds).toEqual([c1.id]);

      await store.records.linkReleaseChanges(release.id, [c1.id, c2.id]);
      expect(
        (await store.records.get('release', release.id))!.changeIds.sort(),
      ).toEqual([c1.id, c2.id].sort());
      const withC2 = await store.records.list('release', {
        changeId: c2.id,
        limit: 5,
      });
      expect(withC2.items.map(r => r.id)).toEqual([release.id]);

      await expect(
        store.records.linkReleaseChanges(release.id, [randomUUID()]),
      ).rejects.toThrow(InputError);
      await expect(
        store.records.linkReleaseChanges(randomUUID(), [c1.id]),
      ).rejects.toThrow(NotFoundError);

      const replaced = await store.records.update('release', {
        id: release.id,
        expectedVersion: 1,
        patch: { changeIds: [c2.id] },
        actor: TEST_USER,
      });
      expect(replaced.changeIds).toEqual([c2.id]);
      await store.records.unlinkReleaseChanges(release.id, [c2.id]);
      expect(
        (await store.records.get('release', release.id))!.changeIds,
      ).toEqual([]);

      const deployment = await store.records.create(
        'deployment',
        newDeployment({ releaseId: release.id, changeId: c1.id }),
        { actor: TEST_USER },
      );
      expect(deployment).toMatchObject({
        releaseId: release.id,
        changeId: c1.id,
      });
      const byRelease = await store.records.list('deployment', {
        releaseId: release.id,
        limit: 5,
      });
      expect(byRelease.items.map(d => d.id)).toEqual([deployment.id]);
      await expect(
        store.records.create(
          'deployment',
          newDeployment({ releaseId: randomUUID() }),
          { actor: TEST_USER },
        ),
      ).rejects.toThrow(InputError);
      expect(
        (await store.records.list('deployment', { limit: 5 })).items,
      ).toHaveLength(1);
    });

    it('links problems and incidents both ways', async () => {
      const { store } = await createStore();
      const i1 = await store.records.create('incident', newIncident(), {
        actor: TEST_USER,
      });
      const i2 = await store.records.create('incident', newIncident(), {
        actor: TEST_USER,
      });
      const problem = await store.records.create(
        'problem',
        newProblem({ incidentIds: [i1.id] }),
        { actor: TEST_USER },
      );
      expect(problem.incidentIds).toEqual([i1.id]);
      expect(await store.records.get('incident', i1.id)).toMatchObject({
        problemId: problem.id,
        version: 2,
      });

      await store.records.linkProblemIncidents(problem.id, [i2.id, i1.id]);
      expect(
        (await store.records.get('problem', problem.id))!.incidentIds.sort(),
      ).toEqual([i1.id, i2.id].sort());
      expect((await store.records.get('incident', i1.id))!.version).toBe(2);

      await store.records.unlinkProblemIncidents(problem.id, [i1.id]);
      expect(await store.records.get('incident', i1.id)).not.toHaveProperty(
        'problemId',
      );
      expect(
        (await store.records.get('problem', problem.id))!.incidentIds,
      ).toEqual([i2.id]);

      // Setting problemId on the incident links it too.
      const i3 = await store.records.create(
        'incident',
        newIncident({ problemId: problem.id }),
        { actor: TEST_USER },
      );
      const problems = await store.records.list('problem', {
        incidentId: i3.id,
        limit: 5,
      });
      expect(problems.items.map(p => p.id)).toEqual([problem.id]);
      expect(
        (
          await store.records.list('incident', {
            problemId: problem.id,
            limit: 5,
          })
        ).items
          .map(i => i.id)
          .sort(),
      ).toEqual([i2.id, i3.id].sort());
    });
  });
});
