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
  DEFAULT_IMPACT_DEPTH,
  ImpactAnalysis,
  ImpactedItem,
  valueStreamReadPermission,
} from '@valuestream/plugin-value-stream-common';
import { CatalogGateway } from './CatalogGateway';
import { normalizeRef } from '../lib/refs';
import type { RequestContext } from './RequestContext';

type CatalogReadAccess = Awaited<
  ReturnType<RequestContext['catalogReadAccess']>
>;

/** What the walk reads of an entity. */
const IMPACT_PROJECTION = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'relations',
];

/** What the caller's own read returns of each entity an answer holds. */
const VISIBILITY_PROJECTION = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
];

/**
 * How long this backend replica reuses the relations it read from the
 * catalog. The catalog itself takes longer than this to process a change of
 * catalog-info, so the walk lags the catalog by at most this much more.
 */
const IMPACT_CACHE_TTL_MS = 30_000;
/** The most entities the relation cache of one replica holds. */
const IMPACT_CACHE_MAX_ENTRIES = 20_000;
/** Refs in one catalog request, and how many requests run at once. */
const READ_CHUNK = 200;
const READ_PARALLEL = 4;

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

const WALKED_RELATIONS = new Set([
  ...DOWNSTREAM_RELATIONS,
  ...UPSTREAM_RELATIONS,
]);

/** Reads `refs` in chunks, a few chunks at a time. */
async function readInChunks(
  refs: string[],
  read: EntityFetcher,
): Promise<Map<string, Entity>> {
  const chunks: string[][] = [];
  for (let i = 0; i < refs.length; i += READ_CHUNK) {
    chunks.push(refs.slice(i, i + READ_CHUNK));
  }
  const result = new Map<string, Entity>();
  for (let i = 0; i < chunks.length; i += READ_PARALLEL) {
    const maps = await Promise.all(
      chunks.slice(i, i + READ_PARALLEL).map(chunk => read(chunk)),
    );
    for (const map of maps) {
      map.forEach((entity, ref) => result.set(ref, entity));
    }
  }
  return result;
}

/** What the relation cache keeps of an entity: its name, title and walked relations. */
function structureOf(entity: Entity): Entity {
  const { name, namespace, title } = entity.metadata;
  return {
    apiVersion: entity.apiVersion,
    kind: entity.kind,
    metadata: { name, namespace, ...(title ? { title } : {}) },
    relations: (entity.relations ?? [])
      .filter(r => WALKED_RELATIONS.has(r.type))
      .map(r => ({ type: r.type, targetRef: r.targetRef })),
  };
}

/**
 * A bounded, short-lived cache of the catalog's relation structure, shared by
 * every caller of one backend replica. Each entry is the read in flight or
 * done, so concurrent walks read an entity once; a failed read is dropped.
 * Nothing in it is needed by another replica: each reads the catalog itself.
 */
class RelationCache {
  readonly #entries = new Map<
    string,
    { expires: number; entity: Promise<Entity | undefined> }
  >();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: {
    ttlMs: number;
    maxEntries: number;
    now: () => number;
  }) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries;
    this.#now = options.now;
  }

  /** The entities of `refs`, loading the missing or expired ones with `load`. */
  async get(refs: string[], load: EntityFetcher): Promise<Map<string, Entity>> {
    const now = this.#now();
    const pending: Array<[string, Promise<Entity | undefined>]> = [];
    const misses: string[] = [];
    for (const ref of refs) {
      const hit = this.#entries.get(ref);
      if (hit && hit.expires > now) {
        pending.push([ref, hit.entity]);
      } else {
        misses.push(ref);
      }
    }
    if (misses.length > 0) {
      const loaded = load(misses);
      for (const ref of misses) {
        const entity = loaded.then(map => {
          const found = map.get(ref);
          return found && structureOf(found);
        });
        const entry = { expires: now + this.#ttlMs, entity };
        entity.catch(() => {
          if (this.#entries.get(ref) === entry) {
            this.#entries.delete(ref);
          }
        });
        this.#entries.delete(ref);
        this.#entries.set(ref, entry);
        pending.push([ref, entity]);
      }
      // The oldest reads go first.
      for (const key of this.#entries.keys()) {
        if (this.#entries.size <= this.#maxEntries) {
          break;
        }
        this.#entries.delete(key);
      }
    }
    const result = new Map<string, Entity>();
    for (const [ref, promise] of pending) {
      const entity = await promise;
      if (entity) {
        result.set(ref, entity);
      }
    }
    return result;
  }
}

/**
 * Impact analysis over the catalog's relations: what an entity needs
 * (upstream) and what a change or outage of it touches (downstream).
 *
 * The relations are read level by level with this plugin's own credentials,
 * in batches, through a per-replica cache that lives
 * {@link IMPACT_CACHE_TTL_MS}. A caller whom the permission policy lets
 * read every catalog entity sees them as they are. For a caller whose read
 * is conditional, the root and then every entity the walk reached are read
 * once more on their behalf, and the answer holds only what they may see:
 * entities they cannot read appear as bare refs, as missing ones do, and
 * the walk does not go through them.
 */
export class ImpactService {
  readonly #catalog: CatalogGateway;
  readonly #cache: RelationCache;

