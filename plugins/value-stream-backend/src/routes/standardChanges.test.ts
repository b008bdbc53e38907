import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import type {
  ChangeRecord,
  StandardChangeModel,
} from '@valuestream/plugin-value-stream-common';
import type { Knex } from 'knex';
import {
  as,
  CHECKOUT,
  LEDGER,
  PAYMENTS,
  PEOPLE,
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

const MODEL = {
  name: 'Rotate the TLS certificate',
  description: 'Install the renewed certificate and reload.',
  scope: { kinds: ['Component'] },
  riskCeiling: 'medium',
  expiresAt: '2099-01-01T00:00:00Z',
  reviewAt: '2098-01-01T00:00:00Z',
};

describe.each(databases.eachSupportedId())(
  'standard changes on %s',
  databaseId => {
    let backend: RouteBackend;
    let knex: Knex;
    let api: ReturnType<typeof apiOf>;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await startRouteBackend({
        knex,
        config: policyConfig(),
        entities: POLICY_TEST_ENTITIES,
        features: [userInfoWithGroups()],
      });
      api = apiOf(backend.server);
    });

    afterAll(() => backend.stop());
    afterEach(() => backend.denied.clear());

    const propose = async (body: Record<string, unknown> = {}) => {
      const res = await api.post('/standard-change-models', {
        ...MODEL,
        ...body,
      });
      expect(res.status).toBe(201);
      return res.body as StandardChangeModel;
    };

    const approve = async (model: StandardChangeModel, person = 'bob') => {
      const res = await api.post(
        `/standard-change-models/${model.id}/transitions`,
        { to: 'approved', version: model.version },
        as(person as 'bob'),
      );
      expect(res.status).toBe(200);
      return res.body as StandardChangeModel;
    };

    const approved = async (body: Record<string, unknown> = {}) =>
      approve(await propose(body));

    const standard = (body: Record<string, unknown>) =>
      api.post('/changes', {
        entityRef: CHECKOUT,
        title: 'Rotate the certificate',
        description: 'The yearly rotation.',
        type: 'standard',
        ...WINDOW,
        ...body,
      });

    it('refuses a standard change without a model, naming the field', async () => {
      const res = await standard({});
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([
        {
          path: 'standardChangeModelId',
          message:
            'Required for a standard change: name an approved standard-change model that covers the service',
        },
      ]);
    });

    it('accepts a standard change from a model in scope, pre-authorized', async () => {
      const model = await approved({
        scope: { systems: ['system:default/shop'] },
      });
      const res = await standard({ standardChangeModelId: model.id });
      expect(res.status).toBe(201);
      const change: ChangeRecord = res.body;
      expect(change).toMatchObject({
        type: 'standard',
        state: 'new',
        standardChangeModelId: model.id,
        riskLevel: 'low',
      });
      const status = await api.get(`/changes/${change.id}/approval-status`);
      expect(status.body).toMatchObject({
        preAuthorized: true,
        complete: true,
        requirements: [],
      });
      // Straight to scheduled: nobody decides on it.
      const scheduled = await api.move('changes', change, 'scheduled');
      expect(scheduled.status).toBe(200);
      const implement = await api.move('changes', scheduled.body, 'implement');
      expect(implement.status).toBe(200);
      expect((await api.decide(change, 'approved', as('bob'))).status).toBe(
        409,
      );
    });

    it.each([
      [
        'its kind',
        { kinds: ['resource'] },
        /its kind component is not one of resource$/,
      ],
      [
        'its system',
        { systems: ['system:default/money'] },
        /its system system:default\/shop is not one of system:default\/money$/,
      ],
      [
        'its owner',
        { owners: ['group:default/team-b'] },
        /its owner group:default\/team-a is not one of group:default\/team-b$/,
      ],
    ])('refuses a change outside the scope: %s', async (_, scope, message) => {
      const model = await approved({ scope });
      const res = await standard({ standardChangeModelId: model.id });
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([
        { path: 'entityRef', message: expect.stringMatching(message) },
      ]);
    });

    it('applies a scope of kinds, systems and owners to the entity it covers', async () => {
      const model = await approved({
        scope: { kinds: ['resource'], owners: [TEAM_A] },
      });
      const res = await standard({
        entityRef: LEDGER,
        standardChangeModelId: model.id,
      });
      expect(res.status).toBe(201);
    });

    it('refuses an expired, a proposed, a retired and an unknown model', async () => {
      const expired = await approved();
      await knex('vs_standard_change_models')
        .where('id', expired.id)
        .update({ expires_at: '2020-01-01T00:00:00.000Z' });
      const proposed = await propose();
      const retired = await approved();
      const retire = await api.post(
        `/standard-change-models/${retired.id}/transitions`,
        { to: 'retired', version: retired.version, note: 'Automated now' },
        as('bob'),
      );
      expect(retire.status).toBe(200);
      for (const [id, message] of [
        [expired.id, /expired at 2020-01-01T00:00:00.000Z$/],
        [proposed.id, /is proposed, not approved$/],
        [retired.id, /is retired, not approved$/],
        ['00000000-0000-4000-8000-000000000000', /^No standard-change model/],
      ] as const) {
        const res = await standard({ standardChangeModelId: id });
        expect(res.status).toBe(400);
        expect(res.body.error.fields).toEqual([
          {
            path: 'standardChangeModelId',
            message: expect.stringMatching(message),
          },
        ]);
      }
    });

    it('refuses a change whose risk is above the model’s ceiling', async () => {
      const model = await approved({ riskCeiling: 'low' });
      const res = await standard({
        entityRef: PAYMENTS,
        standardChangeModelId: model.id,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([
        {
          path: 'standardChangeModelId',
          message: expect.stringMatching(
            /^The change's risk \(medium\) is above the risk ceiling of the standard-change model "Rotate the TLS certificate" \(low\)/,
          ),
        },
      ]);
    });

    it('refuses a model for a normal change', async () => {
      const model = await approved();
      const res = await standard({
        type: 'normal',
        standardChangeModelId: model.id,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].path).toBe('standardChangeModelId');
    });

    it('keeps a standard change within its model when an edit rescores it and when it is scheduled', async () => {
      const model = await approved({
        scope: { systems: ['system:default/money'] },
      });
      const fail = async () => {
        let change: ChangeRecord = (
          await standard({
            entityRef: PAYMENTS,
            standardChangeModelId: model.id,
          })
        ).body;
        for (const [to, extra] of [
          ['scheduled', {}],
          ['implement', {}],
          ['failed', { note: 'Rolled back' }],
        ] as const) {
          change = (await api.move('changes', change, to, extra)).body;
        }
        expect(change.state).toBe('failed');
      };
      const waiting: ChangeRecord = (
        await standard({ entityRef: PAYMENTS, standardChangeModelId: model.id })
      ).body;
      expect(waiting.riskLevel).toBe('medium');
      // Two recent failures raise the next score of the service by 16.
      await fail();
      await fail();
      const edit = await api.patch(`/changes/${waiting.id}`, {
        version: waiting.version,
        plannedEnd: '2030-03-01T11:30:00.000Z',
      });
      expect(edit.status).toBe(400);
      expect(edit.body.error.message).toMatch(
        /standardChangeModelId: The change's risk \(high\) is above the risk ceiling/,
      );

      // Retiring the model stops what it had not yet let through.
      const other = await approved();
      const pending: ChangeRecord = (
        await standard({ standardChangeModelId: other.id })
      ).body;
      const current = (await api.get(`/standard-change-models/${other.id}`))
        .body;
      await api.post(
        `/standard-change-models/${other.id}/transitions`,
        { to: 'retired', version: current.version },
        as('bob'),
      );
      const schedule = await api.move('changes', pending, 'scheduled');
      expect(schedule.status).toBe(400);
      expect(schedule.body.error.fields).toEqual([
        {
          path: 'standardChangeModelId',
          message: expect.stringMatching(/is retired, not approved$/),
        },
      ]);
    });

    it('walks a model through proposal, approval, edit and retirement, with history', async () => {
      const model = await propose();
      expect(model).toMatchObject({
        state: 'proposed',
        proposedBy: PEOPLE.alice.ref,
        scope: { kinds: ['component'], systems: [], owners: [] },
      });
      const own = await api.post(
        `/standard-change-models/${model.id}/transitions`,
        { to: 'approved', version: model.version },
      );
      expect(own.status).toBe(403);
      expect(own.body.error.message).toMatch(
        /nobody approves a model they proposed or last changed/,
      );
      const ok = await approve(model);
      expect(ok).toMatchObject({
        state: 'approved',
        approvedBy: PEOPLE.bob.ref,
      });

      // Bob widens it: back to proposed, and Bob cannot approve his own edit.
      const wider = await api.patch(
        `/standard-change-models/${model.id}`,
        {
          version: ok.version,
          scope: { kinds: ['component', 'resource'] },
        },
        as('bob'),
      );
      expect(wider.status).toBe(200);
      expect(wider.body).toMatchObject({
        state: 'proposed',
        proposedBy: PEOPLE.bob.ref,
      });
      expect(wider.body.approvedBy).toBeUndefined();
      expect(
        (
          await api.post(
            `/standard-change-models/${model.id}/transitions`,
            { to: 'approved', version: wider.body.version },
            as('bob'),
          )
        ).status,
      ).toBe(403);
      const again = await approve(wider.body, 'carol');
      const renamed = await api.patch(`/standard-change-models/${model.id}`, {
        version: again.version,
        name: 'Rotate certificates',
      });
      expect(renamed.body.state).toBe('approved');
      const retired = await api.post(
        `/standard-change-models/${model.id}/transitions`,
        { to: 'retired', version: renamed.body.version, note: 'Automated' },
        as('carol'),
      );
      expect(retired.status).toBe(200);

      const history = (await api.get(`/standard-change-models/${model.id}`))
        .body.history;
      expect(
        history.map((h: { from: string; to: string; by: string }) => [
          h.from,
          h.to,
          h.by,
        ]),
      ).toEqual([
        [null, 'proposed', PEOPLE.alice.ref],
        ['proposed', 'approved', PEOPLE.bob.ref],
        ['approved', 'proposed', PEOPLE.bob.ref],
        ['proposed', 'approved', PEOPLE.carol.ref],
        ['approved', 'approved', PEOPLE.alice.ref],
        ['approved', 'retired', PEOPLE.carol.ref],
      ]);
      expect(history[2]).toMatchObject({
        note: expect.stringMatching(/^Back to proposed: scope changed/),
        changes: [
          {
            field: 'scope',
            before: { kinds: ['component'], systems: [], owners: [] },
            after: {
              kinds: ['component', 'resource'],
              systems: [],
              owners: [],
            },
          },
        ],
      });
      expect(history[5].note).toBe('Automated');

      const edit = await api.patch(`/standard-change-models/${model.id}`, {
        version: retired.body.version,
        name: 'Again',
      });
      expect(edit.status).toBe(409);
    });

    it('lists the models, by state and those that apply to an entity', async () => {
      const forMoney = await approved({
        scope: { systems: ['system:default/money'] },
      });
      const proposal = await propose({
        scope: { systems: ['system:default/money'] },
      });
      const byState = await api.get(
        '/standard-change-models?state=proposed&limit=200',
      );
      expect(byState.status).toBe(200);
      const ids = byState.body.items.map((m: StandardChangeModel) => m.id);
      expect(ids).toContain(proposal.id);
      expect(ids).not.toContain(forMoney.id);

      const applicable = await api.get(
        `/standard-change-models?entityRef=${encodeURIComponent(
          PAYMENTS,
        )}&limit=200`,
      );
      const usable = applicable.body.items.map(
        (m: StandardChangeModel) => m.id,
      );
      expect(usable).toContain(forMoney.id);
      expect(usable).not.toContain(proposal.id);
      const forCheckout = await api.get(
        `/standard-change-models?entityRef=${encodeURIComponent(
          CHECKOUT,
        )}&limit=200`,
      );
      expect(
        forCheckout.body.items.map((m: StandardChangeModel) => m.id),
      ).not.toContain(forMoney.id);
    });

    it('checks the propose and approve permissions, and only a user approves', async () => {
      backend.denied.add('value-stream.standard-change-model.propose');
      const refused = await api.post('/standard-change-models', MODEL);
      expect(refused.status).toBe(403);
      backend.denied.clear();

      const model = await propose();
      backend.denied.add('value-stream.standard-change-model.approve');
      const notAuthority = await api.post(
        `/standard-change-models/${model.id}/transitions`,
        { to: 'approved', version: model.version },
        as('bob'),
      );
      expect(notAuthority.status).toBe(403);
      backend.denied.clear();
      const service = await api.post(
        `/standard-change-models/${model.id}/transitions`,
        { to: 'approved', version: model.version },
        mockCredentials.service.header(),
      );
      expect(service.status).toBe(403);
      expect(service.body.error.message).toBe(
        'Only a user approves or retires a standard-change model',
      );

      const invalid = await api.post('/standard-change-models', {
        ...MODEL,
        scope: {},
        reviewAt: '2099-06-01T00:00:00Z',
      });
      expect(invalid.status).toBe(400);
      expect(
        invalid.body.error.fields.map((f: { path: string }) => f.path).sort(),
      ).toEqual(['scope']);
      const past = await api.post('/standard-change-models', {
        ...MODEL,
        expiresAt: '2020-01-01T00:00:00Z',
        reviewAt: '2019-01-01T00:00:00Z',
      });
      expect(past.status).toBe(400);
      expect(past.body.error.fields[0].path).toBe('expiresAt');
    });
  },
);
