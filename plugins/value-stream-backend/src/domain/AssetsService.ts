import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_PART_OF,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_ASSET_TYPE,
  ANNOTATION_REQUIRED_ASSETS,
  assetFieldsOf,
  ASSET_TYPES,
  AssetSummary,
  AssetsOverview,
  AssetType,
  annualAssetCost,
  CostRollup,
  parseAssetCost,
  parseRequiredAssets,
  valueStreamReadPermission,
} from '@valuestream/plugin-value-stream-common';
import { CatalogGateway, entityRefOf } from './CatalogGateway';
import { normalizeRef } from '../lib/refs';
import type { RequestContext } from './RequestContext';

/** How many hops of dependsOn the cost rollup follows at most. */
const MAX_ROLLUP_DEPTH = 25;
const DAY_MS = 86_400_000;

/** What the walk reads of an entity. */
const GRAPH_PROJECTION = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'relations',
];

const ASSET_PROJECTION = [
  ...GRAPH_PROJECTION,
  'metadata.annotations',
  'spec.owner',
];

/** Reads entities by lower-case ref; refs the catalog lacks are absent. */
type EntityFetcher = (refs: string[]) => Promise<Map<string, Entity>>;

function kindOfRef(ref: string): string {
  try {
    return parseEntityRef(ref).kind.toLocaleLowerCase('en-US');
  } catch {
    return '';
  }
}

function byRef<T extends { entityRef: string }>(a: T, b: T): number {
  if (a.entityRef === b.entityRef) {
    return 0;
  }
  return a.entityRef < b.entityRef ? -1 : 1;
}

/** Whole days from the UTC day of `now` to a `YYYY-MM-DD` date. */
export function daysUntil(date: string, now: Date): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  if (!match) {
    return undefined;
  }
  const target = Date.UTC(
    Number(match[1]),
    Number(match[2]) - 1,
    Number(match[3]),
  );
  if (Number.isNaN(target)) {
    return undefined;
  }
  const today = Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth(),
    now.getUTCDate(),
  );
  return Math.round((target - today) / DAY_MS);
}

/**
 * The summary of one asset Resource; undefined when its asset type is not
 * one the suite knows. `dependents` are the refs that need it directly.
 */
export function toAssetSummary(
  entity: Entity,
  dependents: string[],
  now: Date,
): AssetSummary | undefined {
  const fields = assetFieldsOf(entity);
  const assetType = fields.type;
  if (!(ASSET_TYPES as readonly string[]).includes(assetType ?? '')) {
    return undefined;
  }
  const { owner, vendor, expires } = fields;
  const daysToExpiry = expires ? daysUntil(expires, now) : undefined;
  const seats =
    fields.seats && /^\d+$/.test(fields.seats)
      ? Number(fields.seats)
      : undefined;
  const cost = fields.cost ? parseAssetCost(fields.cost) : undefined;
  const annualCost = cost ? annualAssetCost(cost) : undefined;
  const title = entity.metadata.title;
  return {
    entityRef: entityRefOf(entity),
    ...(title ? { title } : {}),
    assetType: assetType as AssetType,
    ...(owner ? { owner: normalizeRef(owner) } : {}),
    ...(vendor ? { vendor } : {}),
    ...(daysToExpiry !== undefined ? { expires, daysToExpiry } : {}),
    ...(seats !== undefined ? { seats } : {}),
    ...(cost ? { cost } : {}),
    ...(annualCost !== undefined ? { annualCost } : {}),
    dependents: [...new Set(dependents)].sort(),
  };
}

/**
 * Who needs which asset, transitively: starting from each asset's direct
 * dependents, follows `dependencyOf` (the reverse of `dependsOn`) through
 * components and resources. Every level is read with one call of `fetch`;
 * an entity is read once. Returns, for every entity reached, the assets it
 * needs and the entity itself when the catalog holds it.
 */
