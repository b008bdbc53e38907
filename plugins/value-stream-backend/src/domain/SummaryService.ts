import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { LRUCache } from 'lru-cache';
import {
  attainmentIncidentOf,
  recordHeadline,
  StageResult,
  StageTransition,
  valueStreamReadPermission,
} from '@valuestream/plugin-value-stream-common';
import type { ValueStreamStore } from '../database/ValueStreamStore';
import type { CatalogGateway } from './CatalogGateway';
import type { RequestContext } from './RequestContext';
import {
  ATTAINMENT_WINDOW_DAYS,
  presentSummary,
  serializeSummary,
} from './responseJson';
import type { StageService } from './StageService';

const DAY = 86_400_000;

/** Entities whose stored summary is rebuilt per batch by `refreshStale`. */
const REFRESH_BATCH = 100;
const RECENT = 10;
const OPEN_LIMIT = 100;
/** Incidents of the window taken into attainment at most. */
const WINDOW_INCIDENTS = 500;
/**
 * Memory each replica gives stored documents it served, about 2,500 tabs'
 * worth: a read checks the stored generation and reads the document again
 * only when it changed.
 */
const DOCUMENT_CACHE_BYTES = 32 * 1024 * 1024;

/**
 * The entity tab's read model: everything about one configuration item,
 * stored per entity and kept fresh by the store's writes.
 */
export class SummaryService {
  readonly #store: ValueStreamStore;
  readonly #catalog: CatalogGateway;
  readonly #stages: StageService;
  readonly #logger: LoggerService;
  readonly #documents = new LRUCache<
    string,
    { generation: number; body: string }
  >({
    maxSize: DOCUMENT_CACHE_BYTES,
    sizeCalculation: document => 2 * document.body.length,
  });

  static create(options: {
    store: ValueStreamStore;
    catalog: CatalogGateway;
    stages: StageService;
    logger: LoggerService;
  }) {
    return new SummaryService(options);
  }

  private constructor(options: {
    store: ValueStreamStore;
    catalog: CatalogGateway;
    stages: StageService;
    logger: LoggerService;
  }) {
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#stages = options.stages;
    this.#logger = options.logger;
  }

