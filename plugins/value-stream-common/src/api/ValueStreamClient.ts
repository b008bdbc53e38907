import type { SloList, SloQuery } from './sloSchemas';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { MetricsReport } from '../metrics/report';
import type { EntityScorecard } from '../scorecard';
import type {
  ApprovalDecision,
  ChangeRecord,
  EventRecord,
  StageTransition,
} from '../types';
import type {
  AssetsOverview,
  Board,
  EntitySummary,
  ImpactAnalysis,
  Page,
} from '../readModels';
import type {
  Collection,
  CollectionCreateBodies,
  CollectionRecords,
  CollectionUpdateBodies,
  TransitionRequest,
} from './collections';
import type {
  BoardFilter,
  ListEventsQuery,
  ListRecordsQuery,
  MetricsQuery,
} from './queries';
import { COLLECTION_ROUTES, ROUTES, type ValueStreamRoute } from './routes';
import type {
  ChangeCalendarQuery,
  ChangeCalendarWindows,
} from './changeCalendarSchemas';
import type { ChangeApprovalStatus } from '../changeApprovalPolicy';
import type { StandardChangeModel } from '../standardChanges';
import { CHANGE_ENABLEMENT_ROUTES } from './changeEnablementRoutes';
import type {
  ProposeStandardChangeModelInput,
  StandardChangeModelQuery,
  StandardChangeModelTransitionInput,
  UpdateStandardChangeModelInput,
} from './changeEnablementSchemas';

/**
 * The Value Stream REST API as its clients see it: the frontend through its
 * API ref, the scaffolder actions and tests through {@link ValueStreamClient}.
 * @public
 */
export interface ValueStreamApi {
  /** Everything the entity tab shows for one configuration item. */
  getSummary(entityRef: string): Promise<EntitySummary>;
  /** Stage transitions of one entity, oldest first. */
  getHistory(entityRef: string): Promise<StageTransition[]>;
  /**
   * The value stream board: a column per stage, or just the column of
   * `stage` when the query names one.
   */
  getBoard(query?: BoardFilter): Promise<Board>;

  listRecords<C extends Collection>(
    collection: C,
    query?: ListRecordsQuery,
  ): Promise<Page<CollectionRecords[C]>>;
  getRecord<C extends Collection>(
    collection: C,
    id: string,
  ): Promise<CollectionRecords[C]>;
  createRecord<C extends Collection>(
    collection: C,
    body: CollectionCreateBodies[C],
  ): Promise<CollectionRecords[C]>;
  updateRecord<C extends Collection>(
    collection: C,
    id: string,
    body: CollectionUpdateBodies[C],
  ): Promise<CollectionRecords[C]>;
  transitionRecord<C extends Collection>(
    collection: C,
    id: string,
    body: TransitionRequest,
  ): Promise<CollectionRecords[C]>;

  /**
   * Records an approval decision on a change in `authorize`; with
   * `freezeOverride`, the change authority's approval that lets a change
   * through a change freeze.
   */
  approve(
    changeId: string,
    decision: ApprovalDecision,
    comment?: string,
    options?: { freezeOverride?: boolean },
  ): Promise<ChangeRecord>;
  /** Changes in `authorize` whose approval policy asks for the signed-in user's decision. */
  listAwaitingMyApproval(): Promise<Page<ChangeRecord>>;
  /**
   * The freeze windows and the entities' maintenance windows that overlap
   * a range of the change calendar.
   */
  getChangeCalendar(query: ChangeCalendarQuery): Promise<ChangeCalendarWindows>;
  /** Who still has to decide on a change, under the approval policy. */
  getChangeApprovalStatus(changeId: string): Promise<ChangeApprovalStatus>;
  /**
   * Standard-change models, newest first; with `entityRef`, the ones a
   * standard change of that entity can be created from now.
   */
  listStandardChangeModels(
    query?: StandardChangeModelQuery,
  ): Promise<Page<StandardChangeModel>>;
  getStandardChangeModel(id: string): Promise<StandardChangeModel>;
  /** Proposes a model for the change authority to approve. */
  proposeStandardChangeModel(
    body: ProposeStandardChangeModelInput,
  ): Promise<StandardChangeModel>;
  /** Edits a model; editing what it authorizes asks for approval again. */
  updateStandardChangeModel(
    id: string,
    body: UpdateStandardChangeModelInput,
  ): Promise<StandardChangeModel>;
  /** Approves or retires a model (the change authority). */
  transitionStandardChangeModel(
    id: string,
    body: StandardChangeModelTransitionInput,
  ): Promise<StandardChangeModel>;
  /** Monitoring events, newest first. */
  listEvents(query?: ListEventsQuery): Promise<Page<EventRecord>>;
  /**
   * Maps an event that matched no entity to one (needs
   * `value-stream.event.manage`; 409 when the event is already matched).
   */
  mapEvent(eventId: string, entityRef: string): Promise<EventRecord>;

