import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  AttainmentIncident,
  attainmentIncidentOf,
  computeAttainment,
  EntitySummary,
  ServiceLevelRecord,
  StageTransition,
  valueStreamReadPermission,
} from '@valuestream/plugin-value-stream-common';
import type {
  EntityStage,
  ValueStreamStore,
} from '../database/ValueStreamStore';
import type { CatalogGateway } from './CatalogGateway';
import type { RequestContext } from './RequestContext';
import type { StageService } from './StageService';

/** The window over which service level attainment is measured. */
export const ATTAINMENT_WINDOW_DAYS = 30;
const DAY = 86_400_000;
const RECENT = 10;
const OPEN_LIMIT = 100;
/** Incidents of the window taken into attainment at most. */
const WINDOW_INCIDENTS = 500;

/**
 * What the read model stores of a summary: everything but what depends on
 * the time of the read. Attainment slides with the window, so the incidents
 * it reads are kept and it is computed at every read.
 */
interface SummaryDocument
  extends Omit<EntitySummary, 'entityRef' | 'stageSince' | 'serviceLevels'> {
  serviceLevels: ServiceLevelRecord[];
  /** Incidents opened in the window as it was when the document was built. */
  windowIncidents: AttainmentIncident[];
}

/** The summary of a stored document at the time `now`. */
function present(
  entityRef: string,
  document: SummaryDocument,
  stored: EntityStage | undefined,
  now: Date,
): EntitySummary {
  const { windowIncidents, serviceLevels, ...rest } = document;
  const windowStart = now.getTime() - ATTAINMENT_WINDOW_DAYS * DAY;
  const inWindow = windowIncidents.filter(
    incident => Date.parse(incident.createdAt) >= windowStart,
  );
  return {
    entityRef,
    ...rest,
    // The recorded entry time holds only while the stage is unchanged.
    ...(stored && stored.stage === document.stage
      ? { stageSince: stored.since }
      : {}),
    serviceLevels: serviceLevels.map(serviceLevel =>
      computeAttainment(serviceLevel, inWindow, {
        now: now.toISOString(),
        windowDays: ATTAINMENT_WINDOW_DAYS,
      }),
    ),
  };
}

/**
 * The entity tab's read model: everything about one configuration item,
 * stored per entity and kept fresh by the store's writes.
 */
export class SummaryService {
  readonly #store: ValueStreamStore;
  readonly #catalog: CatalogGateway;
  readonly #stages: StageService;
  readonly #logger: LoggerService;

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
   * The summary from the stored read model when it is fresh: one query. It
   * is rebuilt (a dozen queries and a catalog read) when a write to the
   * entity's records, or a stage run that saw the catalog change, made it
   * stale, or when the entity has no stored stage yet.
   */
  async getSummary(
    entityRef: string,
    ctx: RequestContext,
  ): Promise<EntitySummary> {
    const [, access, stored] = await Promise.all([
      ctx.authorize(valueStreamReadPermission),
      ctx.catalogReadAccess(),
      this.#store.getStoredSummary(entityRef),
    ]);
    if (access === 'none') {
      throw new NotFoundError(`No catalog entity ${entityRef}`);
    }
    let document: SummaryDocument;
    // The stored stage row stands for the catalog's word that the entity
    // exists, as of the last stage run; a caller whose catalog access has
    // conditions is checked by the catalog itself.
    if (stored.body !== undefined && stored.stage) {
      if (access === 'conditional') {
        await this.#catalog.requireEntity(entityRef, ctx.credentials);
      }
      document = JSON.parse(stored.body);
    } else {
      document = await this.#build(entityRef, ctx);
      // Kept only for entities the stage task placed: others (kinds it does
      // not track, services it has not seen yet) are never served from it.
      if (stored.stage) {
        await this.#store
          .saveSummary(entityRef, stored.generation, JSON.stringify(document))
          .catch(error =>
            this.#logger.warn(
              `Could not store the summary of ${entityRef}: ${error}`,
            ),
          );
      }
    }
    return present(entityRef, document, stored.stage, new Date());
  }

  /** Reads everything the summary shows, the stage from the catalog. */
  async #build(
    entityRef: string,
    ctx: RequestContext,
  ): Promise<SummaryDocument> {
    const windowStart = new Date(
      Date.now() - ATTAINMENT_WINDOW_DAYS * DAY,
    ).toISOString();
    const refs = [entityRef];
    const store = this.#store;
    const stage = this.#catalog
      .requireEntity(entityRef, ctx.credentials)
      .then(entity => this.#stages.evaluate([entity], ctx.credentials));
    const [
      computed,
      serviceLevels,
      windowIncidents,
      openChanges,
      recentReleases,
      latestDeployments,
      recentDeployments,
      openIncidents,
      openProblems,
    ] = await Promise.all([
      stage,
      store.listServiceLevels({
        entityRefs: refs,
        states: ['draft', 'proposed', 'agreed'],
        limit: 20,
      }),
      store.listIncidents({
        entityRefs: refs,
        from: windowStart,
        limit: WINDOW_INCIDENTS,
        // Only for attainment, which reads the incidents' own fields.
        withoutHistory: true,
      }),
      store.listChanges({ entityRefs: refs, open: true, limit: OPEN_LIMIT }),
      store.listReleases({ entityRefs: refs, limit: RECENT }),
      store.latestDeploymentsByEnvironment(entityRef),
      store.listDeployments({ entityRefs: refs, limit: RECENT }),
      store.listIncidents({ entityRefs: refs, open: true, limit: OPEN_LIMIT }),
      store.listProblems({ entityRefs: refs, open: true, limit: OPEN_LIMIT }),
    ]);
    const result = computed.get(entityRef) ?? computed.values().next().value;
    return {
      stage: result?.stage ?? 'demand',
      checklist: result?.checklist ?? [],
      serviceLevels: serviceLevels.items,
      windowIncidents: windowIncidents.items.map(attainmentIncidentOf),
      openChanges: openChanges.items,
      recentReleases: recentReleases.items,
      latestDeployments,
      recentDeployments: recentDeployments.items,
      openIncidents: openIncidents.items,
      openProblems: openProblems.items,
    };
  }

  async getStageHistory(
    entityRef: string,
    ctx: RequestContext,
  ): Promise<StageTransition[]> {
    await ctx.authorize(valueStreamReadPermission);
    await this.#catalog.requireEntity(entityRef, ctx.credentials);
    return this.#store.getStageHistory(entityRef);
  }
}
