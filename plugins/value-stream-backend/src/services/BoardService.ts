import type { Entity } from '@backstage/catalog-model';
import {
  BoardItem,
  BoardQuery,
  Stage,
  stageIndex,
  valueStreamReadPermission,
} from '@valuestream/plugin-value-stream-common';
import type { ValueStreamStore } from '../database/ValueStreamStore';
import { CatalogGateway, entityRefOf } from './CatalogGateway';
import type { RequestContext } from './RequestContext';
import type { ValueStreamSettings } from './settings';
import type { StageService } from './StageService';

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * The value stream board: every tracked service the caller can see in the
 * catalog, with its recorded stage and open work. Services never recorded
 * yet (new in the catalog) are placed on the fly without writing.
 */
export class BoardService {
  readonly #store: ValueStreamStore;
  readonly #catalog: CatalogGateway;
  readonly #stages: StageService;
  readonly #settings: ValueStreamSettings;

  static create(options: {
    store: ValueStreamStore;
    catalog: CatalogGateway;
    stages: StageService;
    settings: ValueStreamSettings;
  }) {
    return new BoardService(options);
  }

  private constructor(options: {
    store: ValueStreamStore;
    catalog: CatalogGateway;
    stages: StageService;
    settings: ValueStreamSettings;
  }) {
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#stages = options.stages;
    this.#settings = options.settings;
  }

  async getBoard(query: BoardQuery, ctx: RequestContext): Promise<BoardItem[]> {
    await ctx.authorize(valueStreamReadPermission);
    const entities = await this.#catalog.listEntities(
      {
        kinds: query.kind ? [query.kind] : this.#settings.stageKinds,
        owner: query.owner,
        system: query.system,
      },
      ctx.credentials,
    );
    if (entities.length === 0) {
      return [];
    }
    const refs = entities.map(entityRefOf);
    const [stored, counts, versions] = await Promise.all([
      this.#store.getEntityStages(refs),
      this.#store.countOpenByEntity(refs),
      this.#store.latestProductionVersions(refs),
    ]);
    const unrecorded = entities.filter(e => !stored.has(entityRefOf(e)));
    const computed = await this.#stages.evaluate(unrecorded, ctx.credentials);

    const items: BoardItem[] = [];
    for (const entity of entities) {
      const ref = entityRefOf(entity);
      const recorded = stored.get(ref);
      const fresh = computed.get(ref);
      const stage: Stage = recorded?.stage ?? fresh?.stage ?? 'demand';
      if (query.stage && query.stage !== stage) {
        continue;
      }
      const count = counts.get(ref);
      items.push({
        entityRef: ref,
        title: entity.metadata.title ?? entity.metadata.name,
        kind: entity.kind,
        ...this.#owned(entity),
        stage,
        ...(recorded ? { stageSince: recorded.since } : {}),
        gaps:
          recorded?.gaps ??
          fresh?.checklist.filter(item => item.gap).length ??
          0,
        openIncidents: count?.openIncidents ?? 0,
        breachedIncidents: count?.breachedIncidents ?? 0,
        openChanges: count?.openChanges ?? 0,
        ...(versions.has(ref)
          ? { productionVersion: versions.get(ref)!.version }
          : {}),
      });
    }
    return items.sort(
      (a, b) =>
        stageIndex(a.stage) - stageIndex(b.stage) ||
        a.title.localeCompare(b.title),
    );
  }

  #owned(entity: Entity): Pick<BoardItem, 'owner' | 'system' | 'lifecycle'> {
    const owner = stringField(entity.spec?.owner);
    const system = stringField(entity.spec?.system);
    const lifecycle = stringField(entity.spec?.lifecycle);
    return {
      ...(owner ? { owner } : {}),
      ...(system ? { system } : {}),
      ...(lifecycle ? { lifecycle } : {}),
    };
  }
}
