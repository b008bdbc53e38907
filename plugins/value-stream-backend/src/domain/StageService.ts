import { createHash } from 'node:crypto';
import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, RELATION_DEPENDS_ON } from '@backstage/catalog-model';
import {
  ANNOTATION_ALERT_SELECTOR,
  ANNOTATION_GITHUB_PROJECT_SLUG,
  ANNOTATION_MONITORING,
  ANNOTATION_PAGERDUTY_SERVICE_ID,
  ANNOTATION_REQUIRED_ASSETS,
  ANNOTATION_RUNBOOK,
  ANNOTATION_SERVICE_LEVEL_TIER,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_SUPPORT_GROUP,
  ANNOTATION_TECHDOCS_REF,
  computeStage,
  DEFAULT_SLA_TARGETS,
  Evidence,
  parseRequiredAssets,
  StageEvidence,
  StageResult,
} from '@valuestream/plugin-value-stream-common';
import type { ValueStreamStore } from '../database/ValueStreamStore';
import type { StageEvidence as RecordEvidence } from '../database/types';
import { normalizeRef } from '../lib/refs';
import {
  CatalogGateway,
  entityFactsOf,
  entityRefOf,
  ownerRefOf,
  qualifyInNamespace,
  REF_FIELDS,
  relationTargets,
  systemRefOf,
} from './CatalogGateway';
import type { ValueStreamSettings } from '../settings';
import type { ServiceDeps } from './ServiceDeps';

/** The actor that writes what the plugin does on its own. */
const PLUGIN_ACTOR = 'plugin:value-stream';

/** Entities handled per batch by the full recompute. */
const BATCH_SIZE = 200;

/** Result of recording the stages of some entities. */
export interface RecomputeResult {
  entities: number;
  changed: number;
  proposedServiceLevels: number;
  /** Stored stages dropped because the entity left the catalog. */
  removed?: number;
}

function annotation(entity: Entity, name: string): string | undefined {
  const value = entity.metadata.annotations?.[name]?.trim();
  return value ? value : undefined;
}

function record(
  label: string,
  recordType: Evidence['recordType'],
  recordId: string | undefined,
): Evidence | undefined {
  return recordId ? { label, recordType, recordId } : undefined;
}

function sourceUrl(entity: Entity): Evidence | undefined {
  const location = annotation(entity, ANNOTATION_SOURCE_LOCATION);
  if (location) {
    const url = location.replace(/^url:/, '');
    return { label: 'Source location', url };
  }
  const slug = annotation(entity, ANNOTATION_GITHUB_PROJECT_SLUG);
  if (slug) {
    return { label: `GitHub ${slug}`, url: `https://github.com/${slug}` };
  }
  return undefined;
}

function runbookOf(entity: Entity): Evidence | undefined {
  const url = annotation(entity, ANNOTATION_RUNBOOK);
  if (url) {
    return { label: 'Runbook', url };
  }
  const link = (entity.metadata.links ?? []).find(
    l =>
      l.type?.toLocaleLowerCase('en-US') === 'runbook' ||
      /runbook/i.test(l.title ?? ''),
  );
  return link ? { label: link.title ?? 'Runbook', url: link.url } : undefined;
}

function monitoringOf(entity: Entity): Evidence | undefined {
  const url = annotation(entity, ANNOTATION_MONITORING);
  if (url) {
    return { label: 'Monitoring dashboard', url };
  }
  if (annotation(entity, ANNOTATION_ALERT_SELECTOR)) {
    return { label: 'Alerts mapped by selector' };
  }
  const pagerduty = annotation(entity, ANNOTATION_PAGERDUTY_SERVICE_ID);
  if (pagerduty) {
    return { label: `PagerDuty service ${pagerduty}` };
  }
  return undefined;
}

/** Resource refs an entity requires; a malformed list requires nothing it can meet. */
function requiredAssetsOf(entity: Entity): string[] | undefined {
  const value = annotation(entity, ANNOTATION_REQUIRED_ASSETS);
  if (!value) {
    return [];
  }
  try {
    return parseRequiredAssets(value, entity.metadata.namespace ?? 'default');
  } catch {
    return undefined;
  }
}

/**
 * A digest of a computed stage and checklist, stored with the stage so that
 * a change of either (also one that comes from the catalog) is seen.
 */
function checklistKeyOf(result: StageResult): string {
  return createHash('sha256')
    .update(JSON.stringify([result.stage, result.checklist]))
    .digest('base64url');
}

/**
 * Places services in the value stream: gathers the evidence of each entity
 * from the catalog and the store, computes the stage with the criteria
 * table, and records stage changes.
 */
export class StageService {
  readonly #store: ValueStreamStore;
  readonly #catalog: CatalogGateway;
  readonly #settings: ValueStreamSettings;
  readonly #logger: LoggerService;

