import type {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EntityFacts } from '../database/types';
import { normalizeRef, qualifyRef } from '../lib/refs';

/** How many refs one catalog request carries. */
const BATCH_SIZE = 200;

/** Enough of an entity to know its ref, e.g. to ask whether the caller sees it. */
export const REF_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];

/** The fields the board and the stage computation need of an entity. */
export const ENTITY_PROJECTION = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'metadata.links',
  'spec.owner',
  'spec.system',
  'spec.lifecycle',
  'spec.type',
  'spec.dependsOn',
  'relations',
];

/** Filters of {@link CatalogGateway.listEntities}. */
export interface EntityListFilter {
  /** Kinds to list (case-insensitive). */
  kinds: string[];
  /** Entity ref or plain name of the owning group or user. */
  owner?: string;
  /** Entity ref or plain name of the system. */
  system?: string;
}

/**
 * Reads configuration items from the software catalog. Nothing is cached
 * across requests, so every replica sees the catalog as it is.
 */
export class CatalogGateway {
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;

  static create(options: { catalog: CatalogService; auth: AuthService }) {
    return new CatalogGateway(options.catalog, options.auth);
  }

  private constructor(catalog: CatalogService, auth: AuthService) {
    this.#catalog = catalog;
    this.#auth = auth;
  }

  /** Credentials of this plugin, for work that no request started. */
  serviceCredentials(): Promise<BackstageCredentials> {
    return this.#auth.getOwnServiceCredentials();
  }

  async #credentials(credentials?: BackstageCredentials) {
    return credentials ?? (await this.serviceCredentials());
  }

  /** One entity by ref, or undefined when the catalog does not hold it. */
  async getEntity(
    entityRef: string,
    credentials?: BackstageCredentials,
  ): Promise<Entity | undefined> {
    const map = await this.getEntities([entityRef], credentials);
    return map.get(normalizeRef(entityRef));
  }

  /** One entity by ref; a `NotFoundError` when the catalog does not hold it. */
  async requireEntity(
    entityRef: string,
    credentials?: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.getEntity(entityRef, credentials);
    if (!entity) {
      throw new NotFoundError(`No catalog entity ${entityRef}`);
    }
    return entity;
  }

  /**
   * Entities by ref in batches, keyed by lower-case ref. Refs the catalog
   * does not hold are absent from the map.
   */
  async getEntities(
    entityRefs: string[],
    credentials?: BackstageCredentials,
    fields?: string[],
  ): Promise<Map<string, Entity>> {
    const refs = [...new Set(entityRefs.map(normalizeRef))];
    const result = new Map<string, Entity>();
    if (refs.length === 0) {
      return result;
    }
    const creds = await this.#credentials(credentials);
    for (let i = 0; i < refs.length; i += BATCH_SIZE) {
      const chunk = refs.slice(i, i + BATCH_SIZE);
      const { items } = await this.#catalog.getEntitiesByRefs(
        { entityRefs: chunk, fields },
        { credentials: creds },
      );
      items.forEach((entity, index) => {
        if (entity) {
          result.set(chunk[index], entity);
        }
      });
    }
    return result;
  }

  /**
   * Lists the entities of the given kinds with the board projection, page by
   * page. Owner and system filters go to the catalog.
   */
  async listEntities(
    filter: EntityListFilter,
    credentials?: BackstageCredentials,
  ): Promise<Entity[]> {
    const creds = await this.#credentials(credentials);
    const catalogFilter: Record<string, string | string[]> = {};
    if (filter.owner) {
      catalogFilter['relations.ownedBy'] = qualifyRef(
        filter.owner,
        'group',
        'owner',
      );
    }
    if (filter.system) {
      catalogFilter['relations.partOf'] = qualifyRef(
        filter.system,
        'system',
        'system',
      );
    }
    catalogFilter.kind = filter.kinds;
    const entities: Entity[] = [];
    for await (const page of this.#catalog.streamEntities(
      { filter: catalogFilter, fields: ENTITY_PROJECTION },
      { credentials: creds },
    )) {
      entities.push(...page);
    }
    return entities;
  }
}

/** The lower-case ref of an entity. */
export function entityRefOf(entity: Entity): string {
  return normalizeRef(stringifyEntityRef(entity));
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/** Targets of the entity's relations of one type. */
export function relationTargets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef);
}

/** A ref of the entity's spec, qualified in the entity's namespace. */
export function qualifyInNamespace(
  ref: string,
  defaultKind: string,
  entity: Entity,
) {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind,
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/** The owner: the `ownedBy` relation, else `spec.owner` qualified. */
export function ownerRefOf(entity: Entity): string | undefined {
  const owner = stringField(entity.spec?.owner);
  return (
    relationTargets(entity, RELATION_OWNED_BY)[0] ??
    (owner ? qualifyInNamespace(owner, 'group', entity) : undefined)
  );
}

/** The system: the `partOf` relation to a system, else `spec.system`. */
export function systemRefOf(entity: Entity): string | undefined {
  const system = stringField(entity.spec?.system);
  return (
    relationTargets(entity, RELATION_PART_OF).find(ref =>
      ref.startsWith('system:'),
    ) ?? (system ? qualifyInNamespace(system, 'system', entity) : undefined)
  );
}

/** What the board shows of an entity, stored with its computed stage. */
export function entityFactsOf(entity: Entity): EntityFacts {
  const facts: EntityFacts = {
    kind: entity.kind,
    title: entity.metadata.title ?? entity.metadata.name,
  };
  const owner = stringField(entity.spec?.owner);
  const system = stringField(entity.spec?.system);
  const lifecycle = stringField(entity.spec?.lifecycle);
  const ownerRef = ownerRefOf(entity);
  const systemRef = systemRefOf(entity);
  if (owner) facts.owner = owner;
  if (ownerRef) facts.ownerRef = normalizeRef(ownerRef);
  if (system) facts.system = system;
  if (systemRef) facts.systemRef = normalizeRef(systemRef);
  if (lifecycle) facts.lifecycle = lifecycle;
  return facts;
}
