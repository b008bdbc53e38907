import {
  BoardItem,
  BoardQuery,
  stageIndex,
  valueStreamReadPermission,
} from '@valuestream/plugin-value-stream-common';
import type {
  BoardRow,
  EntityFacts,
  EntityStage,
  ValueStreamStore,
} from '../database/ValueStreamStore';
import {
  CatalogGateway,
  ENTITY_PROJECTION,
  entityFactsOf,
  qualifyRef,
  REF_FIELDS,
} from './CatalogGateway';
import type { RequestContext } from './RequestContext';
import type { ValueStreamSettings } from './settings';

/** A board item without the open counts kept beside it. */
type ItemWithoutCounts = Omit<
  BoardItem,
  'openIncidents' | 'breachedIncidents' | 'openChanges'
>;

/**
 * The value stream board: every service with a computed stage, read in one
 * query from the stored stages, which carry the board item (with the catalog
 * facts the board shows) and the open record counts. The stage task keeps them in step with the catalog (and drops
 * entities that left it); any write to an entity's records recomputes its
 * row at once. The catalog is asked only for what the store cannot answer:
 * rows stored before their facts were, and, under a conditional catalog
 * read policy, which of the entities the caller may see.
 */
export class BoardService {
  readonly #store: ValueStreamStore;
  readonly #catalog: CatalogGateway;
  readonly #settings: ValueStreamSettings;

  static create(options: {
    store: ValueStreamStore;
    catalog: CatalogGateway;
    settings: ValueStreamSettings;
  }) {
    return new BoardService(options);
  }

  private constructor(options: {
    store: ValueStreamStore;
    catalog: CatalogGateway;
    settings: ValueStreamSettings;
  }) {
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#settings = options.settings;
  }

  /**
   * The board as a JSON array of `BoardItem`s, ordered by stage and title.
   * The items are stored serialized with each stage, and their open counts
   * beside them, so a board of thousands of services is pasted together
   * rather than parsed, built and serialized on every request.
   */
  async getBoardJson(query: BoardQuery, ctx: RequestContext): Promise<string> {
    const [access] = await Promise.all([
      ctx.catalogReadAccess(),
      ctx.authorize(valueStreamReadPermission),
    ]);
    if (access === 'none') {
      return '[]';
    }
    const kinds = query.kind
      ? [query.kind.toLocaleLowerCase('en-US')]
      : this.#settings.stageKinds;
    const stored = (
      await this.#store.listBoard({
        ownerRef: query.owner ? qualifyRef(query.owner, 'group') : undefined,
        systemRef: query.system
          ? qualifyRef(query.system, 'system')
          : undefined,
        stage: query.stage,
      })
    ).filter(row => kinds.includes(kindOfRef(row.entityRef)));
    // Only the catalog can apply its own conditions: ask it which it shows.
    const visible =
      access === 'conditional'
        ? await this.#catalog.getEntities(
            stored.map(row => row.entityRef),
            ctx.credentials,
            REF_FIELDS,
          )
        : undefined;
    const rows = visible
      ? stored.filter(row => visible.has(row.entityRef))
      : stored;
    const items = await this.#withoutStoredItems(rows, ctx);

    const entries: Array<{ stage: number; title: string; json: string }> = [];
    for (const row of rows) {
      const counts = `"openIncidents":${row.openIncidents},"breachedIncidents":${row.breachedIncidents},"openChanges":${row.openChanges}`;
      if (row.item) {
        entries.push({
          stage: stageIndex(row.stage),
          title: row.title ?? row.entityRef,
          json: `${row.item.slice(0, -1)},${counts}}`,
        });
        continue;
      }
      const item = items.get(row.entityRef);
      if (item) {
        entries.push({
          stage: stageIndex(item.stage),
          title: item.title,
          json: JSON.stringify({ ...item, ...countsOf(row) }),
        });
      }
      // Else stored before its facts and gone from the catalog since.
    }
    entries.sort((a, b) => a.stage - b.stage || a.title.localeCompare(b.title));
    return `[${entries.map(entry => entry.json).join(',')}]`;
  }

  /**
   * Items of rows stored before the catalog facts the board shows (until
   * the stage task next records them): facts from the catalog, stage from
   * the store.
   */
  async #withoutStoredItems(
    rows: BoardRow[],
    ctx: RequestContext,
  ): Promise<Map<string, ItemWithoutCounts>> {
    const refs = rows.filter(row => !row.item).map(row => row.entityRef);
    const items = new Map<string, ItemWithoutCounts>();
    if (refs.length === 0) {
      return items;
    }
    const [entities, stages] = await Promise.all([
      this.#catalog.getEntities(refs, ctx.credentials, ENTITY_PROJECTION),
      this.#store.getEntityStages(refs),
    ]);
    for (const [ref, entity] of entities) {
      const stage = stages.get(ref);
      if (stage) {
        items.set(ref, boardItem(stage, entityFactsOf(entity)));
      }
    }
    return items;
  }
}

function kindOfRef(entityRef: string): string {
  return entityRef.slice(0, entityRef.indexOf(':'));
}

function countsOf(row: BoardRow): Omit<BoardItem, keyof ItemWithoutCounts> {
  return {
    openIncidents: row.openIncidents,
    breachedIncidents: row.breachedIncidents,
    openChanges: row.openChanges,
  };
}

function boardItem(stage: EntityStage, facts: EntityFacts): ItemWithoutCounts {
  return {
    entityRef: stage.entityRef,
    title: facts.title,
    kind: facts.kind,
    ...(facts.owner ? { owner: facts.owner } : {}),
    ...(facts.system ? { system: facts.system } : {}),
    ...(facts.lifecycle ? { lifecycle: facts.lifecycle } : {}),
    stage: stage.stage,
    stageSince: stage.since,
    gaps: stage.gaps,
  };
}