  static create(options: ServiceDeps) {
    return new StageService(options);
  }

  private constructor(options: ServiceDeps) {
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#settings = options.settings;
    this.#logger = options.logger;
  }

  /** Whether the stage of entities of this kind is tracked. */
  tracks(kind: string): boolean {
    return this.#settings.stageKinds.includes(kind.toLocaleLowerCase('en-US'));
  }

  /**
   * Computes stage and checklist of entities without writing anything:
   * one evidence query per chunk of entities and one catalog read for the
   * assets they require.
   */
  async evaluate(
    entities: Entity[],
    credentials?: BackstageCredentials,
  ): Promise<Map<string, StageResult>> {
    const results = new Map<string, StageResult>();
    if (entities.length === 0) {
      return results;
    }
    const refs = entities.map(entityRefOf);
    const required = new Map<string, string[] | undefined>();
    for (const entity of entities) {
      required.set(entityRefOf(entity), requiredAssetsOf(entity));
    }
    const assetRefs = [...required.values()].flatMap(list => list ?? []);
    // A service with an unauthorized production deployment in the last
    // `gapDays` has a gap; the scheduled recompute lets an old one go.
    const unauthorizedSince = new Date(
      Date.now() - this.#settings.unauthorizedDeployments.gapDays * 86_400_000,
    ).toISOString();
    const [records, assets] = await Promise.all([
      this.#store.stages.getEvidence(refs, { unauthorizedSince }),
      this.#catalog.getEntities(assetRefs, credentials, REF_FIELDS),
    ]);
    for (const entity of entities) {
      const ref = entityRefOf(entity);
      const evidence = this.#evidenceOf(
        entity,
        records.get(ref) ?? {},
        required.get(ref),
        assets,
      );
      results.set(ref, computeStage(evidence, this.#settings.stageCriteria));
    }
    return results;
  }

  /**
   * Recomputes and records the stage of the given entities, read from the
   * catalog with the plugin's own credentials.
   */
  async recompute(entityRefs: string[]): Promise<RecomputeResult> {
    const entities = await this.#catalog.getEntities(entityRefs);
    return this.#recordAll(
      [...entities.values()].filter(e => this.tracks(e.kind)),
      { propose: false },
    );
  }