export async function propagateAssets(options: {
  /** Direct dependents of every asset ref. */
  directDependents: Map<string, string[]>;
  /** Entities already read, by lower-case ref. */
  known: Map<string, Entity>;
  fetch: EntityFetcher;
  maxDepth?: number;
}): Promise<Map<string, { entity?: Entity; assets: Set<string> }>> {
  const { directDependents, known, fetch } = options;
  const reached = new Map<string, { entity?: Entity; assets: Set<string> }>();
  const fetched = new Set<string>(known.keys());

  // Assets newly reaching an entity in this round.
  let frontier = new Map<string, Set<string>>();
  const add = (
    target: Map<string, Set<string>>,
    ref: string,
    assets: Iterable<string>,
  ) => {
    const entry = reached.get(ref) ?? { assets: new Set<string>() };
    reached.set(ref, entry);
    for (const asset of assets) {
      if (!entry.assets.has(asset)) {
        entry.assets.add(asset);
        const pending = target.get(ref) ?? new Set<string>();
        pending.add(asset);
        target.set(ref, pending);
      }
    }
  };
  for (const [asset, dependents] of directDependents) {
    for (const dependent of dependents) {
      if (dependent !== asset) {
        add(frontier, dependent, [asset]);
      }
    }
  }

  const maxDepth = options.maxDepth ?? MAX_ROLLUP_DEPTH;
  for (let level = 0; level < maxDepth && frontier.size > 0; level++) {
    const missing = [...frontier.keys()].filter(ref => !fetched.has(ref));
    if (missing.length > 0) {
      const entities = await fetch(missing);
      for (const ref of missing) {
        fetched.add(ref);
        const entity = entities.get(ref);
        if (entity) {
          known.set(ref, entity);
        }
      }
    }
    const next = new Map<string, Set<string>>();
    for (const [ref, assets] of frontier) {
      const entity = known.get(ref);
      const entry = reached.get(ref)!;
      if (entity) {
        entry.entity = entity;
      }
      for (const relation of entity?.relations ?? []) {
        if (relation.type !== RELATION_DEPENDENCY_OF) {
          continue;
        }
        const target = normalizeRef(relation.targetRef);
        // An asset does not pay for itself through a cycle.
        add(
          next,
          target,
          [...assets].filter(a => a !== target),
        );
      }
    }
    frontier = next;
  }
  for (const [ref, entry] of reached) {
    entry.entity ??= known.get(ref);
  }
  return reached;
}

function costOf(
  assets: Iterable<string>,
  summaries: Map<string, AssetSummary>,
): Record<string, number> {
  const total: Record<string, number> = {};
  for (const ref of assets) {
    const summary = summaries.get(ref);
    if (summary?.cost && summary.annualCost !== undefined) {
      const currency = summary.cost.currency;
      total[currency] = (total[currency] ?? 0) + summary.annualCost;
    }
  }
  return total;
}

/**
 * The yearly cost of the assets every Component needs (directly or through
 * other components and resources), and of every System: the assets of its
 * components, each counted once per system.
 */
export function rollupCosts(
  reached: Map<string, { entity?: Entity; assets: Set<string> }>,
  summaries: Map<string, AssetSummary>,
  systemTitles: Map<string, string | undefined> = new Map(),
): { costByService: CostRollup[]; costBySystem: CostRollup[] } {
  const costByService: CostRollup[] = [];
  const systems = new Map<string, Set<string>>();
  for (const [ref, { entity, assets }] of reached) {
    const kind = (entity?.kind ?? kindOfRef(ref)).toLocaleLowerCase('en-US');
    if (kind !== 'component' || assets.size === 0) {
      continue;
    }
    const title = entity?.metadata.title;
    costByService.push({
      entityRef: ref,
      ...(title ? { title } : {}),
      annualCost: costOf(assets, summaries),
      assets: [...assets].sort(),
    });
    for (const relation of entity?.relations ?? []) {
      const target = normalizeRef(relation.targetRef);
      if (
        relation.type === RELATION_PART_OF &&
        kindOfRef(target) === 'system'
      ) {
        const set = systems.get(target) ?? new Set<string>();
        assets.forEach(a => set.add(a));
        systems.set(target, set);
      }
    }
  }
  const costBySystem: CostRollup[] = [...systems].map(([ref, assets]) => {
    const title = systemTitles.get(ref);
    return {
      entityRef: ref,
      ...(title ? { title } : {}),
      annualCost: costOf(assets, summaries),
      assets: [...assets].sort(),
    };
  });
  return {
    costByService: costByService.sort(byRef),
    costBySystem: costBySystem.sort(byRef),
  };
}