  /**
   * The summary, as JSON, from the stored read model when it is fresh: one
   * query, and only the attainment inputs parsed. It is rebuilt (a dozen
   * queries and a catalog read) when a write to the entity's records, or a
   * stage run that saw the catalog change, made it stale, or when the
   * entity has no stored stage yet.
   */
  async getSummaryJson(
    entityRef: string,
    ctx: RequestContext,
  ): Promise<string> {
    const cached = this.#documents.get(entityRef);
    const [, access, stored] = await Promise.all([
      ctx.authorize(valueStreamReadPermission),
      ctx.catalogReadAccess(),
      this.#store.summaries.get(entityRef, {
        knownGeneration: cached?.generation,
      }),
    ]);
    if (access === 'none') {
      throw new NotFoundError(`No catalog entity ${entityRef}`);
    }
    const body = stored.known ? cached?.body : stored.body;
    // The stored stage row stands for the catalog's word that the entity
    // exists, as of the last stage run; a caller whose catalog access has
    // conditions is checked by the catalog itself.
    if (body !== undefined && stored.stage) {
      if (access === 'conditional') {
        await this.#catalog.requireEntity(entityRef, ctx.credentials);
      }
      if (!stored.known) {
        this.#documents.set(entityRef, {
          generation: stored.generation,
          body,
        });
      }
      return presentSummary(entityRef, body, stored.stage, new Date());
    }
    const document = await this.#build(
      entityRef,
      await this.#evaluate(entityRef, ctx),
    );
    // Kept only for entities the stage task placed: others (kinds it does
    // not track, services it has not seen yet) are never served from it.
    if (stored.stage) {
      await this.#store.summaries
        .save(entityRef, { generation: stored.generation, body: document })
        .catch(error =>
          this.#logger.warn(
            `Could not store the summary of ${entityRef}: ${error}`,
          ),
        );
    }
    return presentSummary(entityRef, document, stored.stage, new Date());
  }

  /**
   * Builds the stored documents that are missing or stale, for every entity
   * the stage task placed, so that tabs open on a built summary rather than
   * build it. Run after the stage task; idempotent and in batches.
   */
  async refreshStale(options?: {
    signal?: AbortSignal;
  }): Promise<{ built: number }> {
    let built = 0;
    let after: string | undefined;
    for (;;) {
      const stale = await this.#store.summaries.listStale({
        after,
        limit: REFRESH_BATCH,
      });
      if (stale.length === 0 || options?.signal?.aborted) {
        return { built };
      }
      after = stale[stale.length - 1].entityRef;
      const entities = await this.#catalog.getEntities(
        stale.map(s => s.entityRef),
      );
      // Entities that left the catalog are dropped by the stage task.
      const stages = await this.#stages.evaluate([...entities.values()]);
      for (const { entityRef, generation } of stale) {
        const stage = stages.get(entityRef);
        if (!stage) {
          continue;
        }
        const document = await this.#build(entityRef, stage);
        if (
          await this.#store.summaries.save(entityRef, {
            generation,
            body: document,
          })
        ) {
          built++;
        }
      }
    }
  }

  /**
   * The stored document of one entity, serialized: its records from the
   * store, its stage and checklist as computed. The stage is evaluated with
   * the plugin's own credentials, as the stage task does: the document is
   * shared by every caller.
   */
  async #build(entityRef: string, stage: StageResult): Promise<string> {
    const windowStart = new Date(
      Date.now() - ATTAINMENT_WINDOW_DAYS * DAY,
    ).toISOString();
    const refs = [entityRef];
    // The tab lists headlines and fetches a record in full when opened.
    const headlines = { entityRefs: refs, withoutHistory: true };
    const store = this.#store;
    const [
      serviceLevels,
      windowIncidents,
      openChanges,
      recentReleases,
      latestDeployments,
      recentDeployments,
      openIncidents,
      openProblems,
    ] = await Promise.all([
      store.records.list('serviceLevel', {
        entityRefs: refs,
        states: ['draft', 'proposed', 'agreed'],
        limit: 20,
      }),
      store.records.list('incident', {
        entityRefs: refs,
        from: windowStart,
        limit: WINDOW_INCIDENTS,
        // Only for attainment, which reads the incidents' own fields.
        withoutHistory: true,
      }),
      store.records.list('change', {
        ...headlines,
        open: true,
        limit: OPEN_LIMIT,
      }),
      store.records.list('release', { ...headlines, limit: RECENT }),
      store.stages.latestDeploymentsByEnvironment(entityRef),
      store.records.list('deployment', { ...headlines, limit: RECENT }),
      store.records.list('incident', {
        ...headlines,
        open: true,
        limit: OPEN_LIMIT,
      }),
      store.records.list('problem', {
        ...headlines,
        open: true,
        limit: OPEN_LIMIT,
      }),
    ]);
    return serializeSummary({
      stage: stage.stage,
      checklist: stage.checklist,
      serviceLevels: serviceLevels.items,
      windowIncidents: windowIncidents.items.map(attainmentIncidentOf),
      openChanges: openChanges.items.map(recordHeadline),
      recentReleases: recentReleases.items.map(recordHeadline),
      latestDeployments: latestDeployments.map(recordHeadline),
      recentDeployments: recentDeployments.items.map(recordHeadline),
      openIncidents: openIncidents.items.map(recordHeadline),
      openProblems: openProblems.items.map(recordHeadline),
    });
  }

  /** The entity's stage and checklist, the caller's read of it checked. */
  async #evaluate(
    entityRef: string,
    ctx: RequestContext,
  ): Promise<StageResult> {
    const entity = await this.#catalog.requireEntity(
      entityRef,
      ctx.credentials,
    );
    const computed = await this.#stages.evaluate([entity]);
    return (
      computed.get(entityRef) ??
      computed.values().next().value ?? { stage: 'demand', checklist: [] }
    );
  }

  async getStageHistory(
    entityRef: string,
    ctx: RequestContext,
  ): Promise<StageTransition[]> {
    await ctx.authorize(valueStreamReadPermission);
    await this.#catalog.requireEntity(entityRef, ctx.credentials);
    return this.#store.stages.getHistory(entityRef);
  }
}
