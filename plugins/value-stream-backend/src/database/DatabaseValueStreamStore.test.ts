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
import { DatabaseValueStreamStore } from './DatabaseValueStreamStore';

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

describe.each(databases.eachSupportedId())(
  'DatabaseValueStreamStore on %s',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseValueStreamStore.create({
        database: mockServices.database({ knex }),
      });
      return { knex, store };
    }

    describe('records', () => {
      it('creates and reads a change with its first history entry', async () => {
        const { store } = await createStore();
        const created = await store.createChange(
          newChange({
            entityRef: 'Component:Default/Checkout',
            plannedStart: '2026-02-01T10:00:00+01:00',
            riskScore: 42,
            riskLevel: 'medium',
          }),
          TEST_USER,
          { at: t(0) },
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
        await expect(store.getChange(created.id)).resolves.toEqual(created);
        await expect(store.getChange(randomUUID())).resolves.toBeUndefined();
        await expect(store.getChange('not-a-uuid')).resolves.toBeUndefined();
      });

      it('round-trips every record type', async () => {
        const { store } = await createStore();
        const sl = await store.createServiceLevel(
          newServiceLevel({
            slos: [{ name: 'latency', objectivePercent: 99 }],
          }),
          TEST_USER,
        );
        expect(await store.getServiceLevel(sl.id)).toMatchObject({
          availabilityTarget: 99.9,
          targets: { P1: { responseMinutes: 15, resolutionMinutes: 240 } },
          slos: [{ name: 'latency', objectivePercent: 99 }],
          fromAnnotation: false,
        });

        const incident = await store.createIncident(
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
          TEST_USER,
        );
        expect(await store.getIncident(incident.id)).toMatchObject({
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

        const deployment = await store.createDeployment(
          newDeployment({ startedAt: t(1), finishedAt: t(2) }),
          TEST_USER,
        );
        expect(await store.getDeployment(deployment.id)).toMatchObject({
          production: true,
          startedAt: t(1),
          finishedAt: t(2),
        });
        expect(deployment).not.toHaveProperty('releaseId');
      });

      it('lists with filters, newest first', async () => {
        const { store } = await createStore();
        const a = await store.createChange(newChange(), TEST_USER, {
          at: t(1),
        });
        const b = await store.createChange(
          newChange({ state: 'closed', type: 'standard' }),
          TEST_USER,
          { at: t(2) },
        );
        const c = await store.createChange(
          newChange({ entityRef: OTHER_ENTITY, requestedBy: BOB }),
          BOB,
          { at: t(3) },
        );

        const ids = async (filter: Parameters<typeof store.listChanges>[0]) =>
          (await store.listChanges(filter)).items.map(i => i.id);

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
        await expect(store.listChanges({ limit: 0 })).rejects.toThrow(
          InputError,
        );
        await expect(
          store.listChanges({ from: 'yesterday', limit: 5 }),
        ).rejects.toThrow(InputError);
      });

      it('pages through records without duplicates or gaps', async () => {
        const { store } = await createStore();
        const created: string[] = [];
        for (let i = 0; i < 23; i++) {
          // Every three records share a timestamp, so ties break on the id.
          const record = await store.createIncident(newIncident(), TEST_USER, {
            at: t(Math.floor(i / 3)),
          });
          created.push(record.id);
        }
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await store.listIncidents({ limit: 5, cursor });
          seen.push(...page.items.map(i => i.id));
          cursor = page.nextCursor;
          pages++;
        } while (cursor);

        expect(pages).toBe(5);
        expect(new Set(seen).size).toBe(23);
        expect([...seen].sort()).toEqual([...created].sort());
        const all = await store.listIncidents({ limit: 100 });
        expect(all.items.map(i => i.id)).toEqual(seen);
        expect(all.nextCursor).toBeUndefined();

        await expect(
          store.listIncidents({ limit: 5, cursor: 'garbage' }),
        ).rejects.toThrow(InputError);
        await expect(
          store.listIncidents({
            limit: 5,
            cursor: Buffer.from('["x","y"]').toString('base64url'),
          }),
        ).rejects.toThrow(InputError);
      });

      it('rejects a stale version and writes nothing', async () => {
        const { store } = await createStore();
        const change = await store.createChange(newChange(), TEST_USER);
        const updated = await store.updateChange(
          change.id,
          1,
          { title: 'New title', riskScore: null },
          BOB,
        );
        expect(updated).toMatchObject({ title: 'New title', version: 2 });

        await expect(
          store.updateChange(change.id, 1, { title: 'Lost update' }, CAROL, {
            to: 'assess',
          }),
        ).rejects.toThrow(ConflictError);
        const after = await store.getChange(change.id);
        expect(after).toMatchObject({
          title: 'New title',
          state: 'new',
          version: 2,
        });
        expect(after!.history).toHaveLength(1);

        await expect(
          store.updateChange(randomUUID(), 1, { title: 'x' }, BOB),
        ).rejects.toThrow(NotFoundError);
        await expect(
          store.updateChange('nope', 1, { title: 'x' }, BOB),
        ).rejects.toThrow(NotFoundError);
      });

      it('appends a transition to history in the same transaction', async () => {
        const { store } = await createStore();
        const incident = await store.createIncident(newIncident(), TEST_USER, {
          at: t(0),
        });
        const moved = await store.updateIncident(
          incident.id,
          1,
          { assignee: BOB },
          BOB,
          { to: 'acknowledged', note: 'on it' },
          { at: t(5) },
        );
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
          store.updateIncident(
            incident.id,
            2,
            { causedByChangeId: randomUUID() },
            BOB,
            { to: 'in_progress' },
          ),
        ).rejects.toThrow(InputError);
        const after = await store.getIncident(incident.id);
        expect(after).toMatchObject({ state: 'acknowledged', version: 2 });
        expect(after!.history).toHaveLength(2);

        // A state change without an explicit entry is still recorded.
        const resolved = await store.updateIncident(
          incident.id,
          2,
          { state: 'resolved' },
          BOB,
        );
        expect(resolved.history.at(-1)).toMatchObject({
          from: 'acknowledged',
          to: 'resolved',
        });
      });
    });

    describe('approvals', () => {
      it('adds approvals with a version check and one decision per approver', async () => {
        const { store } = await createStore();
        const change = await store.createChange(
          newChange({ state: 'authorize' }),
          TEST_USER,
        );
        const approved = await store.addApproval(
          change.id,
          { approver: BOB, decision: 'approved', comment: 'fine', at: t(1) },
          1,
        );
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
          store.addApproval(
            change.id,
            { approver: BOB, decision: 'rejected' },
            2,
          ),
        ).rejects.toThrow(ConflictError);
        await expect(
          store.addApproval(
            change.id,
            { approver: CAROL, decision: 'approved' },
            1,
          ),
        ).rejects.toThrow(ConflictError);
        await expect(
          store.addApproval(
            randomUUID(),
            { approver: CAROL, decision: 'approved' },
            1,
          ),
        ).rejects.toThrow(NotFoundError);
        expect((await store.getChange(change.id))!.approvals).toHaveLength(1);
      });

      it('lists changes awaiting an approver', async () => {
        const { store } = await createStore();
        const byAlice = await store.createChange(
          newChange({ state: 'authorize' }),
          TEST_USER,
        );
        const byBob = await store.createChange(
          newChange({ state: 'authorize', requestedBy: BOB }),
          BOB,
        );
        const decided = await store.createChange(
          newChange({ state: 'authorize' }),
          TEST_USER,
        );
        await store.createChange(newChange({ state: 'assess' }), TEST_USER);
        await store.addApproval(
          decided.id,
          { approver: CAROL, decision: 'approved' },
          1,
        );

        const forCarol = await store.listChangesAwaitingApproval({
          excludeRequestedBy: CAROL,
          approverRef: CAROL,
          limit: 10,
        });
        expect(forCarol.items.map(c => c.id).sort()).toEqual(
          [byAlice.id, byBob.id].sort(),
        );
        const forBob = await store.listChangesAwaitingApproval({
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
        const c1 = await store.createChange(newChange(), TEST_USER);
        const c2 = await store.createChange(newChange(), TEST_USER);
        const release = await store.createRelease(
          newRelease({ changeIds: [c1.id] }),
          TEST_USER,
        );
        expect(release.changeIds).toEqual([c1.id]);

        await store.linkReleaseChanges(release.id, [c1.id, c2.id]);
        expect((await store.getRelease(release.id))!.changeIds.sort()).toEqual(
          [c1.id, c2.id].sort(),
        );
        const withC2 = await store.listReleases({ changeId: c2.id, limit: 5 });
        expect(withC2.items.map(r => r.id)).toEqual([release.id]);

        await expect(
          store.linkReleaseChanges(release.id, [randomUUID()]),
        ).rejects.toThrow(InputError);
        await expect(
          store.linkReleaseChanges(randomUUID(), [c1.id]),
        ).rejects.toThrow(NotFoundError);

        const replaced = await store.updateRelease(
          release.id,
          1,
          { changeIds: [c2.id] },
          TEST_USER,
        );
        expect(replaced.changeIds).toEqual([c2.id]);
        await store.unlinkReleaseChanges(release.id, [c2.id]);
        expect((await store.getRelease(release.id))!.changeIds).toEqual([]);

        const deployment = await store.createDeployment(
          newDeployment({ releaseId: release.id, changeId: c1.id }),
          TEST_USER,
        );
        expect(deployment).toMatchObject({
          releaseId: release.id,
          changeId: c1.id,
        });
        const byRelease = await store.listDeployments({
          releaseId: release.id,
          limit: 5,
        });
        expect(byRelease.items.map(d => d.id)).toEqual([deployment.id]);
        await expect(
          store.createDeployment(
            newDeployment({ releaseId: randomUUID() }),
            TEST_USER,
          ),
        ).rejects.toThrow(InputError);
        expect((await store.listDeployments({ limit: 5 })).items).toHaveLength(
          1,
        );
      });

      it('links problems and incidents both ways', async () => {
        const { store } = await createStore();
        const i1 = await store.createIncident(newIncident(), TEST_USER);
        const i2 = await store.createIncident(newIncident(), TEST_USER);
        const problem = await store.createProblem(
          newProblem({ incidentIds: [i1.id] }),
          TEST_USER,
        );
        expect(problem.incidentIds).toEqual([i1.id]);
        expect(await store.getIncident(i1.id)).toMatchObject({
          problemId: problem.id,
          version: 2,
        });

        await store.linkProblemIncidents(problem.id, [i2.id, i1.id]);
        expect(
          (await store.getProblem(problem.id))!.incidentIds.sort(),
        ).toEqual([i1.id, i2.id].sort());
        expect((await store.getIncident(i1.id))!.version).toBe(2);

        await store.unlinkProblemIncidents(problem.id, [i1.id]);
        expect(await store.getIncident(i1.id)).not.toHaveProperty('problemId');
        expect((await store.getProblem(problem.id))!.incidentIds).toEqual([
          i2.id,
        ]);

        // Setting problemId on the incident links it too.
        const i3 = await store.createIncident(
          newIncident({ problemId: problem.id }),
          TEST_USER,
        );
        const problems = await store.listProblems({
          incidentId: i3.id,
          limit: 5,
        });
        expect(problems.items.map(p => p.id)).toEqual([problem.id]);
        expect(
          (await store.listIncidents({ problemId: problem.id, limit: 5 })).items
            .map(i => i.id)
            .sort(),
        ).toEqual([i2.id, i3.id].sort());
      });
    });

    describe('events', () => {
      it('upserts events idempotently by source, fingerprint and start', async () => {
        const { store } = await createStore();
        const base = {
          entityRef: null,
          source: 'alertmanager' as const,
          fingerprint: 'abc123',
          severity: 'exception' as const,
          status: 'firing' as const,
          summary: 'High error rate',
          labels: { alertname: 'HighErrorRate' },
          startsAt: '2026-01-01T00:00:00Z',
          receivedAt: t(1),
        };
        const first = await store.upsertEvent(base);
        expect(first.created).toBe(true);
        expect(first.event).toMatchObject({
          entityRef: null,
          startsAt: t(0),
          receivedAt: t(1),
        });

        const again = await store.upsertEvent({
          ...base,
          entityRef: TEST_ENTITY,
          status: 'resolved',
          endsAt: t(9),
          receivedAt: t(10),
        });
        expect(again.created).toBe(false);
        expect(again.event).toMatchObject({
          id: first.event.id,
          entityRef: TEST_ENTITY,
          status: 'resolved',
          endsAt: t(9),
          receivedAt: t(10),
        });
        // A later delivery without a match keeps the entity it had.
        const third = await store.upsertEvent({ ...base, receivedAt: t(11) });
        expect(third.event.entityRef).toBe(TEST_ENTITY);

        const other = await store.upsertEvent({
          ...base,
          startsAt: t(60),
          receivedAt: t(61),
        });
        expect(other.created).toBe(true);

        const unmatched = await store.listEvents({
          unmatched: true,
          limit: 10,
        });
        expect(unmatched.items.map(e => e.id)).toEqual([other.event.id]);
        const forEntity = await store.listEvents({
          entityRef: TEST_ENTITY,
          limit: 10,
        });
        expect(forEntity.items.map(e => e.id)).toEqual([first.event.id]);

        const incident = await store.createIncident(newIncident(), TEST_USER);
        await store.setEventIncident(other.event.id, incident.id);
        expect((await store.getEvent(other.event.id))!.incidentId).toBe(
          incident.id,
        );
        await expect(
          store.setEventIncident(other.event.id, randomUUID()),
        ).rejects.toThrow(InputError);
      });
    });

    describe('stages', () => {
      it('records stage history only when the stage changes', async () => {
        const { store } = await createStore();
        await expect(
          store.recordStage(TEST_ENTITY, 'demand', t(0), { gaps: 0 }),
        ).resolves.toEqual({ changed: true, previous: null });
        await expect(
          store.recordStage(TEST_ENTITY, 'demand', t(1), { gaps: 2 }),
        ).resolves.toEqual({ changed: false, previous: 'demand' });
        await expect(
          store.recordStage('Component:default/CHECKOUT', 'design', t(2), {
            gaps: 1,
          }),
        ).resolves.toEqual({ changed: true, previous: 'demand' });

        expect(await store.getStageHistory(TEST_ENTITY)).toEqual([
          { entityRef: TEST_ENTITY, from: null, to: 'demand', at: t(0) },
          { entityRef: TEST_ENTITY, from: 'demand', to: 'design', at: t(2) },
        ]);
        const stages = await store.getEntityStages([TEST_ENTITY, OTHER_ENTITY]);
        expect([...stages.keys()]).toEqual([TEST_ENTITY]);
        expect(stages.get(TEST_ENTITY)).toEqual({
          entityRef: TEST_ENTITY,
          stage: 'design',
          since: t(2),
          computedAt: t(2),
          gaps: 1,
        });
      });

      it('appends one history row when concurrent calls record the same change', async () => {
        const { store } = await createStore();
        const first = await Promise.all(
          [0, 1, 2, 3].map(() =>
            store.recordStage(OTHER_ENTITY, 'operate', t(0), { gaps: 3 }),
          ),
        );
        expect(first.filter(r => r.changed)).toHaveLength(1);

        const second = await Promise.all(
          [0, 1, 2, 3].map(i =>
            store.recordStage(OTHER_ENTITY, 'retired', t(10 + i), { gaps: 0 }),
          ),
        );
        expect(second.filter(r => r.changed)).toHaveLength(1);
        expect(
          (await store.getStageHistory(OTHER_ENTITY)).map(h => h.to),
        ).toEqual(['operate', 'retired']);
      });

      it('lists entity stages by stage and refs', async () => {
        const { store } = await createStore();
        await store.recordStage(TEST_ENTITY, 'build', t(0), { gaps: 0 });
        await store.recordStage(OTHER_ENTITY, 'operate', t(0), { gaps: 2 });
        await store.recordStage('component:default/legacy', 'operate', t(0), {
          gaps: 4,
        });
        expect(
          (await store.listEntityStages({ stage: 'operate' })).map(
            s => s.entityRef,
          ),
        ).toEqual(['component:default/legacy', OTHER_ENTITY]);
        expect(
          (await store.listEntityStages({ refs: [TEST_ENTITY] })).map(
            s => s.stage,
          ),
        ).toEqual(['build']);
        expect(await store.listEntityStages()).toHaveLength(3);
      });
    });

    describe('read models', () => {
      it('counts open records per entity on the board', async () => {
        const { store } = await createStore();
        await store.createIncident(newIncident(), TEST_USER);
        await store.createIncident(
          newIncident({
            state: 'in_progress',
            sla: {
              pausedMs: 0,
              responseBreached: true,
              resolutionBreached: false,
            },
          }),
          TEST_USER,
        );
        await store.createIncident(
          newIncident({
            state: 'closed',
            sla: {
              pausedMs: 0,
              responseBreached: true,
              resolutionBreached: true,
            },
          }),
          TEST_USER,
        );
        await store.createChange(newChange({ state: 'scheduled' }), TEST_USER);
        await store.createChange(newChange({ state: 'closed' }), TEST_USER);
        await store.createChange(
          newChange({ entityRef: OTHER_ENTITY }),
          TEST_USER,
        );
        await store.createProblem(
          newProblem({ state: 'known_error' }),
          TEST_USER,
        );

        // The board reads the counts for every entity with a stored stage.
        for (const ref of [TEST_ENTITY, OTHER_ENTITY]) {
          await store.recordStage(ref, 'operate', t(0), { gaps: 0 });
        }
        const rows = await store.getBoardRows([
          TEST_ENTITY,
          OTHER_ENTITY,
          'component:default/none',
        ]);
        const counts = new Map(
          rows.map(row => [
            row.entityRef,
            {
              openIncidents: row.openIncidents,
              breachedIncidents: row.breachedIncidents,
              openChanges: row.openChanges,
              openProblems: row.openProblems,
            },
          ]),
        );
        expect(counts.get(TEST_ENTITY)).toEqual({
          openIncidents: 2,
          breachedIncidents: 1,
          openChanges: 1,
          openProblems: 1,
        });
        expect(counts.get(OTHER_ENTITY)).toEqual({
          openIncidents: 0,
          breachedIncidents: 0,
          openChanges: 1,
          openProblems: 0,
        });
        expect(counts.has('component:default/none')).toBe(false);
      });

      it('finds the latest deployments and production versions', async () => {
        const { store } = await createStore();
        await store.createDeployment(
          newDeployment({
            environment: 'staging',
            production: false,
            deployedVersion: '1.0.0',
          }),
          TEST_USER,
          { at: t(0) },
        );
        const staging = await store.createDeployment(
          newDeployment({
            environment: 'staging',
            production: false,
            deployedVersion: '1.1.0',
            state: 'failure',
          }),
          TEST_USER,
          { at: t(1) },
        );
        const prod = await store.createDeployment(
          newDeployment({ deployedVersion: '1.0.0', finishedAt: t(3) }),
          TEST_USER,
          { at: t(2) },
        );
        const prodPending = await store.createDeployment(
          newDeployment({ deployedVersion: '1.1.0', state: 'in_progress' }),
          TEST_USER,
          { at: t(4) },
        );
        const other = await store.createDeployment(
          newDeployment({ entityRef: OTHER_ENTITY, deployedVersion: '7.0.0' }),
          TEST_USER,
          { at: t(5) },
        );

        const latest = await store.latestDeploymentsByEnvironment(TEST_ENTITY);
        expect(latest.map(d => [d.environment, d.id])).toEqual([
          ['production', prodPending.id],
          ['staging', staging.id],
        ]);
        expect(latest[0].history).toHaveLength(1);
        const bare = await store.listDeployments({
          entityRefs: [TEST_ENTITY],
          limit: 10,
          withoutHistory: true,
        });
        expect(bare.items).toHaveLength(4);
        expect(bare.items.every(d => d.history.length === 0)).toBe(true);

        const versions = await store.latestProductionVersions([
          TEST_ENTITY,
          OTHER_ENTITY,
        ]);
        expect(versions.get(TEST_ENTITY)).toEqual({
          version: '1.0.0',
          deploymentId: prod.id,
          environment: 'production',
          at: t(3),
        });
        expect(versions.get(OTHER_ENTITY)).toMatchObject({
          version: '7.0.0',
          deploymentId: other.id,
          at: t(5),
        });
      });

      it('collects stage evidence with record ids', async () => {
        const { store } = await createStore();
        const proposing = await store.createChange(
          newChange({ proposesService: true, state: 'closed' }),
          TEST_USER,
        );
        await store.createChange(
          newChange({ proposesService: true, state: 'rejected' }),
          TEST_USER,
        );
        // Filed but not taken up yet: not evidence of demand, even if newer.
        await store.createChange(
          newChange({ proposesService: true, state: 'new' }),
          TEST_USER,
          { at: t(99_998) },
        );
        const sl = await store.createServiceLevel(
          newServiceLevel({ state: 'agreed' }),
          TEST_USER,
        );
        await store.createServiceLevel(newServiceLevel(), TEST_USER);
        const planned = await store.createRelease(newRelease(), TEST_USER);
        await store.createRelease(
          newRelease({ state: 'abandoned' }),
          TEST_USER,
        );
        await store.createDeployment(
          newDeployment({ state: 'failure' }),
          TEST_USER,
        );
        const otherReady = await store.createRelease(
          newRelease({ entityRef: OTHER_ENTITY, state: 'ready' }),
          TEST_USER,
        );
        const otherAuthorized = await store.createChange(
          newChange({ entityRef: OTHER_ENTITY, state: 'scheduled' }),
          TEST_USER,
        );
        await store.createChange(
          newChange({ entityRef: OTHER_ENTITY, state: 'authorize' }),
          TEST_USER,
          { at: t(99_999) },
        );
        const otherProd = await store.createDeployment(
          newDeployment({ entityRef: OTHER_ENTITY }),
          TEST_USER,
        );

        const evidence = await store.getStageEvidence([
          TEST_ENTITY,
          OTHER_ENTITY,
          'component:default/none',
        ]);
        expect(evidence.get(TEST_ENTITY)).toEqual({
          proposingChangeId: proposing.id,
          authorizedChangeId: proposing.id,
          agreedServiceLevelId: sl.id,
          plannedReleaseId: planned.id,
        });
        expect(evidence.get(OTHER_ENTITY)).toEqual({
          authorizedChangeId: otherAuthorized.id,
          plannedReleaseId: otherReady.id,
          readyReleaseId: otherReady.id,
          productionDeploymentId: otherProd.id,
        });
        expect(evidence.has('component:default/none')).toBe(false);
      });
    });

    describe('SLA support', () => {
      it('lists incidents due for a breach check and marks breaches', async () => {
        const { store } = await createStore();
        const sla = (extra: object) => ({
          pausedMs: 0,
          responseBreached: false,
          resolutionBreached: false,
          ...extra,
        });
        const due = await store.createIncident(
          newIncident({
            sla: sla({ responseDueAt: t(10), resolutionDueAt: t(100) }),
          }),
          TEST_USER,
        );
        const responded = await store.createIncident(
          newIncident({
            state: 'in_progress',
            sla: sla({
              responseDueAt: t(5),
              respondedAt: t(4),
              resolutionDueAt: t(20),
            }),
          }),
          TEST_USER,
        );
        await store.createIncident(
          newIncident({ sla: sla({ responseDueAt: t(1), pausedAt: t(0) }) }),
          TEST_USER,
        );
        await store.createIncident(
          newIncident({
            state: 'resolved',
            sla: sla({ resolutionDueAt: t(1) }),
          }),
          TEST_USER,
        );
        await store.createIncident(
          newIncident({ sla: sla({ responseDueAt: t(500) }) }),
          TEST_USER,
        );

        const first = await store.listIncidentsDueForBreachCheck(t(30), 10);
        expect(first.map(i => i.id)).toEqual([due.id, responded.id]);

        const changed = await store.markIncidentBreaches(
          [
            { id: due.id, responseBreached: true },
            { id: responded.id, resolutionBreached: true },
            { id: randomUUID(), responseBreached: true },
          ],
          t(30),
        );
        expect(changed.sort()).toEqual([due.id, responded.id].sort());
        expect(await store.getIncident(due.id)).toMatchObject({
          version: 2,
          updatedAt: t(30),
          sla: { responseBreached: true, resolutionBreached: false },
        });
        // Already flagged: nothing changes.
        await expect(
          store.markIncidentBreaches(
            [{ id: due.id, responseBreached: true }],
            t(31),
          ),
        ).resolves.toEqual([]);

        expect(await store.listIncidentsDueForBreachCheck(t(30), 10)).toEqual(
          [],
        );
        const later = await store.listIncidentsDueForBreachCheck(t(200), 10);
        expect(later.map(i => i.id)).toEqual([due.id]);
      });
    });
  },
);
