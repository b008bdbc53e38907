import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { resolve } from 'node:path';
import request from 'supertest';
import { valueStreamPlugin } from '../plugin';
import { testDatabaseIds } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const FIXTURES = resolve(__dirname, '../ingest/mappers/__fixtures__');
const fixture = (name: string): string =>
  readFileSync(resolve(FIXTURES, name), 'utf8');

const GITHUB_SECRET = 'github-secret';
const PAGERDUTY_SECRET = 'pagerduty-secret';
const CHECKOUT = 'component:default/checkout';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout',
      namespace: 'default',
      annotations: {
        'github.com/project-slug': 'acme/checkout',
        'pagerduty.com/service-id': 'PF9KMXH',
        'valuestream.io/service-level-tier': 'gold',
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cart', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  },
];

const denied = new Set<string>();
const decide = (name: string) =>
  denied.has(name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW;
const permissions = mockServices.permissions.mock({
  authorize: async requests =>
    requests.map(r => ({ result: decide(r.permission.name) })),
  authorizeConditional: async requests =>
    requests.map(r => ({ result: decide(r.permission.name) })),
});

const audits: Array<{ eventId: string; outcome?: string }> = [];
const auditor = mockServices.auditor.mock({
  createEvent: async ({ eventId }) => {
    const entry: { eventId: string; outcome?: string } = { eventId };
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

const databases = TestDatabases.create({ ids: testDatabaseIds() });
const alice = mockCredentials.user.header('user:default/alice');
const alertmanagerToken = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:alertmanager'),
  targetPluginId: 'value-stream',
});

const sign = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body).digest('hex');

describe.each(databases.eachSupportedId())(
  'ingestion routes on %s',
  databaseId => {
    let server: Server;
    let knex: Awaited<ReturnType<typeof databases.init>>;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          valueStreamPlugin,
          catalogServiceMock.factory({ entities }),
          mockServices.database.factory({ knex }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.rootConfig.factory({
            data: {
              valueStream: {
                ingest: {
                  github: { secret: GITHUB_SECRET },
                  pagerduty: { secret: PAGERDUTY_SECRET },
                },
              },
            },
          }),
          permissions.factory,
          auditor.factory,
        ],
      });
      server = backend.server;
    });

    afterEach(() => denied.clear());

    const api = () => request(server);
    const list = async (path: string) => {
      const res = await api()
        .get(`/api/value-stream${path}`)
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      return res.body.items as Array<Record<string, any>>;
    };
    const postAlertmanager = (body: string, auth = true) => {
      const req = api()
        .post('/api/value-stream/ingest/alertmanager')
        .set('Content-Type', 'application/json');
      // Without a token (the test backend's default is a user otherwise).
      return req
        .set(
          'Authorization',
          auth ? alertmanagerToken : mockCredentials.none.header(),
        )
        .send(body);
    };
    const postGithub = (
      event: string,
      delivery: string,
      body: string,
      signature: string | undefined = `sha256=${sign(GITHUB_SECRET, body)}`,
    ) => {
      const req = api()
        .post('/api/value-stream/ingest/github')
        .set('Content-Type', 'application/json')
        .set('X-GitHub-Event', event)
        .set('X-GitHub-Delivery', delivery);
      return (signature ? req.set('X-Hub-Signature-256', signature) : req).send(
        body,
      );
    };
    const postPagerDuty = (
      body: string,
      signature = `v1=${sign(PAGERDUTY_SECRET, body)}`,
    ) =>
      api()
        .post('/api/value-stream/ingest/pagerduty')
        .set('Content-Type', 'application/json')
        .set('X-PagerDuty-Signature', signature)
        .send(body);

    describe('Alertmanager', () => {
      const firing = fixture('alertmanager-firing-resolved.json');

      it('refuses a delivery without a token and stores nothing', async () => {
        const res = await postAlertmanager(firing, false);
        expect(res.status).toBe(401);
        expect(await list('/events?limit=200')).toEqual([]);
      });

      it('refuses malformed payloads with a 400', async () => {
        const notJson = await postAlertmanager('{"alerts": [');
        expect(notJson.status).toBe(400);
        expect(notJson.body.error.message).toMatch(/not valid JSON/);
        const wrong = await postAlertmanager(JSON.stringify({ version: '4' }));
        expect(wrong.status).toBe(400);
        expect(wrong.body.error.message).toMatch(/Alertmanager webhook/);
        expect(await list('/events?limit=200')).toEqual([]);
      });

      it('opens an incident on the entity, stores unmatched alerts, and resolves with the alert', async () => {
        const res = await postAlertmanager(firing);
        expect(res.status).toBe(202);
        expect(res.body.source).toBe('alertmanager');
        const [checkout, payments] = res.body.items;
        expect(checkout).toMatchObject({
          entityRef: CHECKOUT,
          outcome: 'incident-opened',
          duplicate: false,
        });
        expect(payments).toMatchObject({
          entityRef: null,
          outcome: 'unmatched',
        });
        expect(audits).toContainEqual({
          eventId: 'ingest',
          outcome: 'success',
        });

        const incidents = await list(`/incidents?entityRef=${CHECKOUT}`);
        expect(incidents).toHaveLength(1);
        expect(incidents[0]).toMatchObject({
          id: checkout.incidentId,
          state: 'new',
          source: 'alertmanager',
          urgency: 'high',
          impact: 'high',
          reporter: 'external:alertmanager',
        });
        expect(incidents[0].title).toMatch(/^CheckoutHighErrorRate/);
        const unmatched = await list('/events?unmatched=true');
        expect(unmatched.map(e => e.id)).toEqual([payments.eventId]);

        // A repeated notification changes nothing.
        const again = await postAlertmanager(firing);
        expect(again.status).toBe(202);
        expect(again.body.items[0]).toMatchObject({
          duplicate: true,
          incidentId: checkout.incidentId,
        });
        expect(await list('/events?limit=200')).toHaveLength(2);
        expect(await list(`/incidents?entityRef=${CHECKOUT}`)).toHaveLength(1);

        // The alert resolves: so does its incident.
        const payload = JSON.parse(firing);
        payload.alerts = [
          {
            ...payload.alerts[0],
            status: 'resolved',
            endsAt: '2026-03-02T10:20:00Z',
          },
        ];
        payload.status = 'resolved';
        const resolved = await postAlertmanager(JSON.stringify(payload));
        expect(resolved.status).toBe(202);
        expect(resolved.body.items[0]).toMatchObject({
          outcome: 'incident-resolved',
          incidentId: checkout.incidentId,
        });
        const [incident] = await list(`/incidents?entityRef=${CHECKOUT}`);
        expect(incident.state).toBe('resolved');
        expect(incident.resolutionNote).toMatch(/Resolved automatically/);
      });

      it('maps an unmatched event to an entity once', async () => {
        const [event] = await list('/events?unmatched=true');
        const map = (body: unknown, id = event.id) =>
          api()
            .post(`/api/value-stream/events/${id}/map`)
            .set('Authorization', alice)
            .send(body as object);

        denied.add('value-stream.event.manage');
        expect(
          (await map({ entityRef: 'component:default/cart' })).status,
        ).toBe(403);
        denied.clear();
        const missing = await map({});
        expect(missing.status).toBe(400);
        expect(missing.body.error.fields).toEqual([
          { path: 'entityRef', message: expect.any(String) },
        ]);
        expect(
          (await map({ entityRef: 'not a ref' })).body.error.fields[0].path,
        ).toBe('entityRef');
        expect(
          (await map({ entityRef: 'component:default/nowhere' })).status,
        ).toBe(404);
        expect(
          (
            await map(
              { entityRef: 'component:default/cart' },
              '00000000-0000-4000-8000-000000000000',
            )
          ).status,
        ).toBe(404);

        const mapped = await map({ entityRef: 'component:default/cart' });
        expect(mapped.status).toBe(200);
        expect(mapped.body).toMatchObject({
          id: event.id,
          entityRef: 'component:default/cart',
        });
        expect(await list('/events?unmatched=true')).toEqual([]);
        expect((await map({ entityRef: CHECKOUT })).status).toBe(409);
        expect(audits).toContainEqual({
          eventId: 'event-map',
          outcome: 'success',
        });
      });

      it('opens an incident when a firing exception alert is mapped', async () => {
        const body = JSON.parse(firing);
        body.alerts = [
          {
            ...body.alerts[0],
            labels: { alertname: 'DiskFull', severity: 'critical' },
            fingerprint: 'aaaa000000000001',
          },
        ];
        const res = await postAlertmanager(JSON.stringify(body));
        expect(res.body.items[0].outcome).toBe('unmatched');
        const mapped = await api()
          .post(`/api/value-stream/events/${res.body.items[0].eventId}/map`)
          .set('Authorization', alice)
          .send({ entityRef: 'component:default/cart' });
        expect(mapped.status).toBe(200);
        expect(mapped.body.incidentId).toEqual(expect.any(String));
        const incidents = await list(
          '/incidents?entityRef=component:default/cart',
        );
        expect(incidents.map(i => i.id)).toEqual([mapped.body.incidentId]);
      });

      it('makes one incident of two concurrent identical deliveries', async () => {
        const body = JSON.parse(firing);
        body.alerts = [
          {
            ...body.alerts[0],
            fingerprint: 'bbbb000000000002',
            startsAt: '2026-03-03T10:00:00Z',
          },
        ];
        const text = JSON.stringify(body);
        const [a, b] = await Promise.all([
          postAlertmanager(text),
          postAlertmanager(text),
        ]);
        expect([a.status, b.status]).toEqual([202, 202]);
        expect(a.body.items[0].incidentId).toBe(b.body.items[0].incidentId);
        expect(a.body.items[0].eventId).toBe(b.body.items[0].eventId);
        const incidents = await list(`/incidents?entityRef=${CHECKOUT}`);
        expect(
          incidents.filter(i => i.id === a.body.items[0].incidentId),
        ).toHaveLength(1);
        expect(incidents.filter(i => i.state !== 'resolved')).toHaveLength(1);
      });

      it('stores each alert and opens each incident once when many deliveries race', async () => {
        // Alertmanager retries a notification it got no answer to, and several
        // replicas may take the copies at the same moment: on PostgreSQL these
        // run in parallel transactions, so the unique indexes decide.
        const body = JSON.parse(firing);
        const fingerprints = Array.from(
          { length: 6 },
          (_, i) => `cccc00000000000${i}`,
        );
        body.alerts = fingerprints.map(fingerprint => ({
          ...body.alerts[0],
          fingerprint,
          startsAt: '2026-03-04T10:00:00Z',
        }));
        const text = JSON.stringify(body);
        const responses = await Promise.all(
          Array.from({ length: 6 }, () => postAlertmanager(text)),
        );
        expect(responses.map(r => r.status)).toEqual(Array(6).fill(202));
        for (const [i, fingerprint] of fingerprints.entries()) {
          const items = responses.map(r => r.body.items[i]);
          expect(new Set(items.map(item => item.eventId)).size).toBe(1);
          expect(new Set(items.map(item => item.incidentId)).size).toBe(1);
          expect(items.filter(item => !item.duplicate)).toHaveLength(1);
          expect(
            items.filter(item => item.outcome === 'incident-opened'),
          ).toHaveLength(1);
          const [{ events }] = await knex('vs_events')
            .where({ source: 'alertmanager', fingerprint })
            .count({ events: '*' });
          expect(Number(events)).toBe(1);
          const [{ incidents }] = await knex('vs_incidents')
            .where({ source: 'alertmanager', external_id: items[0].key })
            .count({ incidents: '*' });
          expect(Number(incidents)).toBe(1);
        }
        const open = (await list(`/incidents?entityRef=${CHECKOUT}`)).filter(
          i => i.state === 'new',
        );
        // The one of the previous test and one per fingerprint.
        expect(open).toHaveLength(1 + fingerprints.length);
      });
    });

    describe('GitHub', () => {
      const deployment = fixture('github-deployment.json');
      const success = fixture('github-deployment-status-success.json');
      const release = fixture('github-release-published.json');

      it('refuses a missing or wrong signature and stores nothing', async () => {
        const before = (await list('/events?limit=200')).length;
        const missing = await postGithub('deployment', 'd-0', deployment, '');
        expect(missing.status).toBe(401);
        const wrong = await postGithub(
          'deployment',
          'd-0',
          deployment,
          `sha256=${sign('not-the-secret', deployment)}`,
        );
        expect(wrong.status).toBe(401);
        expect(wrong.body.error.name).toBe('AuthenticationError');
        expect(await list('/events?limit=200')).toHaveLength(before);
        expect(await list(`/deployments?entityRef=${CHECKOUT}`)).toEqual([]);
      });

      it('records a production deployment and its status, and a release', async () => {
        const created = await postGithub('deployment', 'd-1', deployment);
        expect(created.status).toBe(202);
        expect(created.body.items[0]).toMatchObject({
          entityRef: CHECKOUT,
          outcome: 'deployment-created',
        });
        const status = await postGithub('deployment_status', 'd-2', success);
        expect(status.status).toBe(202);
        expect(status.body.items[0].outcome).toBe('deployment-updated');

        const deployments = await list(`/deployments?entityRef=${CHECKOUT}`);
        expect(deployments).toHaveLength(1);
        expect(deployments[0]).toMatchObject({
          environment: 'production',
          production: true,
          deployedVersion: 'v2.4.0',
          state: 'success',
          externalId: expect.any(String),
        });

        // The successful production deployment moved the stage at once.
        const history = await api()
          .get('/api/value-stream/entities/component/default/checkout/history')
          .set('Authorization', alice);
        expect(history.status).toBe(200);
        expect(history.body.at(-1)).toMatchObject({ to: 'operate' });

        const rel = await postGithub('release', 'd-3', release);
        expect(rel.status).toBe(202);
        expect(rel.body.items[0].outcome).toBe('release-created');
        const releases = await list(`/releases?entityRef=${CHECKOUT}`);
        expect(releases).toHaveLength(1);
        expect(releases[0]).toMatchObject({
          releaseVersion: '2.4.0',
          gitTag: 'v2.4.0',
          state: 'ready',
        });
      });

      it('ignores a redelivery', async () => {
        const events = (await list('/events?limit=200')).length;
        const again = await postGithub('deployment', 'd-1', deployment);
        expect(again.status).toBe(202);
        expect(again.body.items[0].duplicate).toBe(true);
        expect(await list('/events?limit=200')).toHaveLength(events);
        expect(await list(`/deployments?entityRef=${CHECKOUT}`)).toHaveLength(
          1,
        );
        const [d] = await list(`/deployments?entityRef=${CHECKOUT}`);
        expect(d.state).toBe('success');
      });

      it('refuses malformed JSON after the signature with a 400', async () => {
        const res = await postGithub('deployment', 'd-9', '{not json');
        expect(res.status).toBe(400);
      });
    });

    describe('PagerDuty', () => {
      it('refuses a bad signature', async () => {
        const body = fixture('pagerduty-incident-triggered.json');
        const res = await postPagerDuty(body, 'v1=deadbeef');
        expect(res.status).toBe(401);
        const none = await api()
          .post('/api/value-stream/ingest/pagerduty')
          .set('Authorization', mockCredentials.none.header())
          .set('Content-Type', 'application/json')
          .send(body);
        expect(none.status).toBe(401);
      });

      it('mirrors triggered, acknowledged and resolved', async () => {
        const before = (await list(`/incidents?entityRef=${CHECKOUT}`)).length;
        const triggered = await postPagerDuty(
          fixture('pagerduty-incident-triggered.json'),
        );
        expect(triggered.status).toBe(202);
        expect(triggered.body.items[0]).toMatchObject({
          entityRef: CHECKOUT,
          outcome: 'incident-opened',
        });
        const id = triggered.body.items[0].incidentId;
        const state = async () =>
          (await list(`/incidents?entityRef=${CHECKOUT}`)).find(
            i => i.id === id,
          )?.state;
        expect(await state()).toBe('new');

        const ack = await postPagerDuty(
          fixture('pagerduty-incident-acknowledged.json'),
        );
        expect(ack.status).toBe(202);
        expect(await state()).toBe('acknowledged');

        const resolved = await postPagerDuty(
          fixture('pagerduty-incident-resolved.json'),
        );
        expect(resolved.status).toBe(202);
        expect(await state()).toBe('resolved');
        expect(await list(`/incidents?entityRef=${CHECKOUT}`)).toHaveLength(
          before + 1,
        );

        // A late, repeated acknowledgement changes nothing.
        const late = await postPagerDuty(
          fixture('pagerduty-incident-acknowledged.json'),
        );
        expect(late.body.items[0].duplicate).toBe(true);
        expect(await state()).toBe('resolved');
      });
    });
  },
);