  static create(options: {
    catalog: CatalogGateway;
    cache?: { ttlMs?: number; maxEntries?: number; now?: () => number };
  }) {
    return new ImpactService(
      options.catalog,
      new RelationCache({
        ttlMs: options.cache?.ttlMs ?? IMPACT_CACHE_TTL_MS,
        maxEntries: options.cache?.maxEntries ?? IMPACT_CACHE_MAX_ENTRIES,
        now: options.cache?.now ?? Date.now,
      }),
    );
  }

  private constructor(catalog: CatalogGateway, cache: RelationCache) {
    this.#catalog = catalog;
    this.#cache = cache;
  }

  /** The impact analysis of one entity; `NotFoundError` when it is unknown. */
  async analyse(
    entityRef: string,
    depth: number,
    ctx: RequestContext,
  ): Promise<ImpactAnalysis> {
    const [, access] = await Promise.all([
      ctx.authorize(valueStreamReadPermission),
      ctx.catalogReadAccess(),
    ]);
    const rootRef = normalizeRef(entityRef);
    const root = await this.#root(rootRef, access, ctx.credentials);
    const [upstream, downstream] = await this.#walk(
      root,
      rootRef,
      [UPSTREAM_RELATIONS, DOWNSTREAM_RELATIONS],
      depth,
      access,
      ctx.credentials,
    );
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
    ctx: RequestContext,
    depth = DEFAULT_IMPACT_DEPTH,
  ): Promise<string[]> {
    const [items] = await this.#walk(
      entity,
      normalizeRef(entityRef),
      [DOWNSTREAM_RELATIONS],
      depth,
      await ctx.catalogReadAccess(),
      ctx.credentials,
    );
    return items.filter(i => i.kind !== 'api').map(i => i.entityRef);
  }

  /**
   * The walked relations of the entity and of every entity fewer than
   * `hops` hops from it, both ways, keyed by lower-case ref: what it takes to
   * know the entities within `hops` (conflict detection's two hops). Read
   * with this plugin's credentials through the relation cache, one batched
   * read per level at most; entities the catalog lacks are absent.
   */
  async relationsNear(
    entityRef: string,
    hops: number,
  ): Promise<Map<string, NonNullable<Entity['relations']>>> {
    const found = new Map<string, NonNullable<Entity['relations']>>();
    let frontier = [normalizeRef(entityRef)];
    for (let level = 0; level < hops && frontier.length > 0; level++) {
      const entities = await this.#structure(frontier);
      const next = new Set<string>();
      for (const [ref, entity] of entities) {
        found.set(ref, entity.relations ?? []);
        for (const relation of entity.relations ?? []) {
          next.add(normalizeRef(relation.targetRef));
        }
      }
      frontier = [...next].filter(ref => !found.has(ref));
    }
    return found;
  }

  async #root(
    rootRef: string,
    access: CatalogReadAccess,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    let entities = new Map<string, Entity>();
    if (access === 'all') {
      entities = await this.#structure([rootRef]);
    } else if (access === 'conditional') {
      entities = await this.#catalog.getEntities(
        [rootRef],
        credentials,
        IMPACT_PROJECTION,
      );
    }
    const root = entities.get(rootRef);
    if (!root) {
      throw new NotFoundError(`No catalog entity ${rootRef}`);
    }
    return root;
  }

  /** Entities with their walked relations, through the cache. */
  #structure: EntityFetcher = refs =>
    this.#cache.get(refs, async missing => {
      const service = await this.#catalog.serviceCredentials();
      return readInChunks(missing, chunk =>
        this.#catalog.getEntities(chunk, service, IMPACT_PROJECTION),
      );
    });

  /** One walk per set of relation types, as the caller may see them. */
  async #walk(
    root: Entity,
    rootRef: string,
    directions: ReadonlyArray<readonly string[]>,
    depth: number,
    access: CatalogReadAccess,
    credentials: BackstageCredentials,
  ): Promise<ImpactedItem[][]> {
    const structure = this.#structure;
    // What the relations reach, one batched read per level at most.
    const reached = await Promise.all(
      directions.map(relationTypes =>
        walkRelations({
          root,
          rootRef,
          relationTypes,
          depth,
          fetch: structure,
        }),
      ),
    );
    const refs = [...new Set(reached.flat().map(item => item.entityRef))];
    if (access === 'all' || refs.length === 0) {
      return reached;
    }
    // What the caller may see of it, in one batched read on their behalf.
    const [visible, known] = await Promise.all([
      readInChunks(refs, chunk =>
        this.#catalog.getEntities(chunk, credentials, VISIBILITY_PROJECTION),
      ),
      structure(refs),
    ]);
    // The same walk again, in memory, through visible entities only.
    const asSeen: EntityFetcher = async wanted => {
      const seen = new Map<string, Entity>();
      for (const ref of wanted) {
        const entity = visible.get(ref);
        if (entity) {
          seen.set(ref, {
            ...entity,
            relations: known.get(ref)?.relations ?? [],
          });
        }
      }
      return seen;
    };
    return Promise.all(
      directions.map(relationTypes =>
        walkRelations({ root, rootRef, relationTypes, depth, fetch: asSeen }),
      ),
    );
  }
}
