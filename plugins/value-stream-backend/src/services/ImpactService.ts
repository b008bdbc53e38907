import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_API_CONSUMED_BY,
  RELATION_API_PROVIDED_BY,
  RELATION_CONSUMES_API,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  ImpactAnalysis,
  ImpactedItem,
  valueStreamReadPermission,
} from '@valuestream/plugin-value-stream-common';
import { CatalogGateway, normalizeRef } from './CatalogGateway';
import type { RequestContext } from './RequestContext';

/** The default number of hops of an impact analysis. */
export const DEFAULT_IMPACT_DEPTH = 3;
/** The largest number of hops an impact analysis walks. */
export const MAX_IMPACT_DEPTH = 6;

/** What the walk reads of an entity. */
export const IMPACT_PROJECTION = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'relations',
];

/**
 * Relations that lead from an entity to what a change or an outage of it
 * impacts. An API the entity provides is one hop, the API's consumers the
 * next.
 */
export const DOWNSTREAM_RELATIONS: readonly string[] = [
  RELATION_DEPENDENCY_OF,
  RELATION_HAS_PART,
  RELATION_PROVIDES_API,
  RELATION_API_CONSUMED_BY,
];

/**
 * Relations that lead from an entity to what it needs. An API it consumes is
 * one hop, the API's provider the next.
 */
export const UPSTREAM_RELATIONS: readonly string[] = [
  RELATION_DEPENDS_ON,
  RELATION_PART_OF,
  RELATION_CONSUMES_API,
  RELATION_API_PROVIDED_BY,
];

/** Reads entities by lower-case ref; refs the catalog lacks are absent. */
export type EntityFetcher = (refs: string[]) => Promise<Map<string, Entity>>;

function kindOf(ref: string, entity?: Entity): string {
  if (entity?.kind) {
    return entity.kind.toLocaleLowerCase('en-US');
  }
  try {
    return parseEntityRef(ref).kind.toLocaleLowerCase('en-US');
  } catch {
    return 'unknown';
  }
}

function compareRefs(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/**
 * Breadth-first walk from `root` along `relationTypes`, at most `depth`
 * hops. Each entity appears once, at its shortest distance, with the first
 * path found to it; the root never appears, so cycles end the walk. Every
 * level is read with one call of `fetch`. Items come sorted by depth, then
 * ref.
 */
export async function walkRelations(options: {
  root: Entity;
  rootRef: string;
  relationTypes: readonly string[];
  depth: number;
  fetch: EntityFetcher;
}): Promise<ImpactedItem[]> {
  const { root, rootRef, depth, fetch } = options;
  const types = new Set(options.relationTypes);
  const visited = new Set<string>([rootRef]);
  const items: ImpactedItem[] = [];
  let frontier: Array<{ entity: Entity; path: string[]; relations: string[] }> =
    [{ entity: root, path: [rootRef], relations: [] }];

  for (let level = 1; level <= depth && frontier.length > 0; level++) {
    const found: Array<{ ref: string; path: string[]; relations: string[] }> =
      [];
    for (const node of frontier) {
      for (const relation of node.entity.relations ?? []) {
        if (!types.has(relation.type)) {
          continue;
        }
        const ref = normalizeRef(relation.targetRef);
        if (visited.has(ref)) {
          continue;
        }
        visited.add(ref);
        found.push({
          ref,
          path: [...node.path, ref],
          relations: [...node.relations, relation.type],
        });
      }
    }
    if (found.length === 0) {
      break;
    }
    const entities = await fetch(found.map(f => f.ref));
    const next: typeof frontier = [];
    for (const f of found) {
      const entity = entities.get(f.ref);
      const title = entity?.metadata.title;
      items.push({
        entityRef: f.ref,
        kind: kindOf(f.ref, entity),
        ...(title ? { title } : {}),
        depth: level,
        path: f.path,
        relations: f.relations,
      });
      if (entity) {
        next.push({ entity, path: f.path, relations: f.relations });
      }
    }
    frontier = next;
  }
  return items.sort(
    (a, b) => a.depth - b.depth || compareRefs(a.entityRef, b.entityRef),
  );
}

/**
 * Impact analysis over the catalog's relations: what an entity needs
 * (upstream) and what a change or outage of it touches (downstream).
 */
export class ImpactService {
  readonly #catalog: CatalogGateway;

  static create(options: { catalog: CatalogGateway }) {
    return new ImpactService(options.catalog);
  }

  private constructor(catalog: CatalogGateway) {
    this.#catalog = catalog;
  }

  /** The impact analysis of one entity; `NotFoundError` when it is unknown. */
  async analyse(
    entityRef: string,
    depth: number,
    ctx: RequestContext,
  ): Promise<ImpactAnalysis> {
    await ctx.authorize(valueStreamReadPermission);
    const rootRef = normalizeRef(entityRef);
    const root = await this.#root(rootRef, ctx.credentials);
    const [upstream, downstream] = await Promise.all([
      this.#walk(root, rootRef, UPSTREAM_RELATIONS, depth, ctx.credentials),
      this.#walk(root, rootRef, DOWNSTREAM_RELATIONS, depth, ctx.credentials),
    ]);
    return { entityRef: rootRef, depth, upstream, downstream };
  }

  /**
   * What depends on the entity, directly or through up to `depth` hops,
   * APIs left out (their consumers count): the dependents that weigh the
   * risk of a change.
   */
  async downstreamDependents(
    entity: Entity,
    entityRef: string,
    credentials: BackstageCredentials,
    depth = DEFAULT_IMPACT_DEPTH,
  ): Promise<string[]> {
    const items = await this.#walk(
      entity,
      normalizeRef(entityRef),
      DOWNSTREAM_RELATIONS,
      depth,
      credentials,
    );
    return items.filter(i => i.kind !== 'api').map(i => i.entityRef);
  }

  async #root(
    rootRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entities = await this.#catalog.getEntities(
      [rootRef],
      credentials,
      IMPACT_PROJECTION,
    );
    const root = entities.get(rootRef);
    if (!root) {
      throw new NotFoundError(`No catalog entity ${rootRef}`);
    }
    return root;
  }

  #walk(
    root: Entity,
    rootRef: string,
    relationTypes: readonly string[],
    depth: number,
    credentials: BackstageCredentials,
  ): Promise<ImpactedItem[]> {
    return walkRelations({
      root,
      rootRef,
      relationTypes,
      depth,
      fetch: refs =>
        this.#catalog.getEntities(refs, credentials, IMPACT_PROJECTION),
    });
  }
}
