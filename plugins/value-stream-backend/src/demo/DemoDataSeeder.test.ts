import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ValueStreamStore } from '../database/ValueStreamStore';
import { CatalogGateway } from '../domain/CatalogGateway';
import { readValueStreamSettings } from '../settings';
import { DemoDataSeeder } from './DemoDataSeeder';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const checkout: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
};

async function seeder(entities: Entity[]) {
  const knex = await databases.init('SQLITE_3');
  const store = await ValueStreamStore.create({
    database: mockServices.database({ knex }),
  });
  const catalog = catalogServiceMock({ entities });
  return {
    store,
    seeder: DemoDataSeeder.create({
      store,
      catalog: CatalogGateway.create({ catalog, auth: mockServices.auth() }),
      settings: readValueStreamSettings(mockServices.rootConfig()),
      logger: mockServices.logger.mock(),
    }),
  };
}

describe('DemoDataSeeder', () => {
  it('seeds the services of the catalog once', async () => {
    const { store, seeder: demo } = await seeder([checkout]);
    await demo.seedOnce();
    const first = await store.records.list('incident', { limit: 500 });
    const changes = await store.records.list('change', { limit: 500 });
    expect(first.items.length + changes.items.length).toBeGreaterThan(0);
    await demo.seedOnce();
    expect(
      (await store.records.list('incident', { limit: 500 })).items,
    ).toHaveLength(first.items.length);
  });

  it('waits for the catalog to hold services', async () => {
    const { store, seeder: demo } = await seeder([]);
    await demo.seedOnce();
    expect((await store.events.list({ limit: 10 })).items).toEqual([]);
  });
});
