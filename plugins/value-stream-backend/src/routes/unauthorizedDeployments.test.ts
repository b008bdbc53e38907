import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type {
  ChangeRecord,
  DeploymentRecord,
  EntitySummary,
  EventRecord,
} from '@valuestream/plugin-value-stream-common';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { testDatabaseIds } from '../__testUtils__/databases';
import {
  apiOf,
  BASE,
  RouteBackend,
  startRouteBackend,
} from '../__testUtils__/routeBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

const CHECKOUT = 'component:default/checkout';
const CART = 'component:default/cart';
const GITHUB_SECRET = 'github-secret';
const EVENT_TYPE = 'change.unauthorized-deployment';

const FIXTURES = resolve(__dirname, '../ingest/mappers/__fixtures__');
const fixture = (name: string) =>
  JSON.parse(readFileSync(resolve(FIXTURES, name), 'utf8'));

const entities: Entity[] = [CHECKOUT, CART].map(ref => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: ref.split('/')[1],
    namespace: 'default',
    annotations: { 'github.com/project-slug': `acme/${ref.split('/')[1]}` },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
}));

const HOUR = 3_600_000;
/** A window a day ahead, 10:00 to 12:00 UTC. */
const DAY = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const at = (time: string) => `${DAY}T${time}:00.000Z`;
const WINDOW = { plannedStart: at('10:00'), plannedEnd: at('12:00') };

