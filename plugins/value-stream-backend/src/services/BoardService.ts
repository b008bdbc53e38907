import {
  BoardItem,
  BoardQuery,
  stageIndex,
  valueStreamReadPermission,
} from '@valuestream/plugin-value-stream-common';
import type {
  BoardRow,
  EntityFacts,
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

/**
 * The value stream board: every service with a computed stage, read in one
 * query from the stored stages, which carry the catalog facts the board
 * shows. The stage task keeps them in step with the catalog (and drops
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

  async getBoard(query: BoardQuery, ctx: RequestContext): Promise<BoardItem[]> {
    const [access] = await Promise.all([
      ctx.catalogReadAccess(),
      ctx.authorize(valueStreamReadPermission),
    ]);
    if (access === 'none') {
      return [];
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
    const facts = await this.#missingFacts(rows, ctx);

    const items: BoardItem[] = [];
    for (const row of rows) {
      const known = row.facts ?? facts.get(row.entityRef);
      if (!known) {
        // Stored before its facts and gone from the catalog since.
        continue;
      }
      items.push(boardItem(row, known));
    }
    return items.sort(
      (a, b) =>
        stageIndex(a.stage) - stageIndex(b.stage) ||
        a.title.localeCompare(b.title),
    );
  }

  /** Facts of rows stored before their facts were, from the catalog. */
  async #missingFacts(
    rows: BoardRow[],
    ctx: RequestContext,
  ): Promise<Map<string, EntityFacts>> {
    const refs = rows.filter(row => !row.facts).map(row => row.entityRef);
    const entities = await this.#catalog.getEntities(
      refs,
      ctx.credentials,
      ENTITY_PROJECTION,
    );
    return new Map(
      [...entities].map(([ref, entity]) => [ref, entityFactsOf(entity)]),
    );
  }
}

function kindOfRef(entityRef: string): string {
  return entityRef.slice(0, entityRef.indexOf(':'));
}

function boardItem(row: BoardRow, facts: EntityFacts): BoardItem {
  return {
    entityRef: row.entityRef,
    title: facts.title,
    kind: facts.kind,
    ...(facts.owner ? { owner: facts.owner } : {}),
    ...(facts.system ? { system: facts.system } : {}),
    ...(facts.lifecycle ? { lifecycle: facts.lifecycle } : {}),
    stage: row.stage,
    stageSince: row.since,
    gaps: row.gaps,
    openIncidents: row.openIncidents,
    breachedIncidents: row.breachedIncidents,
    openChanges: row.openChanges,
    ...(row.productionVersion
      ? { productionVersion: row.productionVersion }
      : {}),
  };
}
