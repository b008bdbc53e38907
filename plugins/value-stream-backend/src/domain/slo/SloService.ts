/*
 * SLOs measured from metrics. The evaluation task (once across replicas)
 * finds every declared SLO, asks its source for the SLI buckets it does not
 * have yet, stores them and what they make of the SLO; the read route
 * answers from the store alone.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_SERVICE_LEVEL_TIER,
  ANNOTATION_SLOS,
  bucketStart,
  budgetBurndown,
  evaluateSlo,
  formatSloWindow,
  parseSloDeclarations,
  SLI_RESOLUTION_MS,
  sloWindowBounds,
  thresholdSliceIsGood,
  valueStreamReadPermission,
  type SliBucket,
  type SloDefinition,
  type SloEvaluation,
  type SloList,
  type ParsedSloQuery,
  type SloStatus,
} from '@valuestream/plugin-value-stream-common';
import type { SloOrigin, StoredSloStatus } from '../../database/SloStore';
import type { ValueStreamStore } from '../../database/ValueStreamStore';
import { normalizeRef } from '../../lib/refs';
import type { ValueStreamSettings } from '../../settings';
import { CatalogGateway, entityRefOf, REF_FIELDS } from '../CatalogGateway';
import type { RequestContext } from '../RequestContext';
import type { SliSample, SliSource } from './SliSource';

/** One SLO to evaluate. */
export interface DeclaredSlo {
  entityRef: string;
  origin: SloOrigin;
  definition: SloDefinition;
}

/** What one evaluation run did. */
export interface SloRunResult {
  evaluated: number;
  stale: number;
  noSource: number;
  removed: number;
}

/** The longest window an SLO's numbers are read over, in ms. */
function retentionOf(definition: SloDefinition, now: number): number {
  const { start, end } = sloWindowBounds(definition.timeWindow, now);
  const alertWindows = definition.alertPolicies.flatMap(p =>
    p.conditions.map(c => c.longWindowMs),
  );
  return Math.max(end - start, ...alertWindows);
}

/**
 * The SLOs an entity declares: its annotation's, then its tier's that it
 * does not override by name, with `{{name}}` and `{{namespace}}` filled in.
 * An annotation that does not parse declares none (the catalog module
 * rejects such an entity, so this only meets one that slipped past it).
 */
export function declaredSlos(
  entity: Entity,
  settings: Pick<ValueStreamSettings, 'serviceLevelTiers'>,
): DeclaredSlo[] {
  const entityRef = entityRefOf(entity);
  const annotations = entity.metadata.annotations ?? {};
  const own: DeclaredSlo[] = [];
  const raw = annotations[ANNOTATION_SLOS];
  if (raw) {
    try {
      for (const definition of parseSloDeclarations(raw)) {
        own.push({ entityRef, origin: 'annotation', definition });
      }
    } catch {
      // Reported by the catalog module on the entity itself.
    }
  }
  const tierName =
    annotations[ANNOTATION_SERVICE_LEVEL_TIER]?.trim().toLocaleLowerCase(
      'en-US',
    );
  const tier = tierName ? settings.serviceLevelTiers.get(tierName) : undefined;
  const fill = (query: string) =>
    query
      .replaceAll('{{name}}', entity.metadata.name)
      .replaceAll('{{namespace}}', entity.metadata.namespace ?? 'default');
  for (const definition of tier?.sloDefinitions ?? []) {
    if (own.some(s => s.definition.name === definition.name)) {
      continue;
    }
    const indicator =
      definition.indicator.kind === 'ratio'
        ? {
            ...definition.indicator,
            good: fill(definition.indicator.good),
            total: fill(definition.indicator.total),
          }
        : { ...definition.indicator, query: fill(definition.indicator.query) };
    own.push({
      entityRef,
      origin: 'tier',
      definition: { ...definition, indicator },
    });
  }
  return own;
}

/** Samples by time. */
function byTime(samples: SliSample[]): Map<number, number> {
  return new Map(samples.map(s => [s.time, s.value]));
}

/** What a counter grew by from `before` to `after`; a reset starts at 0. */
function increase(before: number, after: number): number {
  return after >= before ? after - before : after;
}

/**
 * The buckets of `[from, end)` from the source. Counters: each bucket is
 * what the counters grew by between its start and its end. Otherwise each
 * query's value at a bucket's end is the bucket's (events, or a threshold
 * metric's value judged into a good or bad time slice). A bucket without
 * both values is missing data, not zero.
 */
