import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ApprovalDecision,
  Board,
  ChangeRecord,
  DeploymentRecord,
  EntitySummary,
  EventRecord,
  IncidentRecord,
  Page,
  ProblemRecord,
  ReleaseRecord,
  RequestBody,
  ServiceLevelRecord,
  Stage,
  StageTransition,
  createChangeSchema,
  createDeploymentSchema,
  createIncidentSchema,
  createProblemSchema,
  createReleaseSchema,
  createServiceLevelSchema,
  transitionSchema,
  updateChangeSchema,
  updateDeploymentSchema,
  updateIncidentSchema,
  updateProblemSchema,
  updateReleaseSchema,
  updateServiceLevelSchema,
} from '@valuestream/plugin-value-stream-common';
import type {
  AssetsOverview,
  ImpactAnalysis,
  MetricsBucket,
  MetricsReport,
} from './types';

/**
 * The record collections of the REST API, as they appear in its paths.
 * @public
 */
export const COLLECTIONS = [
  'changes',
  'releases',
  'deployments',
  'incidents',
  'problems',
  'service-levels',
] as const;

/** @public */
export type Collection = (typeof COLLECTIONS)[number];

/**
 * The record type each collection holds.
 * @public
 */
export interface CollectionRecords {
  changes: ChangeRecord;
  releases: ReleaseRecord;
  deployments: DeploymentRecord;
  incidents: IncidentRecord;
  problems: ProblemRecord;
  'service-levels': ServiceLevelRecord;
}

/**
 * The body that creates a record in each collection.
 * @public
 */
export interface CollectionCreateBodies {
  changes: RequestBody<typeof createChangeSchema>;
  releases: RequestBody<typeof createReleaseSchema>;
  deployments: RequestBody<typeof createDeploymentSchema>;
  incidents: RequestBody<typeof createIncidentSchema>;
  problems: RequestBody<typeof createProblemSchema>;
  'service-levels': RequestBody<typeof createServiceLevelSchema>;
}

/**
 * The body that updates a record in each collection; it names the version
 * it read (optimistic concurrency).
 * @public
 */
export interface CollectionUpdateBodies {
  changes: RequestBody<typeof updateChangeSchema>;
  releases: RequestBody<typeof updateReleaseSchema>;
  deployments: RequestBody<typeof updateDeploymentSchema>;
  incidents: RequestBody<typeof updateIncidentSchema>;
  problems: RequestBody<typeof updateProblemSchema>;
  'service-levels': RequestBody<typeof updateServiceLevelSchema>;
}

/**
 * A request to move a record along its lifecycle.
 * @public
 */
export type TransitionRequest = RequestBody<typeof transitionSchema>;

/**
 * Query of the list endpoints. `state` is sent as a comma list; `from` and
 * `to` bound `createdAt`.
 * @public
 */
export interface ListRecordsQuery {
  entityRef?: string;
  state?: string[];
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/**
 * Query of the value stream board: its filters and the paging of its
 * columns. `limit` is services per column (1..200, the backend defaults to
 * 25); `cursor`, a column's `nextCursor`, continues that column and needs
 * its `stage`.
 * @public
 */
export interface BoardFilter {
  owner?: string;
  system?: string;
  stage?: Stage;
  kind?: string;
  cursor?: string;
  limit?: number;
}

/**
 * Query of the events list.
 * @public
 */
export interface ListEventsQuery {
  entityRef?: string;
  unmatched?: boolean;
  cursor?: string;
  limit?: number;
}

/**
 * Whose metrics to compute: one entity, the entities of a system, or the
 * entities an owner owns (exactly one of them).
 * @public
 */
export type MetricsScope =
  | { entityRef: string; system?: never; owner?: never }
  | { system: string; entityRef?: never; owner?: never }
  | { owner: string; entityRef?: never; system?: never };

/**
 * Query of the metrics endpoint: a scope, an optional window (ISO times,
 * the backend defaults to the last 90 days) and the trend bucket size
 * (default `week`).
 * @public
 */
export type MetricsQuery = MetricsScope & {
  from?: string;
  to?: string;
  bucket?: MetricsBucket;
};

/**
 * The Value Stream backend as the frontend sees it.
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

  /** Records an approval decision on a change in `authorize`. */
  approve(
    changeId: string,
    decision: ApprovalDecision,
    comment?: string,
  ): Promise<ChangeRecord>;
  /** Changes in `authorize` that the signed-in user may approve. */
  listAwaitingMyApproval(): Promise<Page<ChangeRecord>>;
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
}

/**
 * The API ref of the Value Stream client.
 * @public
 */
export const valueStreamApiRef = createApiRef<ValueStreamApi>({
  id: 'plugin.value-stream.service',
});
