import type { Entity } from '@backstage/catalog-model';
import type { AssetSummary } from '@valuestream/plugin-value-stream-common';
import {
  daysUntil,
  propagateAssets,
  rollupCosts,
  toAssetSummary,
} from './AssetsService';

const NOW = new Date('2026-03-10T15:00:00Z');

function entity(
  ref: string,
  relations: Array<[string, string]>,
  annotations: Record<string, string> = {},
): Entity {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace, annotations },
    relations: relations.map(([type, targetRef]) => ({ type, targetRef })),
  };
}

describe('daysUntil', () => {
  it('counts whole UTC days from today', () => {
    expect(daysUntil('2026-03-10', NOW)).toBe(0);
    expect(daysUntil('2026-03-11', NOW)).toBe(1);
    expect(daysUntil('2026-03-05', NOW)).toBe(-5);
    expect(daysUntil('2027-03-10', NOW)).toBe(365);
    expect(daysUntil('soon', NOW)).toBeUndefined();
  });
});

describe('toAssetSummary', () => {
  it('parses the asset annotations', () => {
    const summary = toAssetSummary(
      entity('resource:default/oracle', [['ownedBy', 'group:default/DBA']], {
        'valuestream.io/asset-type': 'license',
        'valuestream.io/asset-cost': '100 usd/month',
        'valuestream.io/asset-vendor': 'Oracle',
        'valuestream.io/asset-expires': '2026-04-09',
        'valuestream.io/asset-seats': '25',
      }),
      ['component:default/b', 'component:default/a', 'component:default/b'],
      NOW,
    );
    expect(summary).toEqual({
      entityRef: 'resource:default/oracle',
      assetType: 'license',
      owner: 'group:default/dba',
      vendor: 'Oracle',
      expires: '2026-04-09',
      daysToExpiry: 30,
      seats: 25,
      cost: { amount: 100, currency: 'USD', period: 'month' },
      annualCost: 1200,
      dependents: ['component:default/a', 'component:default/b'],
    });
  });

  it('skips unknown asset types and leaves out a one-off annual cost', () => {
    expect(
      toAssetSummary(
        entity('resource:default/x', [], {
          'valuestream.io/asset-type': 'furniture',
        }),
        [],
        NOW,
      ),
    ).toBeUndefined();
    const oneOff = toAssetSummary(
      entity('resource:default/x', [], {
        'valuestream.io/asset-type': 'hardware',
        'valuestream.io/asset-cost': '900 USD/one-off',
      }),
      [],
      NOW,
    );
    expect(oneOff?.annualCost).toBeUndefined();
    expect(oneOff?.owner).toBeUndefined();
  });
});

describe('propagateAssets and rollupCosts', () => {
  // lic <- db <- api-svc <- web, and worker needs lic through required-assets;
  // api-svc and web are in system shop, worker in system batch. web and
  // api-svc depend on each other: a cycle.
  const LIC = 'resource:default/lic';
  const DB = 'resource:default/db';
  const API_SVC = 'component:default/api-svc';
  const WEB = 'component:default/web';
  const WORKER = 'component:default/worker';
  const graph = new Map<string, Entity>([
    [DB, entity(DB, [['dependencyOf', API_SVC]])],
    [
      API_SVC,
      entity(API_SVC, [
        ['dependencyOf', WEB],
        ['dependsOn', WEB],
        ['partOf', 'system:default/shop'],
      ]),
    ],
    [
      WEB,
      entity(WEB, [
        ['dependencyOf', API_SVC],
        ['partOf', 'system:default/shop'],
      ]),
    ],
    [WORKER, entity(WORKER, [['partOf', 'system:default/batch']])],
  ]);
  const summaries = new Map<string, AssetSummary>([
    [
      LIC,
      {
        entityRef: LIC,
        assetType: 'license',
        cost: { amount: 10, currency: 'USD', period: 'month' },
        annualCost: 120,
        dependents: [DB, WORKER],
      },
    ],
    [
      DB,
      {
        entityRef: DB,
        assetType: 'cloud',
        cost: { amount: 1000, currency: 'EUR', period: 'year' },
        annualCost: 1000,
        dependents: [API_SVC],
      },
    ],
  ]);

  it('rolls the cost up through dependsOn, once per system', async () => {
    const calls: string[][] = [];
    const reached = await propagateAssets({
      directDependents: new Map([
        [LIC, [DB, WORKER]],
        [DB, [API_SVC]],
      ]),
      known: new Map([[DB, graph.get(DB)!]]),
      fetch: async refs => {
        calls.push([...refs].sort());
        return new Map(refs.map(r => [r, graph.get(r)!] as const));
      },
    });
    // Each entity is read once.
    expect(calls.flat().sort()).toEqual([API_SVC, WEB, WORKER]);

    const { costByService, costBySystem } = rollupCosts(
      reached,
      summaries,
      new Map([['system:default/shop', 'Shop']]),
    );
    expect(costByService).toEqual([
      {
        entityRef: API_SVC,
        annualCost: { EUR: 1000, USD: 120 },
        assets: [DB, LIC],
      },
      {
        entityRef: WEB,
        annualCost: { EUR: 1000, USD: 120 },
        assets: [DB, LIC],
      },
      { entityRef: WORKER, annualCost: { USD: 120 }, assets: [LIC] },
    ]);
    expect(costBySystem).toEqual([
      {
        entityRef: 'system:default/batch',
        annualCost: { USD: 120 },
        assets: [LIC],
      },
      {
        entityRef: 'system:default/shop',
        title: 'Shop',
        annualCost: { EUR: 1000, USD: 120 },
        assets: [DB, LIC],
      },
    ]);
  });
});
