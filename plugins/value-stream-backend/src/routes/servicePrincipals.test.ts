import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { testDatabaseIds } from '../__testUtils__/databases';
import {
  ALICE,
  alice,
  apiOf,
  BASE,
  CART,
  CHECKOUT,
  RouteBackend,
  startRouteBackend,
} from '../__testUtils__/routeBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

const ALERTS = readFileSync(
  resolve(
    __dirname,
    '../ingest/mappers/__fixtures__/alertmanager-firing-resolved.json',
  ),
  'utf8',
);

/** A service token, as a static external access token or a plugin sends it. */
const serviceToken = (subject: string) =>
  mockCredentials.service.header({
    onBehalfOf: mockCredentials.service(subject),
    targetPluginId: 'value-stream',
  });

const integrations = serviceToken('external:alertmanager');
const scaffolder = serviceToken('plugin:scaffolder');
/** The scaffolder acting for the template's initiator: a user principal. */
const scaffolderForAlice = mockCredentials.service.header({
  onBehalfOf: mockCredentials.user(ALICE),
  targetPluginId: 'value-stream',
});

const NEW_RECORDS: Array<[string, Record<string, unknown>]> = [
  [
    'changes',
    {
      entityRef: CHECKOUT,
      title: 'From a pipeline',
      description: 'Nobody asked the board.',
      type: 'standard',
    },
  ],
  [
    'problems',
    { entityRef: CHECKOUT, title: 'From a pipeline', description: 'Why' },
  ],
  [
    'service-levels',
    {
      entityRef: CART,
      name: 'Made up',
      availabilityTarget: 90,
      targets: Object.fromEntries(
        ['P1', 'P2', 'P3', 'P4'].map(p => [
          p,
          { responseMinutes: 60, resolutionMinutes: 600 },
        ]),
      ),
    },
  ],
  ['releases', { entityRef: CART, releaseVersion: '9.9.9', title: 'From CI' }],
];

