import type { LoggerService } from '@backstage/backend-plugin-api';
import { RELATION_OWNED_BY } from '@backstage/catalog-model';
import { seedDemoData } from './demoRecords';
import type { ValueStreamStore } from '../database/ValueStreamStore';
import { CatalogGateway, entityRefOf } from '../domain/CatalogGateway';
import type { ValueStreamSettings } from '../settings';
import type { ServiceDeps } from '../domain/ServiceDeps';

/**
 * Seeds demo records for the services in the catalog once
 * (`valueStream.demoData.enabled`). The seed itself skips a store that holds
 * records and claims a `vs_meta` key first, so replicas seed once; this wrapper waits
 * until the catalog has services, and stops asking once the seed is done.
 */
export class DemoDataSeeder {
  readonly #store: ValueStreamStore;
  readonly #catalog: CatalogGateway;
  readonly #settings: ValueStreamSettings;
  readonly #logger: LoggerService;
  #done = false;

  static create(options: ServiceDeps) {
    return new DemoDataSeeder(options);
  }

  private constructor(options: ServiceDeps) {
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#settings = options.settings;
    this.#logger = options.logger;
  }

  async seedOnce(): Promise<void> {
    if (this.#done) {
      return;
    }
    const entities = await this.#catalog.listEntities({
      kinds: this.#settings.stageKinds,
    });
    if (entities.length === 0) {
      this.#logger.info(
        'Demo data: the catalog holds no services yet, trying again on the next run',
      );
      return;
    }
    const result = await seedDemoData(
      this.#store,
      entities.map(entity => ({
        entityRef: entityRefOf(entity),
        lifecycle:
          typeof entity.spec?.lifecycle === 'string'
            ? entity.spec.lifecycle
            : undefined,
        owner: entity.relations?.find(r => r.type === RELATION_OWNED_BY)
          ?.targetRef,
      })),
      new Date(),
    );
    this.#done = true;
    if (result.seeded) {
      this.#logger.info(
        `Demo data: seeded ${result.records} records for ${entities.length} services`,
      );
    } else {
      this.#logger.info(`Demo data: skipped, ${result.reason}`);
    }
  }
}