async function fetchBuckets(
  definition: SloDefinition,
  source: SliSource,
  from: number,
  end: number,
  signal?: AbortSignal,
): Promise<SliBucket[]> {
  const step = SLI_RESOLUTION_MS;
  if (end <= from) {
    return [];
  }
  const indicator = definition.indicator;
  const buckets: SliBucket[] = [];
  if (indicator.kind === 'threshold') {
    const values = byTime(
      await source.queryRange(
        indicator.query,
        { start: from + step, end, stepMs: step },
        signal,
      ),
    );
    for (let t = from; t < end; t += step) {
      const value = values.get(t + step);
      if (value !== undefined) {
        const good = thresholdSliceIsGood(value, indicator.op, indicator.value);
        buckets.push({ start: t, good: good ? 1 : 0, total: 1 });
      }
    }
    return buckets;
  }
  const start = indicator.counter ? from : from + step;
  const range = { start, end, stepMs: step };
  const [good, total] = await Promise.all([
    source.queryRange(indicator.good, range, signal).then(byTime),
    source.queryRange(indicator.total, range, signal).then(byTime),
  ]);
  for (let t = from; t < end; t += step) {
    const goodAfter = good.get(t + step);
    const totalAfter = total.get(t + step);
    if (goodAfter === undefined || totalAfter === undefined) {
      continue;
    }
    if (!indicator.counter) {
      buckets.push({ start: t, good: goodAfter, total: totalAfter });
      continue;
    }
    const goodBefore = good.get(t);
    const totalBefore = total.get(t);
    if (goodBefore === undefined || totalBefore === undefined) {
      continue;
    }
    buckets.push({
      start: t,
      good: increase(goodBefore, goodAfter),
      total: increase(totalBefore, totalAfter),
    });
  }
  return buckets;
}

function windowLabel(definition: SloDefinition): string {
  return definition.timeWindow.kind === 'rolling'
    ? definition.timeWindow.duration
    : '1M';
}

/** The API's view of a stored SLO. */
function toStatus(stored: StoredSloStatus): SloStatus {
  const { definition, evaluation } = stored;
  return {
    entityRef: stored.entityRef,
    name: stored.name,
    ...(definition.displayName ? { displayName: definition.displayName } : {}),
    ...(definition.description ? { description: definition.description } : {}),
    origin: stored.origin,
    source: definition.source,
    budgetingMethod: definition.budgetingMethod,
    target: definition.target,
    timeWindow: windowLabel(definition),
    state: stored.state,
    ...(evaluation ? evaluationFields(evaluation) : {}),
    burnRates: evaluation?.burnRates ?? {},
    burnRateState: evaluation?.burnRateState ?? 'no-data',
    alerts: (evaluation?.alerts ?? []).map(policy => ({
      name: policy.name,
      severity: policy.severity,
      state: policy.state,
      conditions: policy.conditions.map(c => ({
        threshold: c.threshold,
        longWindow: formatSloWindow(c.longWindowMs),
        shortWindow: formatSloWindow(c.shortWindowMs),
        ...(c.longBurnRate === undefined
          ? {}
          : { longBurnRate: c.longBurnRate }),
        ...(c.shortBurnRate === undefined
          ? {}
          : { shortBurnRate: c.shortBurnRate }),
        state: c.state,
      })),
    })),
    ...(stored.measuredAt ? { measuredAt: stored.measuredAt } : {}),
    ...(stored.evaluatedAt ? { evaluatedAt: stored.evaluatedAt } : {}),
    ...(stored.error ? { error: stored.error } : {}),
  };
}

function evaluationFields(evaluation: SloEvaluation) {
  return {
    ...(evaluation.sli === undefined ? {} : { sli: evaluation.sli }),
    ...(evaluation.remainingBudget === undefined
      ? {}
      : { remainingBudget: evaluation.remainingBudget }),
    coverage: evaluation.coverage,
    good: evaluation.good,
    total: evaluation.total,
    windowStart: evaluation.windowStart,
    windowEnd: evaluation.windowEnd,
  };
}

export class SloService {
  readonly #store: ValueStreamStore;
  readonly #catalog: CatalogGateway;
  readonly #settings: ValueStreamSettings;
  readonly #logger: LoggerService;
  readonly #sources: ReadonlyMap<string, SliSource>;

  static create(options: {
    store: ValueStreamStore;
    catalog: CatalogGateway;
    settings: ValueStreamSettings;
    logger: LoggerService;
    sources: readonly SliSource[];
  }) {
    return new SloService(options);
  }

  private constructor(options: {
    store: ValueStreamStore;
    catalog: CatalogGateway;
    settings: ValueStreamSettings;
    logger: LoggerService;
    sources: readonly SliSource[];
  }) {
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#settings = options.settings;
    this.#logger = options.logger;
    this.#sources = new Map(options.sources.map(s => [s.name, s]));
  }

