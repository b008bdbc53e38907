import { InputError } from '@backstage/errors';
import {
  ChangeRecord,
  DeploymentRecord,
  doraMetrics,
  DoraMetrics,
  IncidentRecord,
  MetricsBucket,
  MetricsReport,
  MetricsTrendPoint,
  MetricWindow,
  type ParsedMetricsQuery,
  Page,
  timeInStage,
  trend,
  TrendAggregate,
  TrendPoint,
  unauthorizedDeployments,
  valueStreamReadPermission,
  workInProgress,
} from '@valuestream/plugin-value-stream-common';
import type { ValueStreamStore } from '../database/ValueStreamStore';
import { CatalogGateway, entityRefOf } from './CatalogGateway';
import { normalizeRef, qualifyRef } from '../lib/refs';
import type { RequestContext } from './RequestContext';

/** The default window of a report, in days before `to`. */
const DEFAULT_METRICS_DAYS = 90;
/** The longest window a report covers, in days. */
const MAX_METRICS_DAYS = 731;
/**
 * Records created this many days before the window are read too: a change
 * made before the window can reach production in it, and an incident opened
 * before it can be resolved in it.
 */
const LOOKBACK_DAYS = 90;
/** Records of one type read at most per report (page size x pages). */
const MAX_RECORDS = 10_000;
const PAGE_SIZE = 500;
/** Entity refs per store query. */
const REF_CHUNK = 500;
const DAY_MS = 86_400_000;

/** The window of a report: `to` defaults to now, `from` to 90 days before. */
export function metricsWindow(
  query: Pick<ParsedMetricsQuery, 'from' | 'to'>,
  now: Date = new Date(),
): MetricWindow {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from
    ? new Date(query.from)
    : new Date(to.getTime() - DEFAULT_METRICS_DAYS * DAY_MS);
  if (Number.isNaN(to.getTime()) || Number.isNaN(from.getTime())) {
    throw new InputError('from and to must be ISO dates');
  }
  if (from.getTime() >= to.getTime()) {
    throw new InputError('from must be before to');
  }
  if (to.getTime() - from.getTime() > MAX_METRICS_DAYS * DAY_MS) {
    throw new InputError(
      `The window may span at most ${MAX_METRICS_DAYS} days`,
    );
  }
  return { from: from.toISOString(), to: to.toISOString() };
}

/** Buckets of a trend in the report's form. */
export function trendPoints(
  samples: readonly TrendPoint[],
  bucket: MetricsBucket,
  window: MetricWindow,
  aggregate: TrendAggregate,
): MetricsTrendPoint[] {
  return trend(samples, bucket, { window, aggregate }).map(b => ({
    bucket: b.start,
    value: b.value,
  }));
}

/** Reads every page of a store list, up to {@link MAX_RECORDS} items. */
async function readAll<T>(
  list: (cursor: string | undefined, limit: number) => Promise<Page<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(cursor, PAGE_SIZE);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < MAX_RECORDS);
  return items.slice(0, MAX_RECORDS);
}

function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

/**
 * DORA, change control (unauthorized deployments) and flow metrics of an
 * entity, a system's components or an owner's components, computed with
 * the metric functions of `common` over the records of a window.
 */
export class MetricsService {
  readonly #store: ValueStreamStore;
  readonly #catalog: CatalogGateway;

  static create(options: { store: ValueStreamStore; catalog: CatalogGateway }) {
    return new MetricsService(options);
  }

  private constructor(options: {
    store: ValueStreamStore;
    catalog: CatalogGateway;
  }) {
    this.#store = options.store;
    this.#catalog = options.catalog;
  }

