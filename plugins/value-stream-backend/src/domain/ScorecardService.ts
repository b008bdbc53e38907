import { InputError, NotFoundError } from '@backstage/errors';
import {
  entityScorecard,
  EntityScorecard,
  EntitySummary,
  IncidentRecord,
  ListQuery,
  Page,
  valueStreamReadPermission,
} from '@valuestream/plugin-value-stream-common';
import { decodeKeyset, encodeKeyset } from '../database/cursor';
import type { ValueStreamStore } from '../database/ValueStreamStore';
import { normalizeRef } from '../lib/refs';
import type { ValueStreamSettings } from '../settings';
import { CatalogGateway, REF_FIELDS } from './CatalogGateway';
import { MetricsService, metricsWindow } from './MetricsService';
import type { RequestContext } from './RequestContext';
import type { SummaryService } from './SummaryService';

/** Open incidents read per query. */
const INCIDENT_PAGE = 500;
/** The days a scorecard counts unauthorized deployments over. */
const UNAUTHORIZED_DAYS = 30;

/**
 * Scorecards of many services per request, for scorecard tools such as
 * Tech Insights that sweep the whole catalog: a page of the entities the
 * stage task placed, in ref order, each with its stage, gaps, service
 * levels (from its stored summary), open incidents by priority, DORA
 * metrics of the default metrics window and unauthorized production
 * deployments of the last 30 days. A page costs one summary read per
 * entity and one read per record type for the whole page.
 */
export class ScorecardService {
  readonly #store: ValueStreamStore;
  readonly #catalog: CatalogGateway;
  readonly #summaries: SummaryService;
  readonly #metrics: MetricsService;
  readonly #settings: ValueStreamSettings;

  static create(options: {
    store: ValueStreamStore;
    catalog: CatalogGateway;
    summaries: SummaryService;
    metrics: MetricsService;
    settings: ValueStreamSettings;
  }) {
    return new ScorecardService(options);
  }

  private constructor(options: {
    store: ValueStreamStore;
    catalog: CatalogGateway;
    summaries: SummaryService;
    metrics: MetricsService;
    settings: ValueStreamSettings;
  }) {
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#summaries = options.summaries;
    this.#metrics = options.metrics;
    this.#settings = options.settings;
  }

  async list(
    query: ListQuery,
    ctx: RequestContext,
    now: Date = new Date(),
  ): Promise<Page<EntityScorecard>> {
    for (const key of [
      'entityRef',
      'state',
      'from',
      'to',
      'awaitingApprovalBy',
      'unmatched',
    ] as const) {
      if (query[key] !== undefined) {
        throw new InputError(
          `Invalid query: ${key}: Not supported for scorecards`,
        );
      }
    }
    const [access] = await Promise.all([
      ctx.catalogReadAccess(),
      ctx.authorize(valueStreamReadPermission),
    ]);
    if (access === 'none') {
      return { items: [] };
    }
    const after = query.cursor ? decodeKeyset(query.cursor)[0] : undefined;
    let refs = (await this.#store.stages.listBoardKeys({}))
      .map(key => key.entityRef)
      .filter(
        ref =>
          this.#settings.stageKinds.includes(ref.slice(0, ref.indexOf(':'))) &&
          (after === undefined || ref > after),
      )
      .sort();
    if (access === 'conditional') {
      // Only the catalog can apply its own conditions.
      const visible = await this.#catalog.getEntities(
        refs,
        ctx.credentials,
        REF_FIELDS,
      );
      refs = refs.filter(ref => visible.has(ref));
    }
    const page = refs.slice(0, query.limit);
    const window = metricsWindow({}, now);
    const unauthorizedSince = new Date(
      now.getTime() - UNAUTHORIZED_DAYS * 86_400_000,
    ).toISOString();
    const [summaries, openIncidents, dora, unauthorized] = await Promise.all([
      Promise.all(page.map(ref => this.#summary(ref, ctx))),
      this.#openIncidents(page),
      this.#metrics.getDoraByEntity(page, window),
      page.length > 0
        ? this.#store.records.countUnauthorizedDeployments(
            page,
            unauthorizedSince,
          )
        : Promise.resolve(new Map<string, number>()),
    ]);
    const items: EntityScorecard[] = [];
    page.forEach((ref, index) => {
      const summary = summaries[index];
      const metrics = dora.get(ref);
      if (summary && metrics) {
        items.push(
          entityScorecard({
            summary,
            openIncidents: openIncidents.get(ref) ?? [],
            dora: metrics,
            unauthorizedDeployments: unauthorized.get(ref) ?? 0,
          }),
        );
      }
    });
    const last = page[page.length - 1];
    return {
      items,
      ...(last && page.length < refs.length
        ? { nextCursor: encodeKeyset([last, '']) }
        : {}),
    };
  }

  /** The entity's summary; undefined once it has left the catalog. */
  async #summary(
    entityRef: string,
    ctx: RequestContext,
  ): Promise<EntitySummary | undefined> {
    try {
      return JSON.parse(await this.#summaries.getSummaryJson(entityRef, ctx));
    } catch (error) {
      if (NotFoundError.is(error)) {
        return undefined;
      }
      throw error;
    }
  }

  /** The open incidents of the entities, by lower-case ref. */
  async #openIncidents(
    refs: string[],
  ): Promise<Map<string, Pick<IncidentRecord, 'priority'>[]>> {
    const byRef = new Map<string, Pick<IncidentRecord, 'priority'>[]>();
    if (refs.length === 0) {
      return byRef;
    }
    let cursor: string | undefined;
    do {
      const page = await this.#store.records.list('incident', {
        entityRefs: refs,
        open: true,
        withoutHistory: true,
        cursor,
        limit: INCIDENT_PAGE,
      });
      for (const incident of page.items) {
        const ref = normalizeRef(incident.entityRef);
        byRef.set(ref, [...(byRef.get(ref) ?? []), incident]);
      }
      cursor = page.nextCursor;
    } while (cursor);
    return byRef;
  }
}
