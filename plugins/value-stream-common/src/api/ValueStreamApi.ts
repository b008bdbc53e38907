import type {
  ApprovalDecision,
  AssetsOverview,
  Board,
  ChangeRecord,
  EntitySummary,
  EventRecord,
  ImpactAnalysis,
  Page,
  StageTransition,
} from '../types';
import type { MetricsReport } from '../metrics/report';
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