describe.each(databases.eachSupportedId())(
  'service principals on %s',
  databaseId => {
    describe('with the test policy, which allows every permission', () => {
      let backend: RouteBackend;
      let api: ReturnType<typeof apiOf>;

      beforeAll(async () => {
        backend = await startRouteBackend({
          knex: await databases.init(databaseId),
          config: { valueStream: { recordWriters: ['plugin:scaffolder'] } },
        });
        api = apiOf(backend.server);
      });

      afterAll(() => backend.stop());

      const count = async (collection: string) =>
        (await api.get(`/${collection}?limit=200`)).body.items.length;

      it.each(NEW_RECORDS)(
        'refuses the integrations token creating %s, and writes nothing',
        async (collection, body) => {
          const before = await count(collection);
          const res = await api.post(`/${collection}`, body, integrations);
          expect(res.status).toBe(403);
          expect(res.body.error.message).toBe(
            'Not allowed: the service external:alertmanager may not write records; valueStream.recordWriters does not name it',
          );
          expect(await count(collection)).toBe(before);
        },
      );

      it('refuses the integrations token editing and moving records, and mapping events', async () => {
        const change = (
          await api.post('/changes', { ...NEW_RECORDS[0][1], type: 'normal' })
        ).body;
        const incident = (
          await api.post('/incidents', {
            entityRef: CART,
            title: 'Down',
            description: '500s',
            impact: 'high',
            urgency: 'high',
          })
        ).body;
        for (const res of [
          await api.patch(
            `/changes/${change.id}`,
            { version: 1, title: 'Renamed' },
            integrations,
          ),
          await api.move('changes', change, 'scheduled', {}, integrations),
          await api.move(
            'incidents',
            incident,
            'acknowledged',
            {},
            integrations,
          ),
          await api.post(
            '/events/00000000-0000-4000-8000-000000000000/map',
            { entityRef: CART },
            integrations,
          ),
        ]) {
          expect(res.status).toBe(403);
        }
        expect((await api.get(`/changes/${change.id}`)).body.version).toBe(1);
        expect((await api.get(`/incidents/${incident.id}`)).body.state).toBe(
          'new',
        );
      });

      it('still takes Alertmanager deliveries with the same token', async () => {
        const res = await request(backend.server)
          .post(`${BASE}/ingest/alertmanager`)
          .set('Authorization', integrations)
          .set('Content-Type', 'application/json')
          .send(ALERTS);
        expect(res.status).toBe(202);
        expect(res.body.items.length).toBeGreaterThan(0);
      });

      it('refuses a delivery when the policy refuses the ingest permission', async () => {
        backend.denied.add('value-stream.event.ingest');
        try {
          const res = await request(backend.server)
            .post(`${BASE}/ingest/alertmanager`)
            .set('Authorization', integrations)
            .set('Content-Type', 'application/json')
            .send(ALERTS);
          expect(res.status).toBe(403);
        } finally {
          backend.denied.clear();
        }
      });

      it('lets the scaffolder write for the template initiator, and as itself when config names it', async () => {
        const forAlice = await api.post(
          '/changes',
          { ...NEW_RECORDS[0][1], type: 'normal' },
          scaffolderForAlice,
        );
        expect(forAlice.status).toBe(201);
        expect(forAlice.body).toMatchObject({
          requestedBy: ALICE,
          createdBy: ALICE,
        });
        const itself = await api.post(
          '/service-levels',
          NEW_RECORDS[2][1],
          scaffolder,
        );
        expect(itself.status).toBe(201);
        expect(itself.body.createdBy).toBe('plugin:scaffolder');
        const proposed = await api.move(
          'service-levels',
          itself.body,
          'proposed',
          {},
          scaffolder,
        );
        expect(proposed.status).toBe(200);
      });

      it('never lets a service decide on a change', async () => {
        const change = (
          await api.post(
            '/changes',
            { ...NEW_RECORDS[0][1], type: 'normal' },
            alice,
          )
        ).body;
        const res = await api.decide(change, 'approved', scaffolder);
        expect(res.status).toBe(403);
      });
    });

    describe('with a static token restricted to ingestion', () => {
      const TOKEN = 'integrations-token-0123456789';
      let backend: RouteBackend;

      beforeAll(async () => {
        backend = await startRouteBackend({
          knex: await databases.init(databaseId),
          realPermissions: true,
          features: [authServiceFactory, httpAuthServiceFactory],
          config: {
            permission: { enabled: true },
            backend: {
              auth: {
                externalAccess: [
                  {
                    type: 'static',
                    options: { token: TOKEN, subject: 'integrations' },
                    accessRestrictions: [
                      {
                        plugin: 'value-stream',
                        permission: 'value-stream.event.ingest',
                      },
                    ],
                  },
                ],
              },
            },
            // Even a token that config lets write is held to its restrictions.
            valueStream: { recordWriters: ['integrations'] },
          },
        });
      });

      afterAll(() => backend.stop());

      const call = () => request(backend.server);

      it('ingests Alertmanager deliveries', async () => {
        const res = await call()
          .post(`${BASE}/ingest/alertmanager`)
          .set('Authorization', `Bearer ${TOKEN}`)
          .set('Content-Type', 'application/json')
          .send(ALERTS);
        expect(res.status).toBe(202);
      });

      it.each(NEW_RECORDS)('refuses creating %s', async (collection, body) => {
        const res = await call()
          .post(`${BASE}/${collection}`)
          .set('Authorization', `Bearer ${TOKEN}`)
          .send(body);
        expect(res.status).toBe(403);
        // Refused by the token's restriction, not by recordWriters.
        expect(res.body.error.message).toMatch(
          /^Not allowed: value-stream\.[a-z-]+\.create on /,
        );
      });

      it('reads nothing either', async () => {
        const res = await call()
          .get(`${BASE}/board`)
          .set('Authorization', `Bearer ${TOKEN}`);
        expect(res.status).toBe(403);
        expect(res.body.error.message).toBe('Not allowed: value-stream.read');
      });
    });
  },
);