  /**
   * What the entity depends on and what depends on it, up to `depth` hops
   * (1 to 6, the backend defaults to 3).
   */
  getImpact(entityRef: string, depth?: number): Promise<ImpactAnalysis>;
  /**
   * The assets of the catalog, with those expiring within the given number
   * of days (the backend defaults to 90).
   */
  getAssets(expiringWithinDays?: number): Promise<AssetsOverview>;
  /** DORA and flow metrics of an entity, a system or an owner. */
  getMetrics(query: MetricsQuery): Promise<MetricsReport>;
  /**
   * A page of scorecards of the services the value stream tracks, in entity
   * ref order: many entities per call, for scorecard tools.
   */
  listScorecards(query?: {
    cursor?: string;
    limit?: number;
  }): Promise<Page<EntityScorecard>>;
  /**
   * SLOs as last measured: one entity's with their burn-down, or every
   * visible service's, least remaining budget first.
   */
  listSlos(query?: SloQuery): Promise<SloList>;
}

/** The plugin id the client discovers the backend by. */
const PLUGIN_ID = 'value-stream';

/**
 * What the client needs: the shapes of Backstage's `DiscoveryApi` and
 * `FetchApi` in the browser, and of the discovery service and a fetch that
 * adds credentials in a backend.
 * @public
 */
export interface ValueStreamClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi: { fetch: typeof fetch };
}

type QueryValue = string | number | boolean | string[] | undefined;

function toQueryString(query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') {
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length) {
        params.set(key, value.join(','));
      }
    } else {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function entityParams(entityRef: string) {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return { kind, namespace, name };
}

/** Fills the `{name}` parameters of a route path, encoded. */
function pathOf(route: ValueStreamRoute, params: Record<string, string>) {
  return route.path.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) {
      throw new TypeError(`Missing path parameter ${key} of ${route.path}`);
    }
    return encodeURIComponent(value);
  });
}

/**
 * The HTTP client of the Value Stream backend (`/api/value-stream`), the same
 * in the browser and in backend modules. Paths and methods come from the
 * route table; a failed request throws `ResponseError.fromResponse`.
 * @public
 */
export class ValueStreamClient implements ValueStreamApi {
  readonly #discoveryApi: ValueStreamClientOptions['discoveryApi'];
  readonly #fetchApi: ValueStreamClientOptions['fetchApi'];

