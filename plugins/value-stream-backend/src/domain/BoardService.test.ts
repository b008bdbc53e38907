import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  boardQuerySchema,
  STAGES,
  type Board,
  type BoardItem,
  type RequestBody,
} from '@valuestream/plugin-value-stream-common';
import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ValueStreamStore } from '../database/ValueStreamStore';
import { testDatabaseIds } from '../__testUtils__/databases';
import { aliceContext } from '../__testUtils__/requestContext';
import {
  newChange,
  newDeployment,
  newIncident,
} from '../__testUtils__/records';
import { BoardService } from './BoardService';
import { CatalogGateway } from './CatalogGateway';
import type { RequestContext } from './RequestContext';
import { readValueStreamSettings } from '../settings';
import { StageService } from './StageService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });
const ALICE = 'user:default/alice';

function component(
  name: string,
  owner: string,
  extra: { system?: string; title?: string } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      ...(extra.title ? { title: extra.title } : {}),
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner,
      ...(extra.system ? { system: extra.system } : {}),
    },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/${owner}` },
      ...(extra.system
        ? [{ type: 'partOf', targetRef: `system:default/${extra.system}` }]
        : []),
    ],
  };
}

const checkout = component('checkout', 'team-a', {
  system: 'payments',
  title: 'Checkout',
});
const cart = component('cart', 'team-b');
const search = component('search', 'team-b', { system: 'discovery' });

async function setup(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const store = await ValueStreamStore.create({
    database: mockServices.database({ knex }),
  });
  const settings = readValueStreamSettings(mockServices.rootConfig());
  const gateway = (entities: Entity[]) =>
    CatalogGateway.create({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
    });
  const stages = (entities: Entity[]) =>
    StageService.create({
      store,
      catalog: gateway(entities),
      settings,
      logger: mockServices.logger.mock(),
    });
  const board = (entities: Entity[]) =>
    BoardService.create({ store, catalog: gateway(entities), settings });
  return { store, stages, board };
}

/** The board as the API returns it, the query's defaults applied. */
async function readBoard(
  board: BoardService,
  query: RequestBody<typeof boardQuerySchema>,
  ctx: RequestContext,
): Promise<Board> {
  return JSON.parse(
    await board.getBoardJson(boardQuerySchema.parse(query), ctx),
  );
}

/** The items of every column of the board. */
async function read(
  board: BoardService,
  query: RequestBody<typeof boardQuerySchema>,
  ctx: RequestContext,
): Promise<BoardItem[]> {
  const { columns } = await readBoard(board, query, ctx);
  return columns.flatMap(column => column.items);
}

describe.each(databases.eachSupportedId())('BoardService on %s', databaseId => {
  it('reads services, facts and open work from the stored stages', async () => {
    const { store, stages, board } = await setup(databaseId);
    const catalog = [checkout, cart, search];
    await store.records.create(
      'change',
      newChange({ entityRef: 'component:default/checkout' }),
      { actor: ALICE },
    );
    const incident = await store.records.create(
      'incident',
      newIncident({ entityRef: 'component:default/checkout' }),
      { actor: ALICE },
    );
    await store.sla.markBreaches(
      [{ id: incident.id, responseBreached: true }],
      { at: new Date().toISOString() },
    );
    await store.records.create(
      'deployment',
      newDeployment({
        entityRef: 'component:default/cart',
        deployedVersion: '2.4.0',
      }),
      { actor: ALICE },
    );
    await stages(catalog).recomputeAll();

    const items = await read(board(catalog), {}, aliceContext('all'));
    expect(items.map(i => i.entityRef).sort()).toEqual([
      'component:default/cart',
      'component:default/checkout',
      'component:default/search',
    ]);
    expect(
      items.find(i => i.entityRef === 'component:default/checkout'),
    ).toMatchObject({
      title: 'Checkout',
      kind: 'Component',
      owner: 'team-a',
      system: 'payments',
      lifecycle: 'production',
      openChanges: 1,
      openIncidents: 1,
      breachedIncidents: 1,
    });
    expect(
      items.find(i => i.entityRef === 'component:default/cart'),
    ).toMatchObject({ productionVersion: '2.4.0', openChanges: 0 });

    const byOwner = await read(
      board(catalog),
      { owner: 'team-b' },
      aliceContext('all'),
    );
    expect(byOwner.map(i => i.entityRef).sort()).toEqual([
      'component:default/cart',
      'component:default/search',
    ]);
    const bySystem = await read(
      board(catalog),
      { system: 'system:default/discovery' },
      aliceContext('all'),
    );
    expect(bySystem.map(i => i.entityRef)).toEqual([
      'component:default/search',
    ]);
  });

  it('follows the catalog: facts change and entities that leave are dropped', async () => {
    const { stages, board } = await setup(databaseId);
    await stages([checkout, cart, search]).recomputeAll();

    const moved = component('cart', 'team-c', { title: 'Basket' });
    const result = await stages([checkout, moved]).recomputeAll();
    expect(result.removed).toBe(1);

    const items = await read(board([checkout, moved]), {}, aliceContext('all'));
    expect(items.map(i => [i.entityRef, i.title, i.owner])).toEqual(
      expect.arrayContaining([
        ['component:default/cart', 'Basket', 'team-c'],
        ['component:default/checkout', 'Checkout', 'team-a'],
      ]),
    );
    expect(items).toHaveLength(2);
  });

  it('reads facts from the catalog for stages stored without them', async () => {
    const { store, board } = await setup(databaseId);
    const at = new Date().toISOString();
    await store.stages.record('component:default/checkout', {
      stage: 'build',
      at,
      gaps: 0,
    });
    await store.stages.record('component:default/gone', {
      stage: 'build',
      at,
      gaps: 0,
    });
    const items = await read(board([checkout]), {}, aliceContext('all'));
    expect(items).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/checkout',
        title: 'Checkout',
        owner: 'team-a',
        stage: 'build',
      }),
    ]);
  });

  it('lets the catalog decide under a conditional read policy', async () => {
    const { stages, board } = await setup(databaseId);
    await stages([checkout, cart, search]).recomputeAll();
    // The catalog answers the caller with the entities its conditions allow.
    const visibleToAlice = [checkout];
    const items = await read(
      board(visibleToAlice),
      {},
      aliceContext('conditional'),
    );
    expect(items.map(i => i.entityRef)).toEqual(['component:default/checkout']);
    const hidden = await readBoard(
      board(visibleToAlice),
      {},
      aliceContext('none'),
    );
    expect(hidden.columns.map(c => [c.stage, c.total, c.items])).toEqual(
      STAGES.map(stage => [stage, 0, []]),
    );
  });

  it('pages each stage column in title order, with its total', async () => {
    const { stages, board } = await setup(databaseId);
    const catalog = ['d', 'b', 'e', 'a', 'c'].map(name =>
      component(name, 'team-a', { title: `Service ${name.toUpperCase()}` }),
    );
    await stages(catalog).recomputeAll();
    const ctx = aliceContext('all');

    const first = await readBoard(board(catalog), { limit: 2 }, ctx);
    expect(first.columns.map(c => c.stage)).toEqual([...STAGES]);
    const operate = first.columns.find(c => c.stage === 'operate')!;
    expect(operate.total).toBe(5);
    expect(operate.items.map(i => i.title)).toEqual(['Service A', 'Service B']);
    expect(first.columns.filter(c => c.stage !== 'operate')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ total: 0, items: [] }),
      ]),
    );

    const titles = operate.items.map(i => i.title);
    let cursor = operate.nextCursor;
    while (cursor) {
      const next = await readBoard(
        board(catalog),
        { stage: 'operate', cursor, limit: 2 },
        ctx,
      );
      expect(next.columns).toHaveLength(1);
      expect(next.columns[0].total).toBe(5);
      titles.push(...next.columns[0].items.map(i => i.title));
      cursor = next.columns[0].nextCursor;
    }
    expect(titles).toEqual(['A', 'B', 'C', 'D', 'E'].map(l => `Service ${l}`));

    await expect(
      readBoard(board(catalog), { stage: 'operate', cursor: 'nonsense' }, ctx),
    ).rejects.toThrow(InputError);
  });
});