describe.each(databases.eachSupportedId())(
  'unauthorized change detection on %s',
  databaseId => {
    let backend: RouteBackend;
    let api: ReturnType<typeof apiOf>;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      backend = await startRouteBackend({
        knex,
        entities,
        config: {
          valueStream: { ingest: { github: { secret: GITHUB_SECRET } } },
        },
      });
      api = apiOf(backend.server);
    });

    afterAll(() => backend.stop());

    const record = async (
      body: Record<string, unknown>,
    ): Promise<DeploymentRecord> => {
      const res = await api.post('/deployments', {
        entityRef: CHECKOUT,
        environment: 'production',
        deployedVersion: '2.0.0',
        ...body,
      });
      expect(res.status).toBe(201);
      return res.body;
    };

    const eventsOf = async (entityRef: string): Promise<EventRecord[]> => {
      const res = await api.get(`/events?entityRef=${entityRef}&limit=200`);
      expect(res.status).toBe(200);
      return (res.body.items as EventRecord[]).filter(
        e => e.labels.type === EVENT_TYPE,
      );
    };

    const eventOf = async (deployment: { id: string; entityRef: string }) =>
      (await eventsOf(deployment.entityRef)).find(
        e => e.labels.deployment === deployment.id,
      );

    const summaryOf = async (name: string): Promise<EntitySummary> => {
      const res = await api.get(`/entities/component/default/${name}/summary`);
      expect(res.status).toBe(200);
      return res.body;
    };

    /** A change through assess and authorize, approved by Bob. */
    const approvedChange = async (
      body: Record<string, unknown>,
    ): Promise<ChangeRecord> => {
      const created = await api.post('/changes', {
        entityRef: CHECKOUT,
        title: 'Release 2.0',
        description: 'Roll out the new checkout flow.',
        type: 'normal',
        ...body,
      });
      expect(created.status).toBe(201);
      let change: ChangeRecord = created.body;
      for (const to of ['assess', 'authorize']) {
        const moved = await api.move('changes', change, to);
        expect(moved.status).toBe(200);
        change = moved.body;
      }
      const approved = await api.decide(change, 'approved');
      expect(approved.status).toBe(200);
      return approved.body;
    };

    describe('through the API', () => {
      let flagged: DeploymentRecord;

      it('flags a production deployment no change covers, with its reason and an event', async () => {
        const startedAt = new Date(Date.now() - HOUR).toISOString();
        flagged = await record({
          state: 'success',
          startedAt,
          finishedAt: new Date(Date.now() - HOUR / 2).toISOString(),
        });
        expect(flagged.unauthorized).toBe(true);
        expect(flagged.unauthorizedReason).toBe(
          `No authorized change of ${CHECKOUT} covers ${startedAt} (30 minutes' grace); the entity has no authorized change near that time.`,
        );

        const read = await api.get(`/deployments/${flagged.id}`);
        expect(read.body).toMatchObject({
          unauthorized: true,
          unauthorizedReason: flagged.unauthorizedReason,
        });

        const event = await eventOf(flagged);
        expect(event).toMatchObject({
          entityRef: CHECKOUT,
          source: 'portal',
          severity: 'warning',
          status: 'firing',
          labels: {
            type: EVENT_TYPE,
            deployment: flagged.id,
            environment: 'production',
            version: '2.0.0',
          },
        });
        expect(event!.summary).toMatch(
          /^Unauthorized deployment of 2\.0\.0 to production: No authorized change/,
        );
      });

      it('shows it as a gap of the service, on its page and on the board', async () => {
        const summary = await summaryOf('checkout');
        const item = summary.checklist.find(
          i => i.id === 'authorized-deployments',
        );
        expect(item).toMatchObject({
          met: false,
          gap: true,
          evidence: [{ recordType: 'deployment', recordId: flagged.id }],
        });
        // The deployment timeline reads the flag from the summary too.
        expect(
          summary.recentDeployments.find(d => d.id === flagged.id),
        ).toMatchObject({ unauthorized: true });

        const board = await api.get('/board');
        expect(board.status).toBe(200);
        const card = board.body.columns
          .flatMap((c: { items: Array<{ entityRef: string }> }) => c.items)
          .find((i: { entityRef: string }) => i.entityRef === CHECKOUT);
        expect(card.gaps).toBe(summary.checklist.filter(i => i.gap).length);
        const cart = (await summaryOf('cart')).checklist.find(
          i => i.id === 'authorized-deployments',
        );
        expect(cart).toMatchObject({ met: true, gap: false });
      });

      it('counts it in the metrics and on the scorecard', async () => {
        const metrics = await api.get(
          `/metrics?entityRef=${CHECKOUT}&bucket=week`,
        );
        expect(metrics.status).toBe(200);
        expect(metrics.body.unauthorizedDeployments).toEqual({
          productionDeployments: 1,
          count: 1,
          rate: 1,
          byEntity: [{ entityRef: CHECKOUT, count: 1 }],
          deploymentIds: [flagged.id],
        });
        expect(metrics.body.trends.unauthorizedDeployments.at(-1).value).toBe(
          1,
        );

        const scorecards = await api.get(
          '/scorecards?limit=50',
          mockCredentials.service.header(),
        );
        expect(scorecards.status).toBe(200);
        const byRef = new Map(
          scorecards.body.items.map(
            (i: { entityRef: string; unauthorizedDeployments: number }) => [
              i.entityRef,
              i.unauthorizedDeployments,
            ],
          ),
        );
        // Only checkout has records, so only it is placed yet.
        expect(Object.fromEntries(byRef)).toEqual({ [CHECKOUT]: 1 });
      });

      it('passes deployments a scheduled change covers, with its grace, and any not to production', async () => {
        let change = await approvedChange(WINDOW);
        const scheduled = await api.move('changes', change, 'scheduled');
        expect(scheduled.status).toBe(200);
        change = scheduled.body;

        const early = await record({ startedAt: at('09:40') });
        expect(early.unauthorized).toBe(false);
        expect(early.unauthorizedReason).toBeUndefined();
        const late = await record({ startedAt: at('12:31') });
        expect(late.unauthorized).toBe(true);
        expect(late.unauthorizedReason).toContain(
          `the nearest authorized change is "Release 2.0" (${change.id}, scheduled, planned ${WINDOW.plannedStart} to ${WINDOW.plannedEnd})`,
        );
        const staging = await record({
          environment: 'staging',
          startedAt: at('20:00'),
        });
        expect(staging).toMatchObject({
          production: false,
          unauthorized: false,
        });

        // Another entity's change covers nothing here.
        const cart = await record({ entityRef: CART, startedAt: at('11:00') });
        expect(cart.unauthorized).toBe(true);
        expect(await eventOf(early)).toBeUndefined();
        expect(await eventOf(staging)).toBeUndefined();
        expect(await eventOf(cart)).toMatchObject({ status: 'firing' });
      });

      it('passes a deployment made while an emergency change is implemented', async () => {
        const change = await approvedChange({
          entityRef: CART,
          type: 'emergency',
          title: 'Stop the double charges',
        });
        const implementing = await api.move('changes', change, 'implement');
        expect(implementing.status).toBe(200);
        const fix = await record({
          entityRef: CART,
          state: 'success',
          changeId: change.id,
        });
        expect(fix.unauthorized).toBe(false);
      });

      it('judges a deployment again when its time or environment is edited, and resolves its event', async () => {
        const late = await record({ startedAt: at('15:00') });
        expect(late.unauthorized).toBe(true);
        expect(await eventOf(late)).toMatchObject({ status: 'firing' });

        const moved = await api.patch(`/deployments/${late.id}`, {
          version: late.version,
          startedAt: at('11:15'),
        });
        expect(moved.status).toBe(200);
        expect(moved.body.unauthorized).toBe(false);
        expect(moved.body.unauthorizedReason).toBeUndefined();
        expect(moved.body.history.at(-1).changes).toEqual(
          expect.arrayContaining([
            { field: 'unauthorized', before: true, after: false },
          ]),
        );
        const resolved = await eventOf(late);
        expect(resolved).toMatchObject({ status: 'resolved' });
        expect(resolved!.endsAt).toEqual(expect.any(String));
        expect(resolved!.summary).toMatch(/no longer unauthorized/);

        // Back out of the window: flagged again, the same event fires again.
        const back = await api.patch(`/deployments/${late.id}`, {
          version: moved.body.version,
          startedAt: at('18:00'),
        });
        expect(back.body.unauthorized).toBe(true);
        expect(
          (await eventsOf(CHECKOUT)).filter(
            e => e.labels.deployment === late.id,
          ),
        ).toEqual([expect.objectContaining({ status: 'firing' })]);

        // Not production after all.
        const staging = await api.patch(`/deployments/${late.id}`, {
          version: back.body.version,
          environment: 'staging',
        });
        expect(staging.body).toMatchObject({
          production: false,
          unauthorized: false,
        });
      });

      it('keeps the verdict of an edit that changes nothing it reads, and of a move that keeps its time', async () => {
        const pending = await record({
          startedAt: at('23:00'),
          state: 'pending',
        });
        expect(pending.unauthorized).toBe(true);
        const relabelled = await api.patch(`/deployments/${pending.id}`, {
          version: pending.version,
          deployedVersion: '2.0.1',
        });
        expect(relabelled.status).toBe(200);
        expect(relabelled.body).toMatchObject({
          unauthorized: true,
          unauthorizedReason: pending.unauthorizedReason,
        });
        const started = await api.move(
          'deployments',
          relabelled.body,
          'in_progress',
        );
        expect(started.status).toBe(200);
        expect(started.body.unauthorized).toBe(true);
      });

      it('refuses a client that sets the flag itself', async () => {
        const res = await api.post('/deployments', {
          entityRef: CHECKOUT,
          environment: 'production',
          deployedVersion: '2.0.0',
          unauthorized: false,
        });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(/unauthorized/);
      });
    });

    describe('through a GitHub deployment_status delivery', () => {
      const postGithub = (event: string, delivery: string, payload: object) => {
        const body = JSON.stringify(payload);
        return request(backend.server)
          .post(`${BASE}/ingest/github`)
          .set('Content-Type', 'application/json')
          .set('X-GitHub-Event', event)
          .set('X-GitHub-Delivery', delivery)
          .set(
            'X-Hub-Signature-256',
            `sha256=${createHmac('sha256', GITHUB_SECRET)
              .update(body)
              .digest('hex')}`,
          )
          .send(body);
      };
      // GitHub's published example: a production deployment of acme/checkout
      // created at 2026-03-02T09:00:53Z, then its success status.
      const success = fixture('github-deployment-status-success.json');

      it('flags a production deployment no change covers', async () => {
        const res = await postGithub('deployment_status', 'gh-1', success);
        expect(res.status).toBe(202);
        const [item] = res.body.items;
        expect(item).toMatchObject({
          entityRef: CHECKOUT,
          outcome: 'deployment-created',
          unauthorized: true,
        });
        const read = await api.get(`/deployments/${item.deploymentId}`);
        expect(read.body).toMatchObject({
          production: true,
          state: 'success',
          unauthorized: true,
        });
        expect(read.body.unauthorizedReason).toContain(
          `covers ${new Date(success.deployment.created_at).toISOString()}`,
        );
        expect(
          await eventOf({ id: item.deploymentId, entityRef: CHECKOUT }),
        ).toMatchObject({ status: 'firing', source: 'portal' });

        // A redelivered status changes nothing, the flag included.
        const again = await postGithub('deployment_status', 'gh-1', success);
        expect(again.body.items[0]).toMatchObject({
          duplicate: true,
          unauthorized: true,
        });
      });

      it('passes one a scheduled change covers, and links the change', async () => {
        let change = await approvedChange({
          plannedStart: '2026-03-02T08:45:00.000Z',
          plannedEnd: '2026-03-02T09:30:00.000Z',
          title: 'Release v2.4.0',
        });
        const scheduled = await api.move('changes', change, 'scheduled');
        expect(scheduled.status).toBe(200);
        change = scheduled.body;

        const payload = structuredClone(success);
        payload.deployment.id += 1;
        const res = await postGithub('deployment_status', 'gh-2', payload);
        expect(res.status).toBe(202);
        const [item] = res.body.items;
        expect(item.outcome).toBe('deployment-created');
        expect(item.unauthorized).toBeUndefined();
        const read = await api.get(`/deployments/${item.deploymentId}`);
        expect(read.body).toMatchObject({
          unauthorized: false,
          changeId: change.id,
        });
        expect(
          await eventOf({ id: item.deploymentId, entityRef: CHECKOUT }),
        ).toBeUndefined();
      });
    });
  },
);
