import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { mockCredentials } from '@backstage/backend-test-utils';
import { IngestEntityLookup } from './IngestEntityLookup';
import { EntityLookupCache } from './EntityLookupCache';

const component = (name: string, namespace = 'default'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace, annotations: { tier: name } },
  spec: {},
});

const ENTITIES = [
  component('checkout'),
  component('cart'),
  component('cart', 'shop'),
];

/** A catalog that answers from ENTITIES and counts its reads. */
function countingCatalog() {
  const reads: string[] = [];
  const catalog = {
    async getEntitiesByRefs({ entityRefs }: { entityRefs: string[] }) {
      reads.push(`refs:${entityRefs.join(',')}`);
      return {
        items: entityRefs.map(ref =>
          ENTITIES.find(
            e => `component:${e.metadata.namespace}/${e.metadata.name}` === ref,
          ),
        ),
      };
    },
    async *streamEntities({
      filter,
    }: {
      filter: Record<string, string | string[]>;
    }) {
      const names = [filter['metadata.name']].flat();
      reads.push(`names:${names.join(',')}`);
      yield ENTITIES.filter(e =>
        names.includes(e.metadata.name.toLocaleLowerCase('en-US')),
      );
    },
  };
  return { reads, catalog: catalog as unknown as CatalogService };
}

function ports(catalog: CatalogService, cache?: EntityLookupCache) {
  return IngestEntityLookup.create({
    catalog,
    credentials: mockCredentials.service(),
    alertEntityCache: cache,
  });
}

describe('EntityLookupCache', () => {
  it('keeps answers for the time to live, the newest maxEntries of them', async () => {
    let now = 0;
    const cache = new EntityLookupCache({
      ttlSeconds: 60,
      maxEntries: 2,
      now: () => now,
    });
    const answer = Promise.resolve([]);
    cache.set('a', answer);
    expect(cache.get('a')).toBe(answer);
    now = 59_999;
    expect(cache.get('a')).toBe(answer);
    now = 60_000;
    expect(cache.get('a')).toBeUndefined();

    cache.set('a', answer);
    cache.set('b', answer);
    cache.set('c', answer);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe(answer);
    expect(cache.get('c')).toBe(answer);
  });

  it('forgets a failed answer and keeps nothing with a time to live of 0', async () => {
    const cache = new EntityLookupCache({ ttlSeconds: 60 });
    const failed = Promise.reject(new Error('catalog down'));
    await expect(cache.set('a', failed)).rejects.toThrow('catalog down');
    expect(cache.get('a')).toBeUndefined();

    const off = new EntityLookupCache({ ttlSeconds: 0 });
    off.set('a', Promise.resolve([]));
    expect(off.get('a')).toBeUndefined();
  });
});

describe('DatabaseIngestPorts alert lookups', () => {
  it('reads the refs and names of a notification in one catalog read each', async () => {
    const { reads, catalog } = countingCatalog();
    const p = ports(catalog);
    await p.prefetchAlertEntities({
      refs: ['component:default/checkout', 'Component:default/nowhere'],
      names: ['cart', 'Checkout', 'cart', 'unknown'],
    });
    expect(reads).toEqual([
      'refs:component:default/checkout,component:default/nowhere',
      'names:cart,checkout,unknown',
    ]);
    expect(
      await p.alertEntities.byRef('component:default/checkout'),
    ).toMatchObject({ entityRef: 'component:default/checkout' });
    expect(
      await p.alertEntities.byRef('component:default/nowhere'),
    ).toBeUndefined();
    expect(
      (await p.alertEntities.byName('CART')).map(e => e.entityRef),
    ).toEqual(['component:default/cart', 'component:shop/cart']);
    expect(await p.alertEntities.byName('unknown')).toEqual([]);
    // Everything came from the two reads.
    expect(reads).toHaveLength(2);
  });

  it('shares answers between deliveries through the cache, only the missing ones read', async () => {
    const { reads, catalog } = countingCatalog();
    const cache = new EntityLookupCache({ ttlSeconds: 60 });
    await ports(catalog, cache).prefetchAlertEntities({
      refs: [],
      names: ['cart'],
    });
    const second = ports(catalog, cache);
    await second.prefetchAlertEntities({
      refs: [],
      names: ['cart', 'checkout'],
    });
    expect(reads).toEqual(['names:cart', 'names:checkout']);
    expect(await second.alertEntities.byName('cart')).toHaveLength(2);
    // Without a shared cache every delivery reads again.
    await ports(catalog).alertEntities.byName('cart');
    expect(reads).toHaveLength(3);
  });
});
