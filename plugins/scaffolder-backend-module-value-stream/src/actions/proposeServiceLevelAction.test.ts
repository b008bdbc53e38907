import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  errorBody,
  FakeValueStreamApi,
} from '../__testUtils__/fakeValueStreamApi';
import { createValueStreamProposeServiceLevelAction } from './proposeServiceLevelAction';

const targets = {
  P1: { responseMinutes: 15, resolutionMinutes: 240 },
  P2: { responseMinutes: 30, resolutionMinutes: 480 },
  P3: { responseMinutes: 240, resolutionMinutes: 2880 },
  P4: { responseMinutes: 480, resolutionMinutes: 7200 },
};

const config = mockServices.rootConfig({
  data: {
    app: { baseUrl: 'http://localhost:3000' },
    valueStream: {
      serviceLevelTiers: {
        gold: {
          name: 'Gold service level',
          availabilityTarget: 99.95,
          targets,
          slos: [{ name: 'Checkout latency', objectivePercent: 99 }],
        },
        silver: { availabilityTarget: 99.5, targets },
        Bronze: { availabilityTarget: 99, targets: { P1: targets.P1 } },
        broken: { name: 'Broken', targets },
      },
    },
  },
});

describe('valuestream:service-level:propose', () => {
  const api = new FakeValueStreamApi();
  const alice = mockCredentials.user('user:default/alice');
  const expectedToken = `Bearer ${mockCredentials.service.token({
    onBehalfOf: alice,
    targetPluginId: 'value-stream',
  })}`;

  beforeAll(() => api.start());
  afterAll(() => api.stop());
  beforeEach(() => {
    api.requests.length = 0;
  });

  const listPath =
    '/service-levels?entityRef=component%3Adefault%2Fgift-wrap-service&state=draft%2Cproposed%2Cagreed&limit=50';

  /** The API with no service level yet: list, create as draft, propose. */
  const freshApi = (id: string) => (req: { method: string; path: string }) => {
    if (req.method === 'GET') {
      return { status: 200, body: { items: [] } };
    }
    if (req.path === '/service-levels') {
      return { status: 201, body: { id, version: 1, state: 'draft' } };
    }
    return { status: 200, body: { id, version: 2, state: 'proposed' } };
  };

  const action = () =>
    createValueStreamProposeServiceLevelAction({
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      discovery: api.discovery(),
      config,
    });

  const context = (
    input: { tier: string; entityRef?: string; waitForEntityMs?: number },
    extra = {},
  ) => ({
    ...createMockActionContext({
      input: { entityRef: 'component:default/gift-wrap-service', ...input },
    }),
    getInitiatorCredentials: async () => alice,
    ...extra,
  });

  it('creates the service level from the tier and moves it to proposed', async () => {
    api.route = freshApi('sl-1');
    const ctx = context({ tier: 'gold' });
    await action().handler(ctx);

    expect(api.requests).toEqual([
      {
        method: 'GET',
        path: listPath,
        authorization: expectedToken,
        contentType: undefined,
        body: undefined,
      },
      {
        method: 'POST',
        path: '/service-levels',
        authorization: expectedToken,
        contentType: 'application/json',
        body: {
          entityRef: 'component:default/gift-wrap-service',
          name: 'Gold service level',
          tier: 'gold',
          availabilityTarget: 99.95,
          targets,
          slos: [{ name: 'Checkout latency', objectivePercent: 99 }],
        },
      },
      {
        method: 'POST',
        path: '/service-levels/sl-1/transitions',
        authorization: expectedToken,
        contentType: 'application/json',
        body: {
          to: 'proposed',
          version: 1,
          note: 'Proposed from tier gold by the software template',
        },
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('serviceLevelId', 'sl-1');
    expect(ctx.output).toHaveBeenCalledWith('state', 'proposed');
  });

  it('names the service level after the tier when config gives no name', async () => {
    api.route = freshApi('sl-2');
    await action().handler(context({ tier: 'silver' }));
    expect(api.requests[1].body).toMatchObject({
      name: 'Silver service level',
      tier: 'silver',
      availabilityTarget: 99.5,
      slos: [],
    });
  });

  it('fills the targets a tier does not set from the defaults, and matches tier names without case', async () => {
    api.route = freshApi('sl-5');
    await action().handler(context({ tier: 'bronze' }));
    expect(api.requests[1].body).toMatchObject({
      name: 'Bronze service level',
      tier: 'bronze',
      availabilityTarget: 99,
      targets: {
        P1: targets.P1,
        P2: { responseMinutes: 30, resolutionMinutes: 480 },
        P3: { responseMinutes: 240, resolutionMinutes: 4320 },
        P4: { responseMinutes: 480, resolutionMinutes: 7200 },
      },
    });
  });

  it('does not transition a service level the API already created as proposed', async () => {
    api.route = req =>
      req.method === 'GET'
        ? { status: 200, body: { items: [] } }
        : { status: 201, body: { id: 'sl-3', version: 1, state: 'proposed' } };
    const ctx = context({ tier: 'silver' });
    await action().handler(ctx);
    expect(api.requests).toHaveLength(2);
    expect(ctx.output).toHaveBeenCalledWith('state', 'proposed');
  });

  it('reuses a proposed service level of the same tier, as the backend proposes from the tier annotation', async () => {
    api.route = () => ({
      status: 200,
      body: {
        items: [
          { id: 'sl-old', version: 3, state: 'agreed', tier: 'gold' },
          { id: 'sl-tier', version: 1, state: 'proposed', tier: 'silver' },
        ],
      },
    });
    const ctx = context({ tier: 'silver' });
    await action().handler(ctx);
    expect(api.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      `GET ${listPath}`,
    ]);
    expect(ctx.output).toHaveBeenCalledWith('serviceLevelId', 'sl-tier');
    expect(ctx.output).toHaveBeenCalledWith('state', 'proposed');
  });

  it('proposes a draft service level of the same tier instead of creating one', async () => {
    api.route = req =>
      req.method === 'GET'
        ? {
            status: 200,
            body: {
              items: [
                { id: 'sl-d', version: 4, state: 'draft', tier: 'silver' },
              ],
            },
          }
        : { status: 200, body: { id: 'sl-d', version: 5, state: 'proposed' } };
    await action().handler(context({ tier: 'silver' }));
    expect(api.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      `GET ${listPath}`,
      'POST /service-levels/sl-d/transitions',
    ]);
    expect(api.requests[1].body).toMatchObject({ to: 'proposed', version: 4 });
  });

  it('waits for an entity the catalog does not know yet when asked to', async () => {
    let posts = 0;
    api.route = req => {
      if (req.method !== 'GET' && req.path === '/service-levels') {
        posts++;
        if (posts < 2) {
          return {
            status: 404,
            body: errorBody('NotFoundError', 'No catalog entity', 404),
          };
        }
      }
      return freshApi('sl-6')(req);
    };
    const ctx = context({ tier: 'gold', waitForEntityMs: 10_000 });
    await action().handler(ctx);
    expect(api.requests.map(r => r.method)).toEqual([
      'GET',
      'POST',
      'GET',
      'POST',
      'POST',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('serviceLevelId', 'sl-6');
  });

  it('rejects an unknown tier, naming the configured ones', async () => {
    await expect(
      action().handler(context({ tier: 'platinum' })),
    ).rejects.toThrow(
      'Unknown service level tier "platinum": valueStream.serviceLevelTiers defines gold, silver, Bronze, broken',
    );
    expect(api.requests).toHaveLength(0);
  });

  it('rejects a tier whose config lacks the availability target', async () => {
    await expect(action().handler(context({ tier: 'broken' }))).rejects.toThrow(
      /^Invalid service level tier valueStream.serviceLevelTiers.broken: availabilityTarget: /,
    );
    expect(api.requests).toHaveLength(0);
  });

  it('surfaces an illegal transition with the API message', async () => {
    api.route = req =>
      req.method === 'POST' && req.path !== '/service-levels'
        ? {
            status: 409,
            body: errorBody(
              'ConflictError',
              'Service level sl-4 cannot go from draft to proposed: version 1 is stale',
              409,
            ),
          }
        : freshApi('sl-4')(req);
    await expect(action().handler(context({ tier: 'gold' }))).rejects.toThrow(
      'Could not propose service level sl-4: Service level sl-4 cannot go from draft to proposed: version 1 is stale (409 ConflictError)',
    );
  });

  it('validates the tier in a dry run without calling the API', async () => {
    const ctx = context({ tier: 'gold' }, { isDryRun: true });
    await action().handler(ctx);
    expect(api.requests).toHaveLength(0);
    expect(ctx.output).toHaveBeenCalledWith(
      'serviceLevelId',
      'dry-run-service-level-id',
    );
    expect(ctx.output).toHaveBeenCalledWith('state', 'proposed');
    await expect(
      action().handler(context({ tier: 'platinum' }, { isDryRun: true })),
    ).rejects.toThrow(/Unknown service level tier/);
  });
});
