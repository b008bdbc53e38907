/*
 * Hostile input at the HTTP layer: the content type checked first, unknown
 * fields named, users that must exist, impossible times, oversize labels and
 * control characters refused with a 4xx that names the field, and lone
 * surrogates stored alike on every database.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import request from 'supertest';
import { testDatabaseIds } from '../__testUtils__/databases';
import {
  alertNotification,
  INGEST_CONFIG,
  INGEST_TEST_ENTITIES,
  ingestFixture,
  rowCounts,
  sendersOf,
} from '../__testUtils__/ingestBackend';
import {
  alice,
  apiOf,
  BASE,
  CHECKOUT,
  RouteBackend,
  startRouteBackend,
} from '../__testUtils__/routeBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

describe.each(databases.eachSupportedId())(
  'input hardening on %s',
  databaseId => {
    let backend: RouteBackend;
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await startRouteBackend({
        knex,
        config: INGEST_CONFIG,
        entities: INGEST_TEST_ENTITIES,
      });
    });
    afterAll(() => backend.stop());

    const api = () => apiOf(backend.server);
    const send = () => sendersOf(backend.server);
    const raw = () => request(backend.server);

    const incident = async () => {
      const res = await api().post('/incidents', {
        entityRef: CHECKOUT,
        title: 'Checkout fails',
        description: 'Payments time out.',
        impact: 'high',
        urgency: 'high',
      });
      expect(res.status).toBe(201);
      return res.body;
    };

    describe('content type', () => {
      const expect415 = (res: request.Response) => {
        expect(res.status).toBe(415);
        expect(res.body.error.message).toContain(
          'must be sent as application/json',
        );
        expect(res.body.error.message).toContain('"text/plain"');
      };

      it('is checked first on every JSON route, with a 415 naming the type', async () => {
        const before = await rowCounts(knex);
        const body = JSON.stringify({ entityRef: CHECKOUT, title: 'x' });
        const post = (path: string) =>
          raw()
            .post(`${BASE}${path}`)
            .set('Authorization', alice)
            .set('Content-Type', 'text/plain')
            .send(body);
        for (const path of [
          '/changes',
          '/incidents',
          '/incidents/some-id/transitions',
          '/changes/some-id/approvals',
          '/events/some-id/map',
          '/standard-change-models',
          '/standard-change-models/some-id/transitions',
        ]) {
          expect415(await post(path));
        }
        expect415(
          await raw()
            .patch(`${BASE}/incidents/some-id`)
            .set('Authorization', alice)
            .set('Content-Type', 'text/plain')
            .send(body),
        );
        expect415(await send().alertmanager(alertNotification(), 'text/plain'));
        const github = await send().github(
          'deployment',
          ingestFixture('github-deployment.json'),
          'd-415',
          'text/plain',
        );
        expect415(github);
        expect(github.body.error.message).toContain("webhook's Content type");
        expect415(
          await send().pagerduty(
            ingestFixture('pagerduty-incident-triggered.json'),
            'text/plain',
          ),
        );
        expect(await rowCounts(knex)).toEqual(before);
      });

      it('says so for a body without any content type', async () => {
        const res = await raw()
          .post(`${BASE}/incidents`)
          .set('Authorization', alice)
          .send(Buffer.from('{}'));
        expect(res.status).toBe(415);
        expect(res.body.error.message).toBe(
          'Unsupported Content-Type (none): the request body must be sent as application/json',
        );
      });

      it('accepts a charset and +json types', async () => {
        const res = await raw()
          .post(`${BASE}/incidents`)
          .set('Authorization', alice)
          .set('Content-Type', 'application/json; charset=utf-8')
          .send(JSON.stringify({ entityRef: CHECKOUT }));
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain('title: Required');
        const merge = await raw()
          .post(`${BASE}/incidents`)
          .set('Authorization', alice)
          .set('Content-Type', 'application/merge-patch+json')
          .send(JSON.stringify({ entityRef: CHECKOUT }));
        expect(merge.status).toBe(400);
        expect(merge.body.error.fields).toEqual([
          { path: 'title', message: 'Required' },
          { path: 'description', message: 'Required' },
          { path: 'impact', message: 'Required' },
          { path: 'urgency', message: 'Required' },
        ]);
      });
    });

    it('names unknown fields of an event mapping', async () => {
      const res = await send().alertmanager(
        alertNotification({ fingerprint: 'f00d0000000000aa' }, null),
      );
      expect(res.status).toBe(202);
      const { eventId } = res.body.items[0];
      const mapped = await api().post(`/events/${eventId}/map`, {
        entityRef: CHECKOUT,
        force: true,
      });
      expect(mapped.status).toBe(400);
      expect(mapped.body.error.fields).toEqual([
        { path: 'force', message: 'Unknown field' },
      ]);
      const events = await api().get('/events?unmatched=true');
      expect(events.body.items.map((e: { id: string }) => e.id)).toContain(
        eventId,
      );
    });

    describe('users a body names', () => {
      it('refuses an assignee the catalog does not hold, naming the field', async () => {
        const record = await incident();
        const res = await api().patch(`/incidents/${record.id}`, {
          version: record.version,
          assignee: 'user:default/nobody',
        });
        expect(res.status).toBe(400);
        expect(res.body.error.fields).toEqual([
          {
            path: 'assignee',
            message: 'No catalog entity user:default/nobody',
          },
        ]);
        const group = await api().patch(`/incidents/${record.id}`, {
          version: record.version,
          assignee: 'group:default/team-a',
        });
        expect(group.status).toBe(400);
        expect(group.body.error.fields[0]).toEqual({
          path: 'assignee',
          message: 'Must be a user, group:default/team-a is a Group',
        });
        const stored = await api().get(`/incidents/${record.id}`);
        expect(stored.body.version).toBe(record.version);
        expect(stored.body.assignee).toBeUndefined();
      });

      it('assigns a user of the catalog, and clears the assignee', async () => {
        const record = await incident();
        const res = await api().patch(`/incidents/${record.id}`, {
          version: record.version,
          assignee: 'user:default/bob',
        });
        expect(res.status).toBe(200);
        expect(res.body.assignee).toBe('user:default/bob');
        const cleared = await api().patch(`/incidents/${record.id}`, {
          version: res.body.version,
          assignee: null,
        });
        expect(cleared.status).toBe(200);
        expect(cleared.body.assignee).toBeUndefined();
      });
    });

    describe('webhook times and labels', () => {
      it.each([
        [
          '31 February',
          { startsAt: '2026-02-31T10:00:00Z' },
          'alerts.0.startsAt: No day 31 in 2026-02: it has 28 days',
        ],
        [
          'hour 24',
          { startsAt: '2026-02-28T24:00:00Z' },
          'alerts.0.startsAt: No hour 24: hours are 00 to 23',
        ],
        [
          'an end before the start',
          {
            status: 'resolved',
            startsAt: '2026-03-02T10:00:00Z',
            endsAt: '2026-03-02T09:00:00Z',
          },
          'alerts.0.endsAt: Must not be before startsAt',
        ],
        [
          'a 2 MB label value',
          { labels: { instance: 'x'.repeat(2 * 1024 * 1024) } },
          'alerts.0.labels.instance: Longer than the limit of 1024 characters',
        ],
        [
          'a NUL in a label',
          { labels: { job: 'api\u0000' } },
          'alerts.0.labels.job: Must not contain the control character U+0000 (NUL)',
        ],
      ])(
        'refuses an Alertmanager alert with %s and stores nothing',
        async (_name, alert, message) => {
          const before = await rowCounts(knex);
          const res = await send().alertmanager(alertNotification(alert));
          expect(res.status).toBe(400);
          expect(res.body.error.message).toContain(message);
          expect(await rowCounts(knex)).toEqual(before);
        },
      );

      it('still takes the zero endsAt of a firing alert as no end', async () => {
        const res = await send().alertmanager(
          alertNotification({ fingerprint: 'f00d0000000000bb' }),
        );
        expect(res.status).toBe(202);
        const events = await api().get(`/events?entityRef=${CHECKOUT}`);
        const event = events.body.items.find(
          (e: { fingerprint: string }) => e.fingerprint === 'f00d0000000000bb',
        );
        expect(event.startsAt).toBe('2026-03-02T09:00:00.000Z');
        expect(event.endsAt).toBeUndefined();
      });

      it('refuses impossible GitHub and PagerDuty times, storing nothing', async () => {
        const before = await rowCounts(knex);
        const deployment = ingestFixture('github-deployment.json');
        deployment.deployment.created_at = '2026-02-31T10:00:00Z';
        const github = await send().github('deployment', deployment, 'd-31');
        expect(github.status).toBe(400);
        expect(github.body.error.message).toContain(
          'deployment.created_at: No day 31 in 2026-02',
        );
        const triggered = ingestFixture('pagerduty-incident-triggered.json');
        triggered.event.occurred_at = '2026-02-31T10:00:00Z';
        const pagerduty = await send().pagerduty(triggered);
        expect(pagerduty.status).toBe(400);
        expect(pagerduty.body.error.message).toContain(
          'event.occurred_at: No day 31 in 2026-02',
        );
        expect(await rowCounts(knex)).toEqual(before);
      });

      it.each([
        ['github-deployment.json', 'deployment'],
        ['github-deployment-status-success.json', 'deployment_status'],
        ['github-deployment-status-failure.json', 'deployment_status'],
        ['github-release-published.json', 'release'],
      ])("still accepts GitHub's published example %s", async (file, event) => {
        const res = await send().github(event, ingestFixture(file), file);
        expect(res.status).toBe(202);
      });
    });

    describe('text', () => {
      it('refuses control characters in the API bodies, naming the field', async () => {
        const before = await rowCounts(knex);
        const res = await api().post('/incidents', {
          entityRef: CHECKOUT,
          title: 'Checkout\u0000fails',
          description: 'Line one\r\nline two\u001b[31m',
          impact: 'high',
          urgency: 'high',
        });
        expect(res.status).toBe(400);
        expect(
          res.body.error.fields.map((f: { path: string }) => f.path),
        ).toEqual(['title', 'description']);
        expect(res.body.error.fields[0].message).toContain('U+0000 (NUL)');
        expect(res.body.error.fields[1].message).toContain('U+001B (escape)');
        expect(await rowCounts(knex)).toEqual(before);
      });

      it('keeps tab, newline and (in multi-line text) CRLF', async () => {
        const res = await api().post('/incidents', {
          entityRef: CHECKOUT,
          title: 'Checkout\tfails',
          description: 'Line one\r\nline two\nline three',
          impact: 'high',
          urgency: 'high',
        });
        expect(res.status).toBe(201);
        const stored = await api().get(`/incidents/${res.body.id}`);
        expect(stored.body.title).toBe('Checkout\tfails');
        expect(stored.body.description).toBe(
          'Line one\r\nline two\nline three',
        );
      });

      it('stores a lone surrogate as U+FFFD, read back alike on every database', async () => {
        const res = await api().post('/incidents', {
          entityRef: CHECKOUT,
          title: 'High \ud800 surrogate',
          description: 'Low \udc00 and a pair \ud83d\ude00',
          impact: 'high',
          urgency: 'high',
        });
        expect(res.status).toBe(201);
        const stored = await api().get(`/incidents/${res.body.id}`);
        expect(stored.body.title).toBe('High \ufffd surrogate');
        expect(stored.body.description).toBe(
          'Low \ufffd and a pair \ud83d\ude00',
        );
        const alert = await send().alertmanager(
          alertNotification({
            fingerprint: 'f00d0000000000cc',
            labels: { job: 'api\udfff' },
          }),
        );
        expect(alert.status).toBe(202);
        const events = await api().get(`/events?entityRef=${CHECKOUT}`);
        const event = events.body.items.find(
          (e: { fingerprint: string }) => e.fingerprint === 'f00d0000000000cc',
        );
        expect(event.labels.job).toBe('api\ufffd');
      });
    });
  },
);
