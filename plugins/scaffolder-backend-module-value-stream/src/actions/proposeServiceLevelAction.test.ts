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
        bronze: { availabilityTarget: 99, targets: { P1: targets.P1 } },
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
    api.route = req =>
      req.path === '/service-levels'
        ? { status: 201, body: { id: 'sl-1', version: 1, state: 'draft' } }
        : { status: 200, body: { id: 'sl-1', version: 2, state: 'proposed' } };
    const ctx = context({ tier: 'gold' });
    await action().handler(ctx);

    expect(api.requests).toEqual([
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
    api.route = req =>
      req.path === '/service-levels'
        ? { status: 201, body: { id: 'sl-2', version: 1, state: 'draft' } }
        : { status: 200, body: { id: 'sl-2', version: 2, state: 'proposed' } };
    await action().handler(context({ tier: 'silver' }));
    expect(api.requests[0].body).toMatchObject({
      name: 'Silver service level',
      tier: 'silver',
      availabilityTarget: 99.5,
      slos: [],
    });
  });

  it('does not transition a service level the API already created as proposed', async () => {
    api.route = () => ({
      status: 201,
      body: { id: 'sl-3', version: 1, state: 'proposed' },
    });
    const ctx = context({ tier: 'silver' });
    await action().handler(ctx);
    expect(api.requests).toHaveLength(1);
    expect(ctx.output).toHaveBeenCalledWith('state', 'proposed');
  });

  it('rejects an unknown tier, naming the configured ones', async () => {
    await expect(
      action().handler(context({ tier: 'platinum' })),
    ).rejects.toThrow(
      'Unknown service level tier "platinum": valueStream.serviceLevelTiers defines gold, silver, bronze',
    );
    expect(api.requests).toHaveLength(0);
  });

  it('rejects a tier whose config lacks targets', async () => {
    await expect(action().handler(context({ tier: 'bronze' }))).rejects.toThrow(
      /Invalid service level tier valueStream.serviceLevelTiers.bronze: targets.P2: Required/,
    );
    expect(api.requests).toHaveLength(0);
  });

  it('surfaces an illegal transition with the API message', async () => {
    api.route = req =>
      req.path === '/service-levels'
        ? { status: 201, body: { id: 'sl-4', version: 1, state: 'draft' } }
        : {
            status: 409,
            body: errorBody(
              'ConflictError',
              'Service level sl-4 cannot go from draft to proposed: version 1 is stale',
              409,
            ),
          };
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
