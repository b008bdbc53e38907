import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  ApprovalDecision,
  Board,
  ChangeRecord,
  EntitySummary,
  EventRecord,
  Page,
  StageTransition,
} from '@valuestream/plugin-value-stream-common';
import type { AssetsOverview, ImpactAnalysis, MetricsReport } from './types';
import type {
  BoardFilter,
  Collection,
  CollectionCreateBodies,
  CollectionRecords,
  CollectionUpdateBodies,
  ListEventsQuery,
  ListRecordsQuery,
  MetricsQuery,
  TransitionRequest,
  ValueStreamApi,
} from './ValueStreamApi';

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

function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return [kind, namespace, name].map(encodeURIComponent).join('/');
}

/**
 * The HTTP client of the Value Stream backend (`/api/value-stream`).
 * @public
 */
export class ValueStreamClient implements ValueStreamApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  getSummary(entityRef: string): Promise<EntitySummary> {
    return this.request(`/entities/${entityPath(entityRef)}/summary`);
  }

  getHistory(entityRef: string): Promise<StageTransition[]> {
    return this.request(`/entities/${entityPath(entityRef)}/history`);
  }

  getBoard(query: BoardFilter = {}): Promise<Board> {
    return this.request(`/board${toQueryString({ ...query })}`);
  }

  listRecords<C extends Collection>(
    collection: C,
    query: ListRecordsQuery = {},
  ): Promise<Page<CollectionRecords[C]>> {
    return this.request(`/${collection}${toQueryString({ ...query })}`);
  }

  getRecord<C extends Collection>(
    collection: C,
    id: string,
  ): Promise<CollectionRecords[C]> {
    return this.request(`/${collection}/${encodeURIComponent(id)}`);
  }

  createRecord<C extends Collection>(
    collection: C,
    body: CollectionCreateBodies[C],
  ): Promise<CollectionRecords[C]> {
    return this.request(`/${collection}`, { method: 'POST', body });
  }

  updateRecord<C extends Collection>(
    collection: C,
    id: string,
    body: CollectionUpdateBodies[C],
  ): Promise<CollectionRecords[C]> {
    return this.request(`/${collection}/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      body,
    });
  }

  transitionRecord<C extends Collection>(
    collection: C,
    id: string,
    body: TransitionRequest,
  ): Promise<CollectionRecords[C]> {
    return this.request(
      `/${collection}/${encodeURIComponent(id)}/transitions`,
      { method: 'POST', body },
    );
  }

  approve(
    changeId: string,
    decision: ApprovalDecision,
    comment?: string,
  ): Promise<ChangeRecord> {
    return this.request(`/changes/${encodeURIComponent(changeId)}/approvals`, {
      method: 'POST',
      body: comment ? { decision, comment } : { decision },
    });
  }

  listAwaitingMyApproval(): Promise<Page<ChangeRecord>> {
    return this.request('/changes?awaitingApprovalBy=me');
  }

  listEvents(query: ListEventsQuery = {}): Promise<Page<EventRecord>> {
    return this.request(`/events${toQueryString({ ...query })}`);
  }

  mapEvent(eventId: string, entityRef: string): Promise<EventRecord> {
    return this.request(`/events/${encodeURIComponent(eventId)}/map`, {
      method: 'POST',
      body: { entityRef },
    });
  }

  getImpact(entityRef: string, depth?: number): Promise<ImpactAnalysis> {
    return this.request(
      `/entities/${entityPath(entityRef)}/impact${toQueryString({ depth })}`,
    );
  }

  getAssets(expiringWithinDays?: number): Promise<AssetsOverview> {
    return this.request(`/assets${toQueryString({ expiringWithinDays })}`);
  }

  getMetrics(query: MetricsQuery): Promise<MetricsReport> {
    const { entityRef, system, owner, from, to, bucket } = query;
    return this.request(
      `/metrics${toQueryString({
        entityRef,
        system,
        owner,
        from,
        to,
        bucket,
      })}`,
    );
  }

  private async request<T>(
    path: string,
    options: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('value-stream');
    const res = await this.#fetchApi.fetch(`${baseUrl}${path}`, {
      method: options.method ?? 'GET',
      ...(options.body !== undefined && {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(options.body),
      }),
    });
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as T;
  }
}
