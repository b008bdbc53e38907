import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  errorBody,
  FakeValueStreamApi,
} from '../__testUtils__/fakeValueStreamApi';
import { createValueStreamChangeAction } from './createChangeAction';

describe('valuestream:change:create', () => {
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
    createValueStreamChangeAction({
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      discovery: api.discovery(),
      config: mockServices.rootConfig({
        data: { app: { baseUrl: 'http://portal.example.com/' } },
      }),
    });

  // createMockActionContext takes no isDryRun or credentials: set them after.
  const context = (input: Record<string, unknown>, extra = {}) => ({
    ...createMockActionContext({
      input: {
        entityRef: 'component:default/gift-wrap-service',
        title: 'Introduce gift-wrap-service',
        description: 'A new service that wraps gifts',
        ...input,
      },
    }),
    getInitiatorCredentials: async () => alice,
    ...extra,
  });

  it('opens a change that proposes the service, on behalf of the initiator', async () => {
    api.route = () => ({
      status: 201,
      body: { id: 'chg-1', state: 'new', version: 1 },
    });
    const ctx = context({});
    await action().handler(ctx);

    expect(api.requests).toEqual([
      {
        method: 'POST',
        path: '/changes',
        authorization: expectedToken,
        contentType: 'application/json',
        body: {
          entityRef: 'component:default/gift-wrap-service',
          title: 'Introduce gift-wrap-service',
          description: 'A new service that wraps gifts',
          type: 'normal',
          proposesService: true,
        },
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('changeId', 'chg-1');
    expect(ctx.output).toHaveBeenCalledWith(
      'changeUrl',
      'http://portal.example.com/catalog/default/component/gift-wrap-service/value-stream',
    );
  });

  it('passes type, proposesService and the planned window', async () => {
    api.route = () => ({ status: 201, body: { id: 'chg-2', state: 'new' } });
    await action().handler(
      context({
        entityRef: 'Component:payments/Ledger',
        type: 'standard',
        proposesService: false,
        plannedStart: '2026-03-02T09:00:00+01:00',
        plannedEnd: '2026-03-02T10:00:00Z',
      }),
    );
    expect(api.requests[0].body).toEqual({
      entityRef: 'component:payments/ledger',
      title: 'Introduce gift-wrap-service',
      description: 'A new service that wraps gifts',
      type: 'standard',
      proposesService: false,
      plannedStart: '2026-03-02T08:00:00.000Z',
      plannedEnd: '2026-03-02T10:00:00.000Z',
    });
  });

  it('opens a standard change from a model named by id', async () => {
    const id = '6f1c2a8e-1d2b-4c3d-9e4f-5a6b7c8d9e0f';
    api.route = () => ({ status: 201, body: { id: 'chg-3', state: 'new' } });
    await action().handler(
      context({ standardChangeModel: id, proposesService: false }),
    );
    expect(api.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'POST /changes',
    ]);
    expect(api.requests[0].body).toMatchObject({
      type: 'standard',
      standardChangeModelId: id,
      proposesService: false,
    });
  });

  it('finds a model by name among those that cover the entity', async () => {
    const models = {
      items: [
        { id: 'm-1', name: 'Patch the runtime' },
        { id: 'm-2', name: 'Rotate credentials through the vault' },
      ],
    };
    api.route = req =>
      req.method === 'GET'
        ? { status: 200, body: models }
        : { status: 201, body: { id: 'chg-4', state: 'new' } };
    await action().handler(
      context({ standardChangeModel: 'rotate CREDENTIALS through the vault' }),
    );
    expect(api.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'GET /standard-change-models?entityRef=component%3Adefault%2Fgift-wrap-service&limit=200',
      'POST /changes',
    ]);
    expect(api.requests[1].body).toMatchObject({
      type: 'standard',
      standardChangeModelId: 'm-2',
    });

    api.requests.length = 0;
    const error = await action()
      .handler(context({ standardChangeModel: 'Reboot the world' }))
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toBe(
      'No approved standard-change model named "Reboot the world" covers component:default/gift-wrap-service; the ones that do: "Patch the runtime", "Rotate credentials through the vault"',
    );
    expect(api.requests.map(r => r.method)).toEqual(['GET']);
  });

  it.each([
    [
      400,
      'InputError',
      'Invalid change: title: Too long',
      'Could not create the change for component:default/gift-wrap-service: Invalid change: title: Too long (400 InputError)',
    ],
    [
      403,
      'NotAllowedError',
      'You may not open changes for this entity',
      'Could not create the change for component:default/gift-wrap-service: You may not open changes for this entity (403 NotAllowedError)',
    ],
    [
      409,
      'ConflictError',
      'A proposing change is already open',
      'Could not create the change for component:default/gift-wrap-service: A proposing change is already open (409 ConflictError)',
    ],
  ])(
    'surfaces a %s with the API message',
    async (status, name, message, expected) => {
      api.route = () => ({ status, body: errorBody(name, message, status) });
      const error = await action()
        .handler(context({}))
        .catch(e => e);
      expect(error.name).toBe(name);
      expect(error.message).toBe(expected);
    },
  );

  it('surfaces an error body that is not JSON', async () => {
    api.route = () => ({ status: 500, body: undefined });
    await expect(action().handler(context({}))).rejects.toThrow(
      /Could not create the change for component:default\/gift-wrap-service: .*\(500/,
    );
  });

  it.each([
    [
      { entityRef: 'gift-wrap-service' },
      /Invalid entityRef "gift-wrap-service"/,
    ],
    [{ title: '   ' }, /Invalid change: title:/],
    [
      {
        plannedStart: '2026-03-02T10:00:00Z',
        plannedEnd: '2026-03-02T09:00:00Z',
      },
      /Invalid change: plannedEnd: Must be after plannedStart/,
    ],
    [{ plannedStart: 'tomorrow' }, /Invalid change: plannedStart:/],
  ])('rejects bad input %j before calling the API', async (input, message) => {
    await expect(action().handler(context(input))).rejects.toThrow(message);
    expect(api.requests).toHaveLength(0);
  });

  it('validates and returns plausible output in a dry run, without calling the API', async () => {
    const ctx = context({}, { isDryRun: true });
    await action().handler(ctx);
    expect(api.requests).toHaveLength(0);
    expect(ctx.output).toHaveBeenCalledWith('changeId', 'dry-run-change-id');
    expect(ctx.output).toHaveBeenCalledWith(
      'changeUrl',
      'http://portal.example.com/catalog/default/component/gift-wrap-service/value-stream',
    );
    await expect(
      action().handler(context({ title: '' }, { isDryRun: true })),
    ).rejects.toThrow(/Invalid change: title/);
  });

  it('waits for an entity the catalog does not know yet when asked to', async () => {
    let calls = 0;
    api.route = () =>
      ++calls < 3
        ? {
            status: 404,
            body: errorBody('NotFoundError', 'No catalog entity', 404),
          }
        : { status: 201, body: { id: 'chg-3', state: 'new' } };
    const ctx = context({ waitForEntityMs: 10_000 });
    await action().handler(ctx);
    expect(api.requests).toHaveLength(3);
    expect(ctx.output).toHaveBeenCalledWith('changeId', 'chg-3');
  });

  it('does not retry a 404 without waitForEntityMs', async () => {
    api.route = () => ({
      status: 404,
      body: errorBody(
        'NotFoundError',
        'No catalog entity component:default/gift-wrap-service',
        404,
      ),
    });
    await expect(action().handler(context({}))).rejects.toThrow(
      'Could not create the change for component:default/gift-wrap-service: No catalog entity component:default/gift-wrap-service (404 NotFoundError)',
    );
    expect(api.requests).toHaveLength(1);
  });
});