/**
 * The asset register (IT Asset Management): Resources with
 * `valuestream.io/asset-type`, who needs them and what they cost.
 */
export class AssetsService {
  readonly #catalog: CatalogService;
  readonly #gateway: CatalogGateway;

  static create(options: { catalog: CatalogService; gateway: CatalogGateway }) {
    return new AssetsService(options.catalog, options.gateway);
  }

  private constructor(catalog: CatalogService, gateway: CatalogGateway) {
    this.#catalog = catalog;
    this.#gateway = gateway;
  }

  async getOverview(
    expiringWithinDays: number,
    ctx: RequestContext,
    now: Date = new Date(),
  ): Promise<AssetsOverview> {
    await ctx.authorize(valueStreamReadPermission);
    const credentials = ctx.credentials;
    const [assetEntities, requirers] = await Promise.all([
      this.#stream(
        {
          kind: 'resource',
          [`metadata.annotations.${ANNOTATION_ASSET_TYPE}`]:
            CATALOG_FILTER_EXISTS,
        },
        credentials,
      ),
      this.#stream(
        {
          [`metadata.annotations.${ANNOTATION_REQUIRED_ASSETS}`]:
            CATALOG_FILTER_EXISTS,
        },
        credentials,
      ),
    ]);

    // Direct dependents: dependencyOf relations and required-assets lists.
    const directDependents = new Map<string, string[]>();
    const known = new Map<string, Entity>();
    for (const entity of assetEntities) {
      const ref = entityRefOf(entity);
      known.set(ref, entity);
      directDependents.set(
        ref,
        (entity.relations ?? [])
          .filter(r => r.type === RELATION_DEPENDENCY_OF)
          .map(r => normalizeRef(r.targetRef)),
      );
    }
    for (const entity of requirers) {
      const ref = entityRefOf(entity);
      known.set(ref, entity);
      let required: string[];
      try {
        required = parseRequiredAssets(
          entity.metadata.annotations?.[ANNOTATION_REQUIRED_ASSETS] ?? '',
          entity.metadata.namespace ?? 'default',
        );
      } catch {
        // The catalog processor reports the bad annotation.
        continue;
      }
      for (const asset of required.map(normalizeRef)) {
        directDependents.get(asset)?.push(ref);
      }
    }

    const summaries = new Map<string, AssetSummary>();
    for (const entity of assetEntities) {
      const ref = entityRefOf(entity);
      const summary = toAssetSummary(
        entity,
        directDependents.get(ref) ?? [],
        now,
      );
      if (summary) {
        summaries.set(ref, summary);
      } else {
        directDependents.delete(ref);
      }
    }

    const fetch: EntityFetcher = refs =>
      this.#gateway.getEntities(refs, credentials, GRAPH_PROJECTION);
    const reached = await propagateAssets({ directDependents, known, fetch });
    const systemRefs = new Set<string>();
    for (const { entity } of reached.values()) {
      for (const r of entity?.relations ?? []) {
        if (
          r.type === RELATION_PART_OF &&
          kindOfRef(r.targetRef) === 'system'
        ) {
          systemRefs.add(normalizeRef(r.targetRef));
        }
      }
    }
    const systemEntities = await fetch([...systemRefs]);
    const systemTitles = new Map(
      [...systemEntities].map(([ref, e]) => [ref, e.metadata.title]),
    );
    const { costByService, costBySystem } = rollupCosts(
      reached,
      summaries,
      systemTitles,
    );

    const assets = [...summaries.values()].sort(byRef);
    return {
      assets,
      expiring: assets
        .filter(
          a =>
            a.daysToExpiry !== undefined &&
            a.daysToExpiry <= expiringWithinDays,
        )
        .sort((a, b) => a.daysToExpiry! - b.daysToExpiry! || byRef(a, b)),
      withoutOwner: assets.filter(a => !a.owner),
      withoutDependents: assets.filter(a => a.dependents.length === 0),
      costByService,
      costBySystem,
    };
  }

  async #stream(
    filter: Record<string, string | symbol>,
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const entities: Entity[] = [];
    for await (const page of this.#catalog.streamEntities(
      { filter, fields: ASSET_PROJECTION },
      { credentials },
    )) {
      entities.push(...page);
    }
    return entities;
  }
}