  /** Every SLO the catalog's services declare. */
  async listDeclared(): Promise<DeclaredSlo[]> {
    const entities = await this.#catalog.listEntities({
      kinds: this.#settings.stageKinds,
    });
    return entities.flatMap(entity => declaredSlos(entity, this.#settings));
  }

  /**
   * Evaluates every declared SLO at `now` and forgets the SLOs no longer
   * declared. One SLO's failing source marks that SLO stale and goes on.
   */
  async evaluateAll(
    options: { signal?: AbortSignal; now?: number } = {},
  ): Promise<SloRunResult> {
    const now = options.now ?? Date.now();
    const declared = await this.listDeclared();
    const result: SloRunResult = {
      evaluated: 0,
      stale: 0,
      noSource: 0,
      removed: 0,
    };
    for (const slo of declared) {
      if (options.signal?.aborted) {
        break;
      }
      const state = await this.evaluate(slo, now, options.signal);
      if (state === 'ok') {
        result.evaluated += 1;
      } else if (state === 'no-source') {
        result.noSource += 1;
      } else {
        result.stale += 1;
      }
    }
    if (!options.signal?.aborted) {
      const keep = new Set(
        declared.map(s => `${s.entityRef}\n${s.definition.name}`),
      );
      for (const key of await this.#store.slos.listKeys()) {
        if (!keep.has(`${key.entityRef}\n${key.name}`)) {
          await this.#store.slos.removeSlo(key.entityRef, key.name);
          result.removed += 1;
        }
      }
    }
    return result;
  }

  /**
   * Evaluates one SLO: fetches the buckets since the last stored one (the
   * last two again, for late scrapes), stores them, and stores what the
   * window makes of them. A source that fails leaves the last values in
   * place, marked stale; an SLO whose source is not configured is
   * `no-source` with no values.
   */
  async evaluate(
    slo: DeclaredSlo,
    now: number,
    signal?: AbortSignal,
  ): Promise<StoredSloStatus['state']> {
    const { entityRef, definition, origin } = slo;
    const slos = this.#store.slos;
    const evaluatedAt = new Date(now).toISOString();
    const previous = await slos.getStatus(entityRef, definition.name);
    const source = this.#sources.get(definition.source);
    if (!source) {
      await slos.putStatus({
        entityRef,
        name: definition.name,
        definition,
        origin,
        state: 'no-source',
        evaluatedAt,
        error: `No SLI source ${definition.source} is configured under valueStream.slo.sources`,
      });
      return 'no-source';
    }
    const end = bucketStart(now);
    const retainFrom = end - retentionOf(definition, now);
    try {
      const last = await slos.lastBucketStart(entityRef, definition.name);
      const from = Math.max(
        retainFrom,
        last === undefined ? retainFrom : last - SLI_RESOLUTION_MS,
      );
      const fetched = await fetchBuckets(definition, source, from, end, signal);
      await slos.writeBuckets(entityRef, definition.name, fetched);
      await slos.pruneBuckets(entityRef, definition.name, retainFrom);
      const buckets = await slos.listBuckets(
        entityRef,
        definition.name,
        retainFrom,
      );
      await slos.putStatus({
        entityRef,
        name: definition.name,
        definition,
        origin,
        state: 'ok',
        evaluation: evaluateSlo(definition, buckets, now),
        measuredAt: evaluatedAt,
        evaluatedAt,
      });
      return 'ok';
    } catch (error) {
      const message = (error as Error).message;
      this.#logger.warn(
        `SLO ${definition.name} of ${entityRef} not evaluated: ${message}`,
      );
      const measured = previous?.evaluation !== undefined;
      await slos.putStatus({
        entityRef,
        name: definition.name,
        definition,
        origin,
        state: measured ? 'stale' : 'pending',
        ...(measured
          ? {
              evaluation: previous!.evaluation,
              measuredAt: previous!.measuredAt,
            }
          : {}),
        evaluatedAt,
        error: message,
      });
      return 'stale';
    }
  }

  /**
   * The SLOs of one entity (with their burn-down) or of every service the
   * caller may see, from the store.
   */
  async list(
    query: ParsedSloQuery,
    ctx: RequestContext,
    now: number = Date.now(),
  ): Promise<SloList> {
    const [access] = await Promise.all([
      ctx.catalogReadAccess(),
      ctx.authorize(valueStreamReadPermission),
    ]);
    if (access === 'none') {
      return { items: [] };
    }
    const entityRef = query.entityRef
      ? normalizeRef(query.entityRef)
      : undefined;
    let stored = await this.#store.slos.listStatuses({
      entityRefs: entityRef ? [entityRef] : undefined,
      sort: query.sort,
      order: query.order,
    });
    if (access === 'conditional') {
      // Only the catalog can apply its own conditions.
      const visible = await this.#catalog.getEntities(
        [...new Set(stored.map(s => s.entityRef))],
        ctx.credentials,
        REF_FIELDS,
      );
      stored = stored.filter(s => visible.has(s.entityRef));
    }
    const items = stored.slice(0, query.limit).map(toStatus);
    if (entityRef) {
      await Promise.all(
        items.map(async (item, index) => {
          const definition = stored[index].definition;
          const { start, end } = sloWindowBounds(definition.timeWindow, now);
          const buckets = await this.#store.slos.listBuckets(
            entityRef,
            item.name,
            start,
          );
          item.burndown = budgetBurndown(
            buckets,
            definition.target,
            start,
            end,
          );
        }),
      );
    }
    return { items };
  }
}
