import { ResponseError } from '@backstage/errors';
import { ValueStreamClient } from './ValueStreamClient';

function jsonResponse(status: number, body: unknown) {
  return {
    ok: status < 400,
    status,
    statusText: status < 400 ? 'OK' : 'Conflict',
    headers: {
      get: (key: string) =>
        key.toLowerCase() === 'content-type' ? 'application/json' : null,
    },
    json: async () => body,
    text: async () => JSON.stringify(body),
  } as unknown as Response;
}

describe('ValueStreamClient', () => {
  const discoveryApi = {
    getBaseUrl: jest.fn().mockResolvedValue('http://backend/api/value-stream'),
  };
  const fetch = jest.fn();
  const client = new ValueStreamClient({ discoveryApi, fetchApi: { fetch } });

  beforeEach(() => fetch.mockReset());

  it('gets the summary of an entity by kind, namespace and name', async () => {
    fetch.mockResolvedValue(jsonResponse(200, { stage: 'operate' }));
    await expect(
      client.getSummary('component:default/checkout'),
    ).resolves.toEqual({
      stage: 'operate',
    });
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('value-stream');
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/value-stream/entities/component/default/checkout/summary',
      { method: 'GET' },
    );
  });

  it('gets the stage history', async () => {
    fetch.mockResolvedValue(jsonResponse(200, []));
    await client.getHistory('system:shop/payments');
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/value-stream/entities/system/shop/payments/history',
    );
  });

  it('gets the board, or one column of it page by page', async () => {
    const board = {
      columns: [{ stage: 'build', total: 30, items: [], nextCursor: 'c2' }],
    };
    fetch.mockResolvedValue(jsonResponse(200, board));
    await expect(
      client.getBoard({ owner: 'group:default/team-a', system: undefined }),
    ).resolves.toEqual(board);
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/value-stream/board?owner=group%3Adefault%2Fteam-a',
    );
    await client.getBoard({ stage: 'build', cursor: 'c2', limit: 10 });
    expect(fetch.mock.calls[1][0]).toBe(
      'http://backend/api/value-stream/board?stage=build&cursor=c2&limit=10',
    );
  });

  it('sends list queries as query strings', async () => {
    fetch.mockResolvedValue(jsonResponse(200, { items: [] }));
    await client.listRecords('incidents', {
      entityRef: 'component:default/checkout',
      state: ['new', 'in_progress'],
      limit: 20,
    });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/value-stream/incidents?entityRef=component%3Adefault%2Fcheckout&state=new%2Cin_progress&limit=20',
    );
    await client.listEvents({ unmatched: true });
    expect(fetch.mock.calls[1][0]).toBe(
      'http://backend/api/value-stream/events?unmatched=true',
    );
    await client.listAwaitingMyApproval();
    expect(fetch.mock.calls[2][0]).toBe(
      'http://backend/api/value-stream/changes?awaitingApprovalBy=me',
    );
  });

  it('posts, patches and transitions records with JSON bodies', async () => {
    fetch.mockResolvedValue(jsonResponse(201, { id: 'inc-1' }));
    await client.createRecord('incidents', {
      entityRef: 'component:default/checkout',
      title: 'Down',
      description: 'It is down',
      impact: 'high',
      urgency: 'high',
    });
    expect(fetch.mock.calls[0][1]).toEqual({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        entityRef: 'component:default/checkout',
        title: 'Down',
        description: 'It is down',
        impact: 'high',
        urgency: 'high',
      }),
    });

    await client.updateRecord('service-levels', 'sl 1', {
      version: 2,
      name: 'Gold',
    });
    expect(fetch.mock.calls[1][0]).toBe(
      'http://backend/api/value-stream/service-levels/sl%201',
    );
    expect(fetch.mock.calls[1][1].method).toBe('PATCH');

    await client.transitionRecord('problems', 'prb-1', {
      to: 'investigating',
      version: 1,
    });
    expect(fetch.mock.calls[2][0]).toBe(
      'http://backend/api/value-stream/problems/prb-1/transitions',
    );

    await client.approve('chg-1', 'approved', 'Looks safe');
    expect(fetch.mock.calls[3][0]).toBe(
      'http://backend/api/value-stream/changes/chg-1/approvals',
    );
    expect(JSON.parse(fetch.mock.calls[3][1].body)).toEqual({
      decision: 'approved',
      comment: 'Looks safe',
    });

    await client.getRecord('changes', 'chg-1');
    expect(fetch.mock.calls[4][0]).toBe(
      'http://backend/api/value-stream/changes/chg-1',
    );
  });

  it('gets the impact analysis of an entity, with an optional depth', async () => {
    fetch.mockResolvedValue(
      jsonResponse(200, { entityRef: 'x', upstream: [], downstream: [] }),
    );
    await client.getImpact('component:default/checkout');
    expect(fetch.mock.calls[0]).toEqual([
      'http://backend/api/value-stream/entities/component/default/checkout/impact',
      { method: 'GET' },
    ]);
    await client.getImpact('resource:shop/db main', 5);
    expect(fetch.mock.calls[1][0]).toBe(
      'http://backend/api/value-stream/entities/resource/shop/db%20main/impact?depth=5',
    );
  });

  it('gets the assets overview with an optional expiry window', async () => {
    fetch.mockResolvedValue(jsonResponse(200, { assets: [] }));
    await client.getAssets();
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/value-stream/assets',
    );
    await client.getAssets(30);
    expect(fetch.mock.calls[1]).toEqual([
      'http://backend/api/value-stream/assets?expiringWithinDays=30',
      { method: 'GET' },
    ]);
  });

  it('gets metrics for an entity, a system or an owner', async () => {
    fetch.mockResolvedValue(jsonResponse(200, {}));
    await client.getMetrics({ entityRef: 'component:default/checkout' });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/value-stream/metrics?entityRef=component%3Adefault%2Fcheckout',
    );
    await client.getMetrics({
      system: 'system:default/shop',
      from: '2025-01-01T00:00:00.000Z',
      to: '2025-04-01T00:00:00.000Z',
      bucket: 'month',
    });
    expect(fetch.mock.calls[1][0]).toBe(
      'http://backend/api/value-stream/metrics?system=system%3Adefault%2Fshop&from=2025-01-01T00%3A00%3A00.000Z&to=2025-04-01T00%3A00%3A00.000Z&bucket=month',
    );
    await client.getMetrics({ owner: 'group:default/team-a', bucket: 'day' });
    expect(fetch.mock.calls[2][0]).toBe(
      'http://backend/api/value-stream/metrics?owner=group%3Adefault%2Fteam-a&bucket=day',
    );
  });

  it('lists the SLOs of an entity or across services', async () => {
    fetch.mockResolvedValue(jsonResponse(200, { items: [] }));
    await client.listSlos();
    expect(fetch.mock.calls[0]).toEqual([
      'http://backend/api/value-stream/slos',
      { method: 'GET' },
    ]);
    await client.listSlos({
      entityRef: 'component:default/checkout',
      sort: 'remainingBudget',
      order: 'desc',
      limit: 10,
    });
    expect(fetch.mock.calls[1][0]).toBe(
      'http://backend/api/value-stream/slos?entityRef=component%3Adefault%2Fcheckout&sort=remainingBudget&order=desc&limit=10',
    );
  });

  it('maps an event to an entity', async () => {
    fetch.mockResolvedValue(jsonResponse(200, { id: 'evt 1' }));
    await client.mapEvent('evt 1', 'component:default/checkout');
    expect(fetch.mock.calls[0]).toEqual([
      'http://backend/api/value-stream/events/evt%201/map',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ entityRef: 'component:default/checkout' }),
      },
    ]);
  });

  it('throws a ResponseError carrying the backend message on a bad status', async () => {
    fetch.mockResolvedValue(
      jsonResponse(409, {
        error: {
          name: 'ConflictError',
          message: 'Cannot move a closed change',
        },
        response: { statusCode: 409 },
      }),
    );
    const error = await client
      .transitionRecord('changes', 'chg-1', { to: 'implement', version: 3 })
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(409);
    expect(error.cause.message).toBe('Cannot move a closed change');
  });
});
