import { TestDatabases } from '@backstage/backend-test-utils';
import type {
  ChangeRecord,
  DeploymentRecord,
  HistoryEntry,
} from '@valuestream/plugin-value-stream-common';
import { testDatabaseIds } from '../__testUtils__/databases';
import {
  ALICE,
  apiOf,
  BOB,
  carol,
  CART,
  CHECKOUT,
  RouteBackend,
  startRouteBackend,
} from '../__testUtils__/routeBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

const WINDOW = {
  plannedStart: '2030-01-01T10:00:00.000Z',
  plannedEnd: '2030-01-01T11:00:00.000Z',
};
/** Sixteen days later, as the bypass of the issue moved it. */
const MOVED_END = '2030-01-17T11:00:00.000Z';

describe.each(databases.eachSupportedId())(
  'change integrity on %s',
  databaseId => {
    let backend: RouteBackend;
    let api: ReturnType<typeof apiOf>;

    beforeAll(async () => {
      backend = await startRouteBackend({
        knex: await databases.init(databaseId),
      });
      api = apiOf(backend.server);
    });

    afterAll(() => backend.stop());

    async function createChange(
      body: Record<string, unknown> = {},
    ): Promise<ChangeRecord> {
      const res = await api.post('/changes', {
        entityRef: CHECKOUT,
        title: 'Raise the connection pool',
        description: 'From 20 to 40 connections.',
        type: 'normal',
        ...WINDOW,
        ...body,
      });
      expect(res.status).toBe(201);
      return res.body;
    }

    async function moveTo(
      change: ChangeRecord,
      ...states: string[]
    ): Promise<ChangeRecord> {
      let current = change;
      for (const to of states) {
        const res = await api.move('changes', current, to, {
          ...(to === 'failed' ? { note: 'Rolled back' } : {}),
        });
        expect(res.status).toBe(200);
        current = res.body;
      }
      return current;
    }

    /** A change in authorize with `decision` by Bob. */
    async function decided(
      decision: 'approved' | 'rejected',
      body: Record<string, unknown> = {},
    ): Promise<ChangeRecord> {
      const change = await moveTo(
        await createChange(body),
        'assess',
        'authorize',
      );
      const res = await api.decide(change, decision);
      expect(res.status).toBe(200);
      return res.body;
    }

    const get = async (id: string): Promise<ChangeRecord> =>
      (await api.get(`/changes/${id}`)).body;

    describe('the type is fixed at creation', () => {
      it('refuses retyping a rejected change to standard, so it still cannot be scheduled', async () => {
        const change = await decided('rejected');
        const retype = await api.patch(`/changes/${change.id}`, {
          version: change.version,
          type: 'standard',
        });
        expect(retype.status).toBe(409);
        expect(retype.body.error.message).toMatch(
          /type is fixed at creation: this change is normal/,
        );
        const now = await get(change.id);
        expect(now).toMatchObject({ type: 'normal', version: change.version });

        const schedule = await api.move('changes', now, 'scheduled');
        expect(schedule.status).toBe(409);
        expect(schedule.body.error.message).toMatch(
          /an approver rejected it, and a rejection is final/,
        );
        // What is left: rejecting or cancelling it.
        const rejected = await api.move('changes', now, 'rejected');
        expect(rejected.status).toBe(200);
      });

      it('refuses retyping to standard or emergency at any point', async () => {
        const change = await createChange();
        for (const type of ['standard', 'emergency']) {
          const res = await api.patch(`/changes/${change.id}`, {
            version: change.version,
            type,
          });
          expect(res.status).toBe(409);
          expect(res.body.error.message).toContain(
            `raise a new ${type} change instead`,
          );
        }
        // Naming the type it has is no change.
        const same = await api.patch(`/changes/${change.id}`, {
          version: change.version,
          type: 'normal',
          title: 'Raise the pool, carefully',
        });
        expect(same.status).toBe(200);
        expect(same.body.type).toBe('normal');
      });

      it('opens a standard change only from a model, and schedules it at once', async () => {
        const refused = await api.post('/changes', {
          entityRef: CHECKOUT,
          title: 'Raise the connection pool',
          description: 'From 20 to 40 connections.',
          type: 'standard',
        });
        expect(refused.status).toBe(400);
        expect(refused.body.error.fields).toEqual([
          {
            path: 'standardChangeModelId',
            message: expect.stringMatching(/^Required for a standard change/),
          },
        ]);
        const model = await api.approvedModel();
        const change = await createChange({
          type: 'standard',
          standardChangeModelId: model.id,
        });
        expect(change.type).toBe('standard');
        const scheduled = await api.move('changes', change, 'scheduled');
        expect(scheduled.status).toBe(200);
      });
    });

    describe('a rejection is final', () => {
      it('refuses a material edit of a rejected change instead of voiding the rejection', async () => {
        const change = await decided('rejected');
        const res = await api.patch(`/changes/${change.id}`, {
          version: change.version,
          plannedEnd: MOVED_END,
        });
        expect(res.status).toBe(409);
        expect(res.body.error.message).toMatch(
          /user:default\/bob rejected this change, and a rejection is final/,
        );
        const now = await get(change.id);
        expect(now.approvals).toEqual([
          expect.objectContaining({ approver: BOB, decision: 'rejected' }),
        ]);
        expect(now.plannedEnd).toBe(WINDOW.plannedEnd);
      });

      it('keeps a rejection when another approver says yes', async () => {
        const change = await decided('rejected');
        const yes = await api.decide(change, 'approved', carol);
        expect(yes.status).toBe(200);
        const schedule = await api.move('changes', yes.body, 'scheduled');
        expect(schedule.status).toBe(409);
      });
    });

    describe('an edit after a decision', () => {
      it('voids the approvals and returns a scheduled change to authorize, with history', async () => {
        const approved = await decided('approved');
        const scheduled = await moveTo(approved, 'scheduled');

        const res = await api.patch(`/changes/${scheduled.id}`, {
          version: scheduled.version,
          plannedEnd: MOVED_END,
        });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          state: 'authorize',
          plannedEnd: MOVED_END,
          approvals: [],
        });
        const entry: HistoryEntry = res.body.history.at(-1);
        expect(entry).toMatchObject({
          by: ALICE,
          from: 'scheduled',
          to: 'authorize',
          note: expect.stringMatching(/^Approvals voided: plannedEnd changed/),
        });
        expect(entry.changes).toEqual(
          expect.arrayContaining([
            {
              field: 'plannedEnd',
              before: WINDOW.plannedEnd,
              after: MOVED_END,
            },
            {
              field: 'approvals',
              before: [
                expect.objectContaining({
                  approver: BOB,
                  decision: 'approved',
                }),
              ],
              after: [],
            },
          ]),
        );

        // It needs a decision again; the approver may give it.
        const early = await api.move('changes', res.body, 'scheduled');
        expect(early.status).toBe(409);
        expect(early.body.error.message).toMatch(/needs at least one approval/);
        const again = await api.decide(res.body, 'approved');
        expect(again.status).toBe(200);
        const rescheduled = await api.move('changes', again.body, 'scheduled');
        expect(rescheduled.status).toBe(200);
      });

      it('voids them for the scope too, and keeps them for a title', async () => {
        const approved = await decided('approved');
        const title = await api.patch(`/changes/${approved.id}`, {
          version: approved.version,
          title: 'Raise the pool to 40',
        });
        expect(title.status).toBe(200);
        expect(title.body.approvals).toHaveLength(1);
        expect(title.body.history.at(-1)).toMatchObject({
          by: ALICE,
          from: 'authorize',
          to: 'authorize',
          changes: [
            {
              field: 'title',
              before: 'Raise the connection pool',
              after: 'Raise the pool to 40',
            },
          ],
        });

        const scope = await api.patch(`/changes/${approved.id}`, {
          version: title.body.version,
          description: 'From 20 to 80 connections, and the replicas too.',
        });
        expect(scope.status).toBe(200);
        expect(scope.body).toMatchObject({ state: 'authorize', approvals: [] });
      });

      it('lets the e2e flow approve and schedule with the decided window', async () => {
        const approved = await decided('approved');
        const scheduled = await api.move('changes', approved, 'scheduled', {
          ...WINDOW,
        });
        expect(scheduled.status).toBe(200);
        expect(scheduled.body.state).toBe('scheduled');
      });

      it('refuses to move the decided window while scheduling', async () => {
        const approved = await decided('approved');
        const res = await api.move('changes', approved, 'scheduled', {
          plannedEnd: MOVED_END,
        });
        expect(res.status).toBe(409);
        expect(res.body.error.message).toMatch(
          /scheduling cannot set plannedEnd; edit the change to move its window/,
        );
        expect((await get(approved.id)).state).toBe('authorize');
      });
    });

    describe('a closed change is immutable', () => {
      it.each([
        ['cancelled', ['cancelled']],
        ['rejected', ['assess', 'rejected']],
        [
          'failed',
          [
            'assess',
            'authorize',
            '$approve',
            'scheduled',
            'implement',
            'failed',
          ],
        ],
        [
          'closed',
          [
            'assess',
            'authorize',
            '$approve',
            'scheduled',
            'implement',
            'review',
            'closed',
          ],
        ],
      ])('refuses edits of a %s change', async (state, path) => {
        let change = await createChange();
        for (const step of path) {
          if (step === '$approve') {
            change = (await api.decide(change, 'approved')).body;
          } else {
            change = await moveTo(change, step);
          }
        }
        expect(change.state).toBe(state);
        for (const edit of [
          { title: 'Renamed' },
          { type: 'emergency' },
          { plannedEnd: MOVED_END },
        ]) {
          const res = await api.patch(`/changes/${change.id}`, {
            version: change.version,
            ...edit,
          });
          expect(res.status).toBe(409);
          expect(res.body.error.message).toBe(
            `Cannot edit a change in "${state}": a closed change is immutable`,
          );
        }
        expect(await get(change.id)).toEqual(change);
      });
    });

    describe('cross-field rules judge the stored record with the patch', () => {
      it('refuses a change end before its stored start, and a start after its stored end', async () => {
        const change = await createChange();
        const end = await api.patch(`/changes/${change.id}`, {
          version: change.version,
          plannedEnd: '2030-01-01T09:00:00Z',
        });
        expect(end.status).toBe(400);
        expect(end.body.error.fields).toEqual([
          {
            path: 'plannedEnd',
            message: `Must be after plannedStart (${WINDOW.plannedStart})`,
          },
        ]);
        const start = await api.patch(`/changes/${change.id}`, {
          version: change.version,
          plannedStart: '2030-01-01T12:00:00Z',
        });
        expect(start.status).toBe(400);
        expect(start.body.error.message).toMatch(
          /^Invalid change: plannedEnd: /,
        );
        expect(await get(change.id)).toEqual(change);
      });

      it("refuses a deployment's finish before its stored start, and its start after the stored finish", async () => {
        const created = await api.post('/deployments', {
          entityRef: CART,
          environment: 'production',
          deployedVersion: '1.2.3',
          state: 'success',
          startedAt: '2026-01-01T10:00:00Z',
          finishedAt: '2026-01-01T10:05:00Z',
        });
        expect(created.status).toBe(201);
        const deployment: DeploymentRecord = created.body;
        const finish = await api.patch(`/deployments/${deployment.id}`, {
          version: deployment.version,
          finishedAt: '2026-01-01T09:00:00Z',
        });
        expect(finish.status).toBe(400);
        expect(finish.body.error.fields).toEqual([
          {
            path: 'finishedAt',
            message: 'Must not be before startedAt (2026-01-01T10:00:00.000Z)',
          },
        ]);
        const start = await api.patch(`/deployments/${deployment.id}`, {
          version: deployment.version,
          startedAt: '2026-01-01T11:00:00Z',
        });
        expect(start.status).toBe(400);
        const ok = await api.patch(`/deployments/${deployment.id}`, {
          version: deployment.version,
          finishedAt: '2026-01-01T10:07:00Z',
        });
        expect(ok.status).toBe(200);
        expect(ok.body.history.at(-1)).toMatchObject({
          from: 'success',
          to: 'success',
          changes: [
            {
              field: 'finishedAt',
              before: '2026-01-01T10:05:00.000Z',
              after: '2026-01-01T10:07:00.000Z',
            },
          ],
        });
      });

      it('refuses a deployment that would finish before it starts when the backend stamps the finish', async () => {
        const future = new Date(Date.now() + 3_600_000).toISOString();
        const finished = await api.post('/deployments', {
          entityRef: CART,
          environment: 'staging',
          deployedVersion: '1.2.4',
          state: 'success',
          startedAt: future,
        });
        expect(finished.status).toBe(400);
        expect(finished.body.error.fields[0].path).toBe('finishedAt');

        const pending = await api.post('/deployments', {
          entityRef: CART,
          environment: 'staging',
          deployedVersion: '1.2.4',
          startedAt: future,
        });
        expect(pending.status).toBe(201);
        const moved = await api.move('deployments', pending.body, 'success');
        expect(moved.status).toBe(409);
        expect(moved.body.error.message).toMatch(/before it started/);
      });
    });

    describe('every edit is in the history', () => {
      it('records who changed which field of any record, before and after', async () => {
        const created = await api.post('/incidents', {
          entityRef: CART,
          title: 'Checkout is slow',
          description: 'p99 over 2 s',
          impact: 'medium',
          urgency: 'medium',
        });
        expect(created.status).toBe(201);
        const res = await api.patch(
          `/incidents/${created.body.id}`,
          {
            version: created.body.version,
            title: 'Checkout times out',
            urgency: 'high',
          },
          carol,
        );
        expect(res.status).toBe(200);
        expect(res.body.history.at(-1)).toEqual({
          at: expect.any(String),
          by: 'user:default/carol',
          from: 'new',
          to: 'new',
          changes: [
            {
              field: 'title',
              before: 'Checkout is slow',
              after: 'Checkout times out',
            },
            { field: 'urgency', before: 'medium', after: 'high' },
            { field: 'priority', before: 'P3', after: 'P2' },
          ],
        });

        // An edit that changes nothing writes no entry.
        const same = await api.patch(`/incidents/${created.body.id}`, {
          version: res.body.version,
          title: 'Checkout times out',
        });
        expect(same.status).toBe(200);
        expect(same.body.history).toHaveLength(res.body.history.length);
      });
    });

    describe('risk explained', () => {
      it('stores the factors of the score with the change and updates them with it', async () => {
        const change = await createChange({
          plannedEnd: '2030-01-01T16:00:00Z',
        });
        expect(change.riskFactors?.length).toBeGreaterThan(0);
        expect(change.riskFactors).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ id: 'type', points: 15 }),
            expect.objectContaining({ id: 'long-window', points: 5 }),
          ]),
        );
        const sum = change.riskFactors!.reduce((n, f) => n + f.points, 0);
        expect(change.riskScore).toBe(Math.min(100, sum));
        expect((await get(change.id)).riskFactors).toEqual(change.riskFactors);

        const shorter = await api.patch(`/changes/${change.id}`, {
          version: change.version,
          plannedEnd: WINDOW.plannedEnd,
        });
        expect(shorter.status).toBe(200);
        expect(
          shorter.body.riskFactors.map((f: { id: string }) => f.id),
        ).not.toContain('long-window');
        expect(shorter.body.riskScore).toBe(change.riskScore! - 5);
        expect(shorter.body.history.at(-1).changes).toEqual(
          expect.arrayContaining([
            {
              field: 'riskScore',
              before: change.riskScore,
              after: change.riskScore! - 5,
            },
          ]),
        );
      });
    });
  },
);