  async getReport(
    query: ParsedMetricsQuery,
    ctx: RequestContext,
    now: Date = new Date(),
  ): Promise<MetricsReport> {
    const scopes = [query.entityRef, query.system, query.owner].filter(
      s => s !== undefined,
    );
    if (scopes.length !== 1) {
      throw new InputError('Give exactly one of entityRef, system or owner');
    }
    const window = metricsWindow(query, now);
    const bucket = query.bucket ?? 'week';
    await ctx.authorize(valueStreamReadPermission);

    let scope: MetricsReport['scope'];
    if (query.entityRef) {
      const entity = await this.#catalog.requireEntity(
        query.entityRef,
        ctx.credentials,
      );
      const ref = entityRefOf(entity);
      scope = { entityRef: ref, entityRefs: [ref] };
    } else {
      const system = query.system
        ? qualifyRef(query.system, 'system', 'system')
        : undefined;
      const owner = query.owner
        ? qualifyRef(query.owner, 'group', 'owner')
        : undefined;
      const entities = await this.#catalog.listEntities(
        { kinds: ['component'], system, owner },
        ctx.credentials,
      );
      scope = {
        ...(system ? { system } : {}),
        ...(owner ? { owner } : {}),
        entityRefs: entities.map(entityRefOf).sort(),
      };
    }

    const refs = scope.entityRefs;
    const [{ deployments, changes, incidents }, history, stages] =
      await Promise.all([
        this.#readRecords(refs, window),
        this.#store.stages.listHistory(refs),
        refs.length > 0
          ? this.#store.stages.list({ refs })
          : Promise.resolve([]),
      ]);

    const dora = doraMetrics({ deployments, changes, incidents }, window);
    const { samples: unauthorizedSamples, ...unauthorized } =
      unauthorizedDeployments(deployments, window);
    const toMs = Date.parse(window.to);
    return {
      scope,
      window,
      bucket,
      dora,
      unauthorizedDeployments: unauthorized,
      trends: {
        deployments: trendPoints(
          dora.deploymentFrequency.samples,
          bucket,
          window,
          'count',
        ),
        leadTimeMs: trendPoints(
          dora.leadTimeForChanges.samples,
          bucket,
          window,
          'median',
        ),
        changeFailureRate: trendPoints(
          dora.changeFailureRate.samples,
          bucket,
          window,
          'mean',
        ),
        timeToRestoreMs: trendPoints(
          dora.timeToRestore.samples,
          bucket,
          window,
          'median',
        ),
        unauthorizedDeployments: trendPoints(
          unauthorizedSamples,
          bucket,
          window,
          'count',
        ),
      },
      flow: {
        timeInStage: timeInStage(
          history.filter(t => Date.parse(t.at) < toMs),
          window.to,
        ),
        workInProgress: workInProgress(stages),
      },
    };
  }

  /**
   * The DORA metrics of each of `refs` over the window, from one read of
   * their records (not one per entity). The caller has checked access.
   */
  async getDoraByEntity(
    refs: readonly string[],
    window: MetricWindow,
  ): Promise<Map<string, DoraMetrics>> {
    const { deployments, changes, incidents } = await this.#readRecords(
      refs,
      window,
    );
    const byRef = new Map(
      refs.map(ref => [
        normalizeRef(ref),
        {
          deployments: [] as DeploymentRecord[],
          changes: [] as ChangeRecord[],
          incidents: [] as IncidentRecord[],
        },
      ]),
    );
    const own = (entityRef: string) => byRef.get(normalizeRef(entityRef));
    deployments.forEach(d => own(d.entityRef)?.deployments.push(d));
    changes.forEach(c => own(c.entityRef)?.changes.push(c));
    incidents.forEach(i => own(i.entityRef)?.incidents.push(i));
    return new Map(
      [...byRef].map(([ref, records]) => [ref, doraMetrics(records, window)]),
    );
  }

  /**
   * The production deployments, changes and incidents of `refs` that the
   * metrics of the window read: created in it or up to
   * {@link LOOKBACK_DAYS} before.
   */
  async #readRecords(refs: readonly string[], window: MetricWindow) {
    const readFrom = new Date(
      Date.parse(window.from) - LOOKBACK_DAYS * DAY_MS,
    ).toISOString();
    const filter = { from: readFrom, to: window.to };
    const store = this.#store;
    const perRefChunk = async <T>(
      read: (chunk: string[]) => Promise<T[]>,
    ): Promise<T[]> => {
      const result: T[] = [];
      for (const chunk of chunksOf(refs, REF_CHUNK)) {
        result.push(...(await read(chunk)));
      }
      return result;
    };
    const [deployments, changes, incidents] = await Promise.all([
      perRefChunk(chunk =>
        readAll((cursor, limit) =>
          store.records.list('deployment', {
            ...filter,
            entityRefs: chunk,
            production: true,
            cursor,
            limit,
          }),
        ),
      ),
      perRefChunk(chunk =>
        readAll((cursor, limit) =>
          store.records.list('change', {
            ...filter,
            entityRefs: chunk,
            cursor,
            limit,
          }),
        ),
      ),
      perRefChunk(chunk =>
        readAll((cursor, limit) =>
          store.records.list('incident', {
            ...filter,
            entityRefs: chunk,
            cursor,
            limit,
          }),
        ),
      ),
    ]);
    return { deployments, changes, incidents };
  }
}
