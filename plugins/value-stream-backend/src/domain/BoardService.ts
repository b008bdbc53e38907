import {
  BoardItem,
  BoardQuery,
  STAGES,
  valueStreamReadPermission,
} from '@valuestream/plugin-value-stream-common';
import type { ValueStreamStore } from '../database/ValueStreamStore';
import type {
  BoardKey,
  BoardRow,
  EntityFacts,
  EntityStage,
} from '../database/types';
import { decodeKeyset, encodeKeyset } from '../database/cursor';
import {
  CatalogGateway,
  ENTITY_PROJECTION,
  entityFactsOf,
  REF_FIELDS,
} from './CatalogGateway';
import { qualifyRef } from '../lib/refs';
import type { RequestContext } from './RequestContext';
import type { ValueStreamSettings } from '../settings';
import { boardItemWithCounts } from './responseJson';

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
   * The board as a JSON `Board`: a column per stage with its total and its
   * first `limit` services in title order (or the page after `cursor` of the
   * one column `stage` names). The order is chosen from the rows' keys, then
   * only the page's items are read: they are stored serialized with each
   * stage, and their open counts beside them, so they are pasted together
   * rather than parsed, built and serialized on every request.
   */
  async getBoardJson(query: BoardQuery, ctx: RequestContext): Promise<string> {
    const [access] = await Promise.all([
      ctx.catalogReadAccess(),
      ctx.authorize(valueStreamReadPermission),
    ]);
    const stages = query.stage ? [query.stage] : STAGES;
    const after = query.cursor ? decodeBoardCursor(query.cursor) : undefined;
    const keys =
      access === 'none' ? [] : await this.#visibleKeys(query, access, ctx);

    const columns = stages.map(stage => {
      const inStage = keys
        .filter(key => key.stage === stage)
        .sort(compareBoardKeys);
      const start = after
        ? inStage.findIndex(key => compareBoardKeys(key, after) > 0)
        : 0;
      const page = start < 0 ? [] : inStage.slice(start, start + query.limit);
      const last = page[page.length - 1];
      return {
        stage,
        total: inStage.length,
        page,
        nextCursor:
          last && start + page.length < inStage.length
            ? encodeBoardCursor(last)
            : undefined,
      };
    });

    const rows = await this.#store.stages.getBoardRows(
      columns.flatMap(column => column.page.map(key => key.entityRef)),
    );
    const json = new Map<string, string>();
    for (const row of rows) {
      if (row.item) {
        json.set(row.entityRef, boardItemWithCounts(row.item, countsOf(row)));
      }
    }
    const items = await this.#withoutStoredItems(
      rows.filter(row => !row.item),
      ctx,
    );
    for (const row of rows) {
      const item = items.get(row.entityRef);
      if (item) {
        json.set(row.entityRef, JSON.stringify({ ...item, ...countsOf(row) }));
      }
      // Else stored before its facts and gone from the catalog since.
    }

    return `{"columns":[${columns
      .map(column => {
        const pasted = column.page
          .map(key => json.get(key.entityRef))
          .filter(Boolean)
          .join(',');
        const next = column.nextCursor
          ? `,"nextCursor":${JSON.stringify(column.nextCursor)}`
          : '';
        return `{"stage":"${column.stage}","total":${column.total},"items":[${pasted}]${next}}`;
      })
      .join(',')}]}`;
  }

  /** The keys of the rows the filters match and the caller may see. */
  async #visibleKeys(
    query: BoardQuery,
    access: 'all' | 'conditional',
    ctx: RequestContext,
  ): Promise<BoardKey[]> {
    const kinds = query.kind
      ? [query.kind.toLocaleLowerCase('en-US')]
      : this.#settings.stageKinds;
    const keys = (
      await this.#store.stages.listBoardKeys({
        ownerRef: query.owner
          ? qualifyRef(query.owner, 'group', 'owner')
          : undefined,
        systemRef: query.system
          ? qualifyRef(query.system, 'system', 'system')
          : undefined,
        stage: query.stage,
      })
    ).filter(key => kinds.includes(kindOfRef(key.entityRef)));
    if (access === 'all') {
      return keys;
    }
    // Only the catalog can apply its own conditions: ask it which it shows.
    const visible = await this.#catalog.getEntities(
      keys.map(key => key.entityRef),
      ctx.credentials,
      REF_FIELDS,
    );
    return keys.filter(key => visible.has(key.entityRef));
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
      this.#store.stages.get(refs),
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

const titles = new Intl.Collator('en-US');

/** Where a service sorts within its column. */
type BoardPosition = Pick<BoardKey, 'title' | 'entityRef'>;

/** Board order within a column: by title, then by ref. */
function compareBoardKeys(a: BoardPosition, b: BoardPosition): number {
  return (
    titles.compare(a.title ?? a.entityRef, b.title ?? b.entityRef) ||
    (a.entityRef < b.entityRef ? -1 : Number(a.entityRef > b.entityRef))
  );
}

/** An opaque cursor: the key of the last service of a column's page. */
function encodeBoardCursor(key: BoardKey): string {
  return encodeKeyset([key.title ?? key.entityRef, key.entityRef]);
}

function decodeBoardCursor(cursor: string): BoardPosition {
  const [title, entityRef] = decodeKeyset(cursor);
  return { title, entityRef };
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