  /**
   * Recomputes the stage of one entity after a write; a failure is logged,
   * never thrown, since the write itself succeeded and the scheduled task
   * catches up.
   */
  async recomputeQuietly(entityRef: string): Promise<void> {
    try {
      await this.recompute([entityRef]);
    } catch (error) {
      this.#logger.warn(
        `Could not recompute the stage of ${entityRef}: ${error}`,
      );
    }
  }

  /**
   * Recomputes the stage of every tracked entity in the catalog in batches,
   * and proposes a service level for entities that declare a tier and have
   * none. Idempotent: an unchanged stage writes no history.
   */
  async recomputeAll(options?: {
    signal?: AbortSignal;
  }): Promise<RecomputeResult> {
    const total: RecomputeResult = {
      entities: 0,
      changed: 0,
      proposedServiceLevels: 0,
    };
    let batch: Entity[] = [];
    const flush = async () => {
      const result = await this.#recordAll(batch, { propose: true });
      total.entities += result.entities;
      total.changed += result.changed;
      total.proposedServiceLevels += result.proposedServiceLevels;
      batch = [];
    };
    const entities = await this.#catalog.listEntities({
      kinds: this.#settings.stageKinds,
    });
    for (const entity of entities) {
      if (options?.signal?.aborted) {
        this.#logger.warn('Stage recompute aborted');
        return total;
      }
      batch.push(entity);
      if (batch.length >= BATCH_SIZE) {
        await flush();
      }
    }
    if (batch.length > 0) {
      await flush();
    }
    // The board reads the stored stages: drop the entities that left the
    // catalog (or the tracked kinds). Only after a complete listing.
    const listed = new Set(entities.map(entityRefOf));
    const gone = (await this.#store.stages.list())
      .map(stage => stage.entityRef)
      .filter(ref => !listed.has(ref));
    if (gone.length > 0) {
      total.removed = await this.#store.stages.delete(gone);
    }
    return total;
  }

  async #recordAll(
    entities: Entity[],
    options: { propose: boolean },
  ): Promise<RecomputeResult> {
    const result: RecomputeResult = {
      entities: entities.length,
      changed: 0,
      proposedServiceLevels: 0,
    };
    if (entities.length === 0) {
      return result;
    }
    if (options.propose) {
      result.proposedServiceLevels = await this.#proposeFromTiers(entities);
    }
    const [stages, versions] = await Promise.all([
      this.evaluate(entities),
      this.#store.stages.latestProductionVersions(entities.map(entityRefOf)),
    ]);
    const facts = new Map(
      entities.map(e => [entityRefOf(e), entityFactsOf(e)]),
    );
    const now = new Date().toISOString();
    for (const [ref, stage] of stages) {
      const recorded = await this.#store.stages.record(ref, {
        stage: stage.stage,
        at: now,
        gaps: stage.checklist.filter(item => item.gap).length,
        facts: facts.get(ref),
        productionVersion: versions.get(ref)?.version ?? null,
        checklistKey: checklistKeyOf(stage),
      });
      if (recorded.changed) {
        result.changed++;
      }
    }
    return result;
  }

  /** Proposes a service level from the tier annotation where none exists. */
  async #proposeFromTiers(entities: Entity[]): Promise<number> {
    const wanted = new Map<string, string>();
    for (const entity of entities) {
      const tier = annotation(entity, ANNOTATION_SERVICE_LEVEL_TIER);
      if (tier) {
        wanted.set(entityRefOf(entity), tier.toLocaleLowerCase('en-US'));
      }
    }
    if (wanted.size === 0) {
      return 0;
    }
    const existing = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await this.#store.records.list('serviceLevel', {
        entityRefs: [...wanted.keys()],
        cursor,
        limit: 500,
      });
      for (const item of page.items) {
        existing.add(normalizeRef(item.entityRef));
      }
      cursor = page.nextCursor;
    } while (cursor);

    let proposed = 0;
    for (const [entityRef, tierName] of wanted) {
      if (existing.has(entityRef)) {
        continue;
      }
      const tier = this.#settings.serviceLevelTiers.get(tierName);
      if (!tier) {
        this.#logger.warn(
          `${entityRef} declares ${ANNOTATION_SERVICE_LEVEL_TIER}: ${tierName}, which valueStream.serviceLevelTiers does not define`,
        );
        continue;
      }
      await this.#store.records.create(
        'serviceLevel',
        {
          entityRef,
          name: tier.name,
          tier: tierName,
          state: 'proposed',
          availabilityTarget: tier.availabilityTarget,
          targets: { ...DEFAULT_SLA_TARGETS, ...tier.targets },
          slos: tier.slos,
          fromAnnotation: true,
        },
        { actor: PLUGIN_ACTOR },
      );
      proposed++;
    }
    return proposed;
  }

  #evidenceOf(
    entity: Entity,
    records: RecordEvidence,
    requiredAssets: string[] | undefined,
    assets: Map<string, Entity>,
  ): StageEvidence {
    const owner = ownerRefOf(entity);
    const system = systemRefOf(entity);
    const supportGroup = annotation(entity, ANNOTATION_SUPPORT_GROUP);
    const techdocs = annotation(entity, ANNOTATION_TECHDOCS_REF);

    let requiredAssetsRecorded: StageEvidence['requiredAssetsRecorded'];
    if (requiredAssets === undefined) {
      requiredAssetsRecorded = false;
    } else if (requiredAssets.every(ref => assets.has(normalizeRef(ref)))) {
      requiredAssetsRecorded = requiredAssets.map(ref => ({
        label: ref,
        entityRef: normalizeRef(ref),
      }));
    } else {
      requiredAssetsRecorded = false;
    }

    const evidence: StageEvidence = {
      lifecycle:
        typeof entity.spec?.lifecycle === 'string'
          ? entity.spec.lifecycle
          : undefined,
      owner: owner ? { label: owner, entityRef: owner } : undefined,
      proposingChange: record(
        'Change proposing the service',
        'change',
        records.proposingChangeId,
      ),
      agreedServiceLevel: record(
        'Agreed service level',
        'serviceLevel',
        records.agreedServiceLevelId,
      ),
      system: system ? { label: system, entityRef: system } : undefined,
      dependencyCount: relationTargets(entity, RELATION_DEPENDS_ON).length,
      techdocsRef: techdocs
        ? { label: 'TechDocs', entityRef: entityRefOf(entity) }
        : undefined,
      authorizedChange: record(
        'Authorized change',
        'change',
        records.authorizedChangeId,
      ),
      sourceLocation: sourceUrl(entity),
      plannedRelease: record(
        'Planned release',
        'release',
        records.plannedReleaseId,
      ),
      requiredAssetsRecorded,
      readyRelease: record('Ready release', 'release', records.readyReleaseId),
      productionDeployment: record(
        'Successful production deployment',
        'deployment',
        records.productionDeploymentId,
      ),
      supportGroup: supportGroup
        ? {
            label: supportGroup,
            entityRef: qualifyInNamespace(supportGroup, 'group', entity),
          }
        : undefined,
      runbook: runbookOf(entity),
      monitoring: monitoringOf(entity),
      unauthorizedDeployments: records.unauthorizedDeploymentId
        ? [
            {
              label: 'Unauthorized production deployment',
              recordType: 'deployment',
              recordId: records.unauthorizedDeploymentId,
            },
          ]
        : [],
    };
    return evidence;
  }
}
