import type { Entity } from '@backstage/catalog-model';
import {
  DOWNSTREAM_RELATIONS,
  UPSTREAM_RELATIONS,
  walkRelations,
} from './ImpactService';

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