  constructor(options: ValueStreamClientOptions) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  getSummary(entityRef: string): Promise<EntitySummary> {
    return this.#call(ROUTES.getEntitySummary, {
      params: entityParams(entityRef),
    });
  }

  getHistory(entityRef: string): Promise<StageTransition[]> {
    return this.#call(ROUTES.getEntityStageHistory, {
      params: entityParams(entityRef),
    });
  }

  getBoard(query: BoardFilter = {}): Promise<Board> {
    return this.#call(ROUTES.getBoard, { query: { ...query } });
  }

  listRecords<C extends Collection>(
    collection: C,
    query: ListRecordsQuery = {},
  ): Promise<Page<CollectionRecords[C]>> {
    return this.#call(COLLECTION_ROUTES[collection].list, {
      query: { ...query },
    });
  }

  getRecord<C extends Collection>(
    collection: C,
    id: string,
  ): Promise<CollectionRecords[C]> {
    return this.#call(COLLECTION_ROUTES[collection].get, { params: { id } });
  }

  createRecord<C extends Collection>(
    collection: C,
    body: CollectionCreateBodies[C],
  ): Promise<CollectionRecords[C]> {
    return this.#call(COLLECTION_ROUTES[collection].create, { body });
  }

  updateRecord<C extends Collection>(
    collection: C,
    id: string,
    body: CollectionUpdateBodies[C],
  ): Promise<CollectionRecords[C]> {
    return this.#call(COLLECTION_ROUTES[collection].update, {
      params: { id },
      body,
    });
  }

  transitionRecord<C extends Collection>(
    collection: C,
    id: string,
    body: TransitionRequest,
  ): Promise<CollectionRecords[C]> {
    return this.#call(COLLECTION_ROUTES[collection].transition, {
      params: { id },
      body,
    });
  }

  approve(
    changeId: string,
    decision: ApprovalDecision,
    comment?: string,
    options: { freezeOverride?: boolean } = {},
  ): Promise<ChangeRecord> {
    return this.#call(ROUTES.approveChange, {
      params: { id: changeId },
      body: {
        decision,
        ...(comment ? { comment } : {}),
        ...(options.freezeOverride ? { freezeOverride: true } : {}),
      },
    });
  }

  getChangeCalendar(
    query: ChangeCalendarQuery,
  ): Promise<ChangeCalendarWindows> {
    return this.#call(ROUTES.getChangeCalendar, {
      query: {
        from: query.from,
        to: query.to,
        entityRef: query.entityRefs,
      },
    });
  }

  listAwaitingMyApproval(): Promise<Page<ChangeRecord>> {
    return this.#call(COLLECTION_ROUTES.changes.list, {
      query: { awaitingApprovalBy: 'me' },
    });
  }

  getChangeApprovalStatus(changeId: string): Promise<ChangeApprovalStatus> {
    return this.#call(CHANGE_ENABLEMENT_ROUTES.getChangeApprovalStatus, {
      params: { id: changeId },
    });
  }

  listStandardChangeModels(
    query: StandardChangeModelQuery = {},
  ): Promise<Page<StandardChangeModel>> {
    return this.#call(CHANGE_ENABLEMENT_ROUTES.listStandardChangeModels, {
      query: { ...query },
    });
  }

  getStandardChangeModel(id: string): Promise<StandardChangeModel> {
    return this.#call(CHANGE_ENABLEMENT_ROUTES.getStandardChangeModel, {
      params: { id },
    });
  }

  proposeStandardChangeModel(
    body: ProposeStandardChangeModelInput,
  ): Promise<StandardChangeModel> {
    return this.#call(CHANGE_ENABLEMENT_ROUTES.proposeStandardChangeModel, {
      body,
    });
  }

  updateStandardChangeModel(
    id: string,
    body: UpdateStandardChangeModelInput,
  ): Promise<StandardChangeModel> {
    return this.#call(CHANGE_ENABLEMENT_ROUTES.updateStandardChangeModel, {
      params: { id },
      body,
    });
  }

  transitionStandardChangeModel(
    id: string,
    body: StandardChangeModelTransitionInput,
  ): Promise<StandardChangeModel> {
    return this.#call(CHANGE_ENABLEMENT_ROUTES.transitionStandardChangeModel, {
      params: { id },
      body,
    });
  }

  listEvents(query: ListEventsQuery = {}): Promise<Page<EventRecord>> {
    return this.#call(ROUTES.listEvents, { query: { ...query } });
  }

  mapEvent(eventId: string, entityRef: string): Promise<EventRecord> {
    return this.#call(ROUTES.mapEvent, {
      params: { id: eventId },
      body: { entityRef },
    });
  }

  getImpact(entityRef: string, depth?: number): Promise<ImpactAnalysis> {
    return this.#call(ROUTES.getEntityImpact, {
      params: entityParams(entityRef),
      query: { depth },
    });
  }

  getAssets(expiringWithinDays?: number): Promise<AssetsOverview> {
    return this.#call(ROUTES.getAssets, { query: { expiringWithinDays } });
  }

  getMetrics(query: MetricsQuery): Promise<MetricsReport> {
    const { entityRef, system, owner, from, to, bucket } = query;
    return this.#call(ROUTES.getMetrics, {
      query: { entityRef, system, owner, from, to, bucket },
    });
  }

  listScorecards(
    query: { cursor?: string; limit?: number } = {},
  ): Promise<Page<EntityScorecard>> {
    const { cursor, limit } = query;
    return this.#call(ROUTES.listScorecards, { query: { cursor, limit } });
  }

  listSlos(query: SloQuery = {}): Promise<SloList> {
    const { entityRef, sort, order, limit } = query;
    return this.#call(ROUTES.listSlos, {
      query: { entityRef, sort, order, limit },
    });
  }

  async #call<T>(
    route: ValueStreamRoute,
    request: {
      params?: Record<string, string>;
      query?: Record<string, QueryValue>;
      body?: unknown;
    },
  ): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl(PLUGIN_ID);
    const path = pathOf(route, request.params ?? {});
    const res = await this.#fetchApi.fetch(
      `${baseUrl}${path}${toQueryString(request.query)}`,
      {
        method: route.method,
        ...(request.body !== undefined && {
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(request.body),
        }),
      },
    );
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as T;
  }
}
