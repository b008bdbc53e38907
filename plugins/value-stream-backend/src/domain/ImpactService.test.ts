import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogGateway } from './CatalogGateway';
import {
  DOWNSTREAM_RELATIONS,
  ImpactService,
  UPSTREAM_RELATIONS,
  walkRelations,
} from './ImpactService';
import {
  ALICE_CREDENTIALS,
  aliceContext,
} from '../__testUtils__/requestContext';

function entity(
  ref: string,
  relations: Array<[string, string]>,
  title?: string,
): Entity {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace, ...(title ? { title } : {}) },
    relations: relations.map(([type, targetRef]) => ({ type, targetRef })),
  };
}

const A = 'component:default/a';
const B = 'component:default/b';
const C = 'component:default/c';
const D = 'component:default/d';
const API = 'api:default/a-api';

const graph = new Map<string, Entity>(
  [
    entity(A, [
      ['dependencyOf', B],
      ['providesApi', API],
      ['dependsOn', D],
    ]),
    entity(
      B,
      [
        ['dependsOn', A],
        ['dependencyOf', C],
      ],
      'Service B',
    ),
    // c depends on b and b on a: c closes no cycle, but a -> d -> a does.
    entity(C, [
      ['dependsOn', B],
      ['consumesApi', API],
    ]),
    entity(D, [
      ['dependencyOf', A],
      ['dependsOn', A],
    ]),
    entity(API, [
      ['apiProvidedBy', A],
      ['apiConsumedBy', C],
    ]),
  ].map(e => [
    `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase(),
    e,
  ]),
);

function fetcher() {
  const calls: string[][] = [];
  const fetch = async (refs: string[]) => {
    calls.push(refs);
    return new Map(
      refs.filter(r => graph.has(r)).map(r => [r, graph.get(r)!] as const),
    );
  };
  return { calls, fetch };
}

describe('walkRelations', () => {
  it('walks downstream breadth-first with paths, one fetch per level', async () => {
    const { calls, fetch } = fetcher();
    const items = await walkRelations({
      root: graph.get(A)!,
      rootRef: A,
      relationTypes: DOWNSTREAM_RELATIONS,
      depth: 3,
      fetch,
    });
    expect(items).toEqual([
      {
        entityRef: API,
        kind: 'api',
        depth: 1,
        path: [A, API],
        relations: ['providesApi'],
      },
      {
        entityRef: B,
        kind: 'component',
        title: 'Service B',
        depth: 1,
        path: [A, B],
        relations: ['dependencyOf'],
      },
      {
        entityRef: C,
        kind: 'component',
        depth: 2,
        path: [A, B, C],
        relations: ['dependencyOf', 'dependencyOf'],
      },
    ]);
    expect(calls).toEqual([[B, API], [C]]);
  });

  it('walks upstream through an API to its provider and stops at cycles', async () => {
    const { fetch } = fetcher();
    const items = await walkRelations({
      root: graph.get(C)!,
      rootRef: C,
      relationTypes: UPSTREAM_RELATIONS,
      depth: 6,
      fetch,
    });
    expect(items.map(i => [i.entityRef, i.depth, i.relations])).toEqual([
      [API, 1, ['consumesApi']],
      [B, 1, ['dependsOn']],
      [A, 2, ['dependsOn', 'dependsOn']],
      [D, 3, ['dependsOn', 'dependsOn', 'dependsOn']],
    ]);
    // d depends on a again: the cycle ends the walk, c never reappears.
    expect(new Set(items.map(i => i.entityRef)).size).toBe(items.length);
  });

  it('reaches the provider of a consumed API', async () => {
    const { fetch } = fetcher();
    const root = entity('component:default/y', [['consumesApi', API]]);
    const items = await walkRelations({
      root,
      rootRef: 'component:default/y',
      relationTypes: UPSTREAM_RELATIONS,
      depth: 2,
      fetch,
    });
    expect(items[1]).toEqual({
      entityRef: A,
      kind: 'component',
      depth: 2,
      path: ['component:default/y', API, A],
      relations: ['consumesApi', 'apiProvidedBy'],
    });
  });

  it('honours the depth limit and keeps refs the catalog lacks', async () => {
    const { calls, fetch } = fetcher();
    const root = entity('component:default/x', [
      ['dependencyOf', 'component:default/ghost'],
      ['dependencyOf', A],
    ]);
    const items = await walkRelations({
      root,
      rootRef: 'component:default/x',
      relationTypes: DOWNSTREAM_RELATIONS,
      depth: 1,
      fetch,
    });
    expect(items.map(i => [i.entityRef, i.kind, i.depth])).toEqual([
      [A, 'component', 1],
      ['component:default/ghost', 'component', 1],
    ]);
    expect(calls).toHaveLength(1);
  });
});

const SERVICE = mockCredentials.service('plugin:value-stream');
const USER = ALICE_CREDENTIALS;

/**
 * A catalog of `graph` plus `extra` entities that records every request:
 * whose credentials, which refs, which fields. `hidden` refs are left out of
 * the user's reads, as a catalog permission rule would.
 */
function recordingCatalog(extra: Entity[] = [], hidden = new Set<string>()) {
  const all = new Map(graph);
  for (const e of extra) {
    all.set(`${e.kind}:${e.metadata.namespace}/${e.metadata.name}`, e);
  }
  const requests: Array<{ who: string; refs: string[]; fields?: string[] }> =
    [];
  const gateway = {
    serviceCredentials: async () => SERVICE,
    getEntities: async (
      refs: string[],
      credentials?: BackstageCredentials,
      fields?: string[],
    ) => {
      expect(refs.length).toBeLessThanOrEqual(200);
      const who = credentials === USER ? 'user' : 'service';
      requests.push({ who, refs, fields });
      return new Map(
        refs
          .filter(r => all.has(r) && !(who === 'user' && hidden.has(r)))
          .map(r => [r, all.get(r)!] as const),
      );
    },
  };
  return { requests, catalog: gateway as unknown as CatalogGateway };
}

describe('ImpactService', () => {
  it('reads each level once, in batches of 200, then the answer as a conditional caller', async () => {
    // 450 components depend on a; each of them is depended on by its twin.
    const hub = entity(
      'component:default/hub',
      Array.from({ length: 450 }, (_, i) => [
        'dependencyOf',
        `component:default/n${i}`,
      ]),
    );
    const level1 = Array.from({ length: 450 }, (_, i) =>
      entity(`component:default/n${i}`, [
        ['dependsOn', 'component:default/hub'],
        ['dependencyOf', `component:default/m${i}`],
      ]),
    );
    const level2 = Array.from({ length: 450 }, (_, i) =>
      entity(`component:default/m${i}`, [
        ['dependsOn', `component:default/n${i}`],
      ]),
    );
    const { requests, catalog } = recordingCatalog([hub, ...level1, ...level2]);
    const service = ImpactService.create({ catalog });

    const analysis = await service.analyse(
      'Component:default/hub',
      3,
      aliceContext('conditional'),
    );
    expect(analysis.downstream).toHaveLength(900);
    expect(analysis.upstream).toEqual([]);
    const sizes = (who: string) =>
      requests.filter(r => r.who === who).map(r => r.refs.length);
    // The root as the caller; levels 1 and 2 with the plugin's credentials
    // (level 3 finds nothing new); then all 900 as the caller.
    expect(sizes('service')).toEqual([200, 200, 50, 200, 200, 50]);
    expect(sizes('user')).toEqual([1, 200, 200, 200, 200, 100]);
    const userReads = requests.filter(r => r.who === 'user').slice(1);
    expect(userReads.every(r => !r.fields?.includes('relations'))).toBe(true);

    // Within the cache's lifetime only the caller's reads happen again.
    requests.length = 0;
    await service.analyse(
      'component:default/hub',
      3,
      aliceContext('conditional'),
    );
    expect(sizes('service')).toEqual([]);
    expect(sizes('user')).toEqual([1, 200, 200, 200, 200, 100]);
  });

  it('reads the relations again once the cache has expired', async () => {
    let now = 0;
    const { requests, catalog } = recordingCatalog();
    const service = ImpactService.create({
      catalog,
      cache: { ttlMs: 1000, now: () => now },
    });
    const serviceReads = () => requests.filter(r => r.who === 'service').length;
    await service.analyse(A, 3, aliceContext('conditional'));
    const first = serviceReads();
    expect(first).toBeGreaterThan(0);
    now = 999;
    await service.analyse(A, 3, aliceContext('conditional'));
    expect(serviceReads()).toBe(first);
    now = 1000;
    await service.analyse(A, 3, aliceContext('conditional'));
    expect(serviceReads()).toBe(2 * first);
  });

  it('keeps at most maxEntries entities', async () => {
    const { requests, catalog } = recordingCatalog();
    const service = ImpactService.create({
      catalog,
      cache: { maxEntries: 1 },
    });
    const serviceReads = () => requests.filter(r => r.who === 'service').length;
    await service.analyse(A, 3, aliceContext('conditional'));
    const first = serviceReads();
    await service.analyse(A, 3, aliceContext('conditional'));
    // Only the last entity read stayed: the walk reads the others again.
    expect(serviceReads()).toBeGreaterThan(first);
  });

  it('does not walk through entities the caller may not see', async () => {
    const { catalog } = recordingCatalog([], new Set([B]));
    const service = ImpactService.create({ catalog });
    const analysis = await service.analyse(A, 3, aliceContext('conditional'));
    // b is a bare ref, as a missing entity would be, and c behind it is
    // not reached; the API's consumer c is, through the API.
    expect(analysis.downstream).toEqual([
      {
        entityRef: API,
        kind: 'api',
        depth: 1,
        path: [A, API],
        relations: ['providesApi'],
      },
      {
        entityRef: B,
        kind: 'component',
        depth: 1,
        path: [A, B],
        relations: ['dependencyOf'],
      },
      {
        entityRef: C,
        kind: 'component',
        depth: 2,
        path: [A, API, C],
        relations: ['providesApi', 'apiConsumedBy'],
      },
    ]);
    // The dependents that weigh a change's risk are those the caller sees.
    expect(
      await service.downstreamDependents(
        graph.get(A)!,
        A,
        aliceContext('conditional'),
        3,
      ),
    ).toEqual([B, C]);
  });

  it('does not keep a failed read', async () => {
    const { catalog } = recordingCatalog();
    const getEntities = catalog.getEntities.bind(catalog);
    let fail = true;
    jest
      .spyOn(catalog, 'getEntities')
      .mockImplementation(async (refs, credentials, fields) => {
        if (fail && credentials === SERVICE) {
          throw new Error('catalog unavailable');
        }
        return getEntities(refs, credentials, fields);
      });
    const service = ImpactService.create({ catalog });
    await expect(
      service.analyse(A, 3, aliceContext('conditional')),
    ).rejects.toThrow('catalog unavailable');
    fail = false;
    const analysis = await service.analyse(A, 3, aliceContext('conditional'));
    expect(analysis.downstream.map(i => i.entityRef)).toEqual([API, B, C]);
  });

  it('serves a caller who may read the whole catalog from the cache alone', async () => {
    const { requests, catalog } = recordingCatalog();
    const service = ImpactService.create({ catalog });
    const first = await service.analyse(A, 3, aliceContext('all'));
    expect(first.downstream.map(i => [i.entityRef, i.title])).toEqual([
      [API, undefined],
      [B, 'Service B'],
      [C, undefined],
    ]);
    // The root, then one read per level, all with the plugin's credentials.
    expect(requests.map(r => [r.who, r.refs])).toEqual([
      ['service', [A]],
      ['service', [D]],
      ['service', [B, API]],
      ['service', [C]],
    ]);
    requests.length = 0;
    expect(await service.analyse(A, 3, aliceContext('all'))).toEqual(first);
    expect(
      await service.downstreamDependents(graph.get(A)!, A, aliceContext('all')),
    ).toEqual([B, C]);
    expect(requests).toEqual([]);
  });

  it('is a NotFoundError for a caller who may read no entity', async () => {
    const { catalog } = recordingCatalog();
    const service = ImpactService.create({ catalog });
    await expect(service.analyse(A, 3, aliceContext('none'))).rejects.toThrow(
      'No catalog entity component:default/a',
    );
  });

  it('is a NotFoundError for an entity the caller cannot read', async () => {
    const { catalog } = recordingCatalog([], new Set([A]));
    const service = ImpactService.create({ catalog });
    await expect(
      service.analyse(A, 3, aliceContext('conditional')),
    ).rejects.toThrow('No catalog entity component:default/a');
  });
});
