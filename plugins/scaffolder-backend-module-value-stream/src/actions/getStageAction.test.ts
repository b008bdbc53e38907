import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  errorBody,
  FakeValueStreamApi,
} from '../__testUtils__/fakeValueStreamApi';
import { createValueStreamGetStageAction } from './getStageAction';

const summary = {
  entityRef: 'component:default/gift-wrap-service',
  stage: 'design',
  stageSince: '2026-01-05T10:00:00.000Z',
  checklist: [
    {
      id: 'owner',
      stage: 'demand',
      label: 'An owner',
      met: true,
      evidence: [],
      gap: false,
    },
    {
      id: 'proposing-change',
      stage: 'demand',
      label: 'A change that proposes the service',
      met: true,
      evidence: [],
      gap: false,
    },
    {
      id: 'agreed-service-level',
      stage: 'design',
      label: 'An agreed service level',
      met: false,
      evidence: [],
      gap: false,
    },
    {
      id: 'ready-release',
      stage: 'test',
      label: 'A release marked ready',
      met: false,
      evidence: [],
      gap: false,
    },
  ],
  serviceLevels: [],
  openChanges: [],
  recentReleases: [],
  latestDeployments: [],
  recentDeployments: [],
  openIncidents: [],
  openProblems: [],
};

describe('valuestream:stage:get', () => {
  const api = new FakeValueStreamApi();
  const alice = mockCredentials.user('user:default/alice');

  beforeAll(() => api.start());
  afterAll(() => api.stop());
  beforeEach(() => {
    api.requests.length = 0;
  });

  const action = () =>
    createValueStreamGetStageAction({
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      discovery: api.discovery(),
    });

  const context = (input: Record<string, unknown>, extra = {}) => ({
    ...createMockActionContext({
      input: { entityRef: 'component:default/gift-wrap-service', ...input },
    }),
    getInitiatorCredentials: async () => alice,
    ...extra,
  });

  it('reads the stage and summarises the checklist', async () => {
    api.route = () => ({ status: 200, body: summary });
    const ctx = context({});
    await action().handler(ctx);

    expect(api.requests).toEqual([
      {
        method: 'GET',
        path: '/entities/component/default/gift-wrap-service/summary',
        authorization: `Bearer ${mockCredentials.service.token({
          onBehalfOf: alice,
          targetPluginId: 'value-stream',
        })}`,
        contentType: undefined,
        body: undefined,
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('stage', 'design');
    expect(ctx.output).toHaveBeenCalledWith(
      'stageSince',
      '2026-01-05T10:00:00.000Z',
    );
    expect(ctx.output).toHaveBeenCalledWith('checklist', {
      total: 4,
      met: 2,
      gaps: 0,
      unmet: ['An agreed service level'],
    });
  });

  it('retries while the new entity is not found, up to waitForEntityMs', async () => {
    let calls = 0;
    api.route = () =>
      ++calls < 3
        ? {
            status: 404,
            body: errorBody('NotFoundError', 'No catalog entity', 404),
          }
        : { status: 200, body: summary };
    const ctx = context({ waitForEntityMs: 10_000 });
    await action().handler(ctx);
    expect(api.requests).toHaveLength(3);
    expect(ctx.output).toHaveBeenCalledWith('stage', 'design');
  });

  it('retries a 404 without a Backstage error body, as from a proxy', async () => {
    let calls = 0;
    api.route = () =>
      ++calls < 2
        ? { status: 404, body: undefined }
        : { status: 200, body: summary };
    const ctx = context({ waitForEntityMs: 10_000 });
    await action().handler(ctx);
    expect(api.requests).toHaveLength(2);
    expect(ctx.output).toHaveBeenCalledWith('stage', 'design');
  });

  it('gives up after waitForEntityMs with the API message', async () => {
    api.route = () => ({
      status: 404,
      body: errorBody(
        'NotFoundError',
        'No catalog entity component:default/gift-wrap-service',
        404,
      ),
    });
    const started = Date.now();
    await expect(
      action().handler(context({ waitForEntityMs: 600 })),
    ).rejects.toThrow(
      'Could not read the stage of component:default/gift-wrap-service: No catalog entity component:default/gift-wrap-service (404 NotFoundError)',
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(api.requests.length).toBeGreaterThan(1);
  });

  it('does not retry other errors', async () => {
    api.route = () => ({
      status: 403,
      body: errorBody(
        'NotAllowedError',
        'Not allowed to read value stream data',
        403,
      ),
    });
    await expect(
      action().handler(context({ waitForEntityMs: 10_000 })),
    ).rejects.toThrow(
      /Not allowed to read value stream data \(403 NotAllowedError\)/,
    );
    expect(api.requests).toHaveLength(1);
  });

  it('escapes the entity name in the path', async () => {
    api.route = () => ({
      status: 200,
      body: { ...summary, stageSince: undefined },
    });
    const ctx = context({ entityRef: 'resource:ops/search_cluster.eu' });
    await action().handler(ctx);
    expect(api.requests[0].path).toBe(
      '/entities/resource/ops/search_cluster.eu/summary',
    );
    expect(ctx.output).not.toHaveBeenCalledWith(
      'stageSince',
      expect.anything(),
    );
  });

  it('returns a plausible stage in a dry run without calling the API', async () => {
    const ctx = context({}, { isDryRun: true });
    await action().handler(ctx);
    expect(api.requests).toHaveLength(0);
    expect(ctx.output).toHaveBeenCalledWith('stage', 'demand');
  });
});
