import {
  computeAttainment,
  EntitySummary,
  StageTransition,
  valueStreamReadPermission,
} from '@valuestream/plugin-value-stream-common';
import type { ValueStreamStore } from '../database/ValueStreamStore';
import type { CatalogGateway } from './CatalogGateway';
import type { RequestContext } from './RequestContext';
import type { StageService } from './StageService';

/** The window over which service level attainment is measured. */
export const ATTAINMENT_WINDOW_DAYS = 30;
const RECENT = 10;
const OPEN_LIMIT = 100;
/** Incidents of the window taken into attainment at most. */
const WINDOW_INCIDENTS = 500;

/**
 * The entity tab's read model: everything about one configuration item in a
 * fixed number of queries, whatever its history.
 */
export class SummaryService {
  readonly #store: ValueStreamStore;
  readonly #catalog: CatalogGateway;
  readonly #stages: StageService;

  static create(options: {
    store: ValueStreamStore;
    catalog: CatalogGateway;
    stages: StageService;
  }) {
    return new SummaryService(options);
  }

  private constructor(options: {
    store: ValueStreamStore;
    catalog: CatalogGateway;
    stages: StageService;
  }) {
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#stages = options.stages;
  }

  async getSummary(
    entityRef: string,
    ctx: RequestContext,
  ): Promise<EntitySummary> {
    const now = new Date();
    const windowStart = new Date(
      now.getTime() - ATTAINMENT_WINDOW_DAYS * 86_400_000,
    ).toISOString();
    const refs = [entityRef];
    const store = this.#store;
    // The permission check, the catalog read and the store reads are
    // independent, so they run side by side; nothing is returned unless all
    // of them succeed. The stage needs the entity, so it follows it.
    const stage = Promise.all([
      ctx.authorize(valueStreamReadPermission),
      this.#catalog.requireEntity(entityRef, ctx.credentials),
    ]).then(([, entity]) => this.#stages.evaluate([entity], ctx.credentials));
    const [
      computed,
      stored,
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
      store.getEntityStages(refs),
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
    const current = result?.stage ?? 'demand';
    const recorded = stored.get(entityRef);
    return {
      entityRef,
      stage: current,
      // The recorded entry time holds only while the stage is unchanged.
      ...(recorded && recorded.stage === current
        ? { stageSince: recorded.since }
        : {}),
      checklist: result?.checklist ?? [],
      serviceLevels: serviceLevels.items.map(serviceLevel =>
        computeAttainment(serviceLevel, windowIncidents.items, {
          now: now.toISOString(),
          windowDays: ATTAINMENT_WINDOW_DAYS,
        }),
      ),
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
