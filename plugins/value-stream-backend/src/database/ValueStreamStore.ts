/*
 * The persistence contract of the Value Stream backend. One interface, one
 * knex implementation (`DatabaseValueStreamStore`); services and the router
 * only ever see this interface.
 */
import type {
  Approval,
  ChangeRecord,
  DeploymentRecord,
  EventRecord,
  IncidentRecord,
  Page,
  ProblemRecord,
  ReleaseRecord,
  ServiceLevelRecord,
  Stage,
  StageTransition,
} from '@valuestream/plugin-value-stream-common';

// ------------------------------------------------------------------ inputs

/** Fields the store owns on every record; never part of an input. */
type StoreOwnedFields =
  | 'id'
  | 'version'
  | 'history'
  | 'createdAt'
  | 'updatedAt'
  | 'createdBy';

/** Input of `createChange`. Approvals are added with `addApproval`. */
export type NewChange = Omit<ChangeRecord, StoreOwnedFields | 'approvals'>;

/** Input of `createRelease`; `changeIds` are linked in the same transaction. */
export type NewRelease = Omit<ReleaseRecord, StoreOwnedFields | 'changeIds'> & {
  changeIds?: string[];
};

/** Input of `createDeployment`. */
export type NewDeployment = Omit<DeploymentRecord, StoreOwnedFields>;

/** Input of `createIncident`. */
export type NewIncident = Omit<IncidentRecord, StoreOwnedFields>;

/** Input of `createProblem`; `incidentIds` are linked in the same transaction. */
export type NewProblem = Omit<
  ProblemRecord,
  StoreOwnedFields | 'incidentIds'
> & {
  incidentIds?: string[];
};

/** Input of `createServiceLevel`. */
export type NewServiceLevel = Omit<ServiceLevelRecord, StoreOwnedFields>;

/**
 * A partial update. `undefined` (or an absent key) leaves a field as it is,
 * `null` clears an optional field. `entityRef` cannot be changed.
 */
export type RecordPatch<T> = {
  [K in Exclude<keyof T, 'entityRef'>]?: T[K] | null;
};

/** Patch of a change. Approvals change only through `addApproval`. */
export type ChangePatch = RecordPatch<NewChange>;
/** Patch of a release; `changeIds`, when given, replaces the linked set. */
export type ReleasePatch = RecordPatch<NewRelease>;
/** Patch of a deployment. */
export type DeploymentPatch = RecordPatch<NewDeployment>;
/** Patch of an incident; `sla`, when given, replaces the whole clock state. */
export type IncidentPatch = RecordPatch<NewIncident>;
/** Patch of a problem; `incidentIds`, when given, replaces the linked set. */
export type ProblemPatch = RecordPatch<NewProblem>;
/** Patch of a service level. */
export type ServiceLevelPatch = RecordPatch<NewServiceLevel>;

/**
 * A state transition appended to the record's history in the same
 * transaction as the update. The record's `state` is set to `to`.
 * `from` defaults to the state stored when the update runs.
 */
export interface HistoryInput {
  from?: string | null;
  to: string;
  note?: string;
}

/** Options of a write. */
export interface WriteOptions {
  /**
   * ISO time of the write, defaults to now. Used by demo data and imports to
   * write records with a realistic past; services leave it out.
   */
  at?: string;
}

// ------------------------------------------------------------------ filters

/** Common filter of every record list. Newest first by `createdAt`. */
export interface ListFilter {
  /** Entity refs of the configuration items (matched case-insensitively). */
  entityRefs?: string[];
  states?: string[];
  /** Record ids; handy to fetch linked records in one query. */
  ids?: string[];
  /** Inclusive lower bound on `createdAt` (ISO). */
  from?: string;
  /** Exclusive upper bound on `createdAt` (ISO). */
  to?: string;
  /** Only records in an open (non-terminal) state when true, only closed when false. */
  open?: boolean;
  /** Opaque cursor from a previous page's `nextCursor`; a bad one is an `InputError`. */
  cursor?: string;
  /** Page size, 1..500. */
  limit: number;
  /** Leave `history` empty, for internal reads that do not use it. */
  withoutHistory?: boolean;
}

/** Filter of `listChanges`. */
export interface ChangeListFilter extends ListFilter {
  types?: string[];
  requestedBy?: string;
}

/** Filter of `listReleases`. */
export interface ReleaseListFilter extends ListFilter {
  /** Only releases that bundle this change. */
  changeId?: string;
  externalId?: string;
  /** Only releases of this git tag (exact). */
  gitTag?: string;
}

/** Filter of `listDeployments`. */
export interface DeploymentListFilter extends ListFilter {
  environments?: string[];
  production?: boolean;
  releaseId?: string;
  changeId?: string;
  externalId?: string;
}

/** Filter of `listIncidents`. */
export interface IncidentListFilter extends ListFilter {
  priorities?: string[];
  major?: boolean;
  problemId?: string;
  causedByChangeId?: string;
  externalId?: string;
}

/** Filter of `listProblems`. */
export interface ProblemListFilter extends ListFilter {
  /** Only problems linked to this incident. */
  incidentId?: string;
}

/** Filter of `listServiceLevels`. */
export type ServiceLevelListFilter = ListFilter;

/** Filter of `listChangesAwaitingApproval`. */
export interface AwaitingApprovalFilter {
  /** Leave out changes requested by this user (no self-approval). */
  excludeRequestedBy?: string;
  /** Leave out changes this user has already decided on. */
  approverRef?: string;
  entityRefs?: string[];
  cursor?: string;
  limit: number;
}

/** Input of `addApproval`. */
export type NewApproval = Omit<Approval, 'id' | 'changeId' | 'at'> & {
  at?: string;
};

// ------------------------------------------------------------------ events

/** Input of `upsertEvent`. */
export type NewEvent = Omit<EventRecord, 'id' | 'receivedAt'> & {
  receivedAt?: string;
};

/** Result of `upsertEvent`. */
export interface UpsertEventResult {
  event: EventRecord;
  /** False when an event with the same (source, fingerprint, startsAt) existed. */
  created: boolean;
}

/** Result of `upsertEventsOpeningIncidents`. */
export interface IngestedEventResult extends UpsertEventResult {
  /** The incident opened with the event, when one was. */
  openedIncidentId?: string;
}

/** Filter of `listEvents`. Newest received first. */
export interface EventListFilter {
  entityRef?: string;
  /** Only events that match no entity. */
  unmatched?: boolean;
  source?: string;
  status?: 'firing' | 'resolved';
  cursor?: string;
  limit: number;
}

/** Result of `createIncidentForEvent`. */
export interface CreateIncidentForEventResult {
  incident: IncidentRecord;
  /** False when an incident with the same (source, externalId) existed. */
  created: boolean;
}

// ------------------------------------------------------------------- stage

/** The stored stage of one entity. */
export interface EntityStage {
  entityRef: string;
  stage: Stage;
  /** When the entity entered `stage`. */
  since: string;
  /** When the stage was last computed. */
  computedAt: string;
  /** Number of unmet criteria of earlier stages. */
  gaps: number;
}

/**
 * The catalog facts the board shows and filters on, stored with the computed
 * stage so that the board does not list the catalog on every request.
 */
export interface EntityFacts {
  /** `kind` as the catalog spells it. */
  kind: string;
  /** `metadata.title`, else `metadata.name`. */
  title: string;
  /** `spec.owner` as written. */
  owner?: string;
  /** Lower-case target of the `ownedBy` relation. */
  ownerRef?: string;
  /** `spec.system` as written. */
  system?: string;
  /** Lower-case target of the `partOf` relation to a system. */
  systemRef?: string;
  lifecycle?: string;
}

/** Extras stored with a computed stage for the board. */
export interface StageExtras {
  gaps: number;
  /** Left as stored when absent. */
  facts?: EntityFacts;
  /** Version of the newest successful production deployment; null: none. */
  productionVersion?: string | null;
  /**
   * Digest of the computed stage and checklist. When it differs from the
   * stored one, the entity's stored summary is made stale: the change came
   * from the catalog, which no record write reports.
   */
  checklistKey?: string;
}

/**
 * What the summary read model holds for one entity (see
 * `getStoredSummary`).
 */
export interface StoredSummary {
  /**
   * The entity's summary generation: bumped by every write to its records.
   * A document built now is saved with this generation.
   */
  generation: number;
  /** The stored stage row; absent until the stage task placed the entity. */
  stage?: EntityStage;
  /** The stored document, only when it was built at `generation`. */
  body?: string;
  /**
   * Instead of `body`: the document built at `generation` is the one the
   * caller said it holds (`knownGeneration`).
   */
  known?: true;
}

/** Filter of `listBoardKeys`; refs are lower-case. */
export interface BoardFilter {
  ownerRef?: string;
  systemRef?: string;
  stage?: Stage;
}

/** Where a row of the board read model sorts: its stage and title. */
export interface BoardKey {
  entityRef: string;
  stage: Stage;
  /** The display title, absent like `BoardRow.item`. */
  title?: string;
}

/** One row of the board read model. */
export interface BoardRow extends BoardKey, EntityOpenCounts {
  /**
   * The board item without its open counts, as JSON, written with the
   * stage. Absent until the stage is recorded by a run that read the
   * catalog facts the board shows.
   */
  item?: string;
}

/** Result of `recordStage`. */
export interface RecordStageResult {
  /** True when the stage changed and a history row was appended. */
  changed: boolean;
  previous: Stage | null;
}

/** Filter of `listEntityStages`. */
export interface EntityStageFilter {
  stage?: Stage;
  refs?: string[];
}

// -------------------------------------------------------------- read models

/** Open record counts of one entity. */
export interface EntityOpenCounts {
  openIncidents: number;
  /** Open incidents whose response or resolution target is breached. */
  breachedIncidents: number;
  openChanges: number;
  openProblems: number;
}

/** The latest successful production deployment of one entity. */
export interface ProductionVersion {
  version: string;
  deploymentId: string;
  environment: string;
  /** `finishedAt`, else `createdAt`, of the deployment. */
  at: string;
}

/**
 * Record evidence for the stage computation of one entity. Each field holds
 * the id of the newest record that is the evidence, absent when there is none.
 */
export interface StageEvidence {
  /** A change with `proposesService`, not rejected or cancelled. */
  proposingChangeId?: string;
  /** A change in scheduled, implement, review, closed or failed (it was authorized). */
  authorizedChangeId?: string;
  /** A service level in state `agreed`. */
  agreedServiceLevelId?: string;
  /** A release in planned, building, ready or deployed (not abandoned). */
  plannedReleaseId?: string;
  /** A release in ready or deployed. */
  readyReleaseId?: string;
  /** A production deployment in state `success`. */
  productionDeploymentId?: string;
}

/** Breach flags to set on one incident. Flags are only ever set, never cleared. */
export interface IncidentBreach {
  id: string;
  responseBreached?: boolean;
  resolutionBreached?: boolean;
}

// ------------------------------------------------------------------- store

/**
 * The persistence of the Value Stream backend.
 *
 * Ids that reference other records (`releaseId`, `causedByChangeId`, ...)
 * must exist: an unknown one is an `InputError`. Empty filter arrays mean no
 * filter.
 *
 * Entity refs are stored and returned lower-case. Every write that touches
 * more than one row runs in one transaction. Updates are compare-and-set on
 * `version`: a stale `expectedVersion` throws `ConflictError` and writes
 * nothing; a missing record throws `NotFoundError`.
 */
export interface ValueStreamStore {
  // changes
  createChange(
    input: NewChange,
    actor: string,
    options?: WriteOptions,
  ): Promise<ChangeRecord>;
  getChange(id: string): Promise<ChangeRecord | undefined>;
  listChanges(filter: ChangeListFilter): Promise<Page<ChangeRecord>>;
  updateChange(
    id: string,
    expectedVersion: number,
    patch: ChangePatch,
    actor: string,
    historyEntry?: HistoryInput,
    options?: WriteOptions,
  ): Promise<ChangeRecord>;
  /**
   * Records one approver's decision and bumps the change's version. A second
   * decision by the same approver is a `ConflictError`.
   */
  addApproval(
    changeId: string,
    approval: NewApproval,
    expectedVersion: number,
  ): Promise<ChangeRecord>;
  /** Changes in state `authorize` that the approver may still decide on, newest first. */
  listChangesAwaitingApproval(
    filter: AwaitingApprovalFilter,
  ): Promise<Page<ChangeRecord>>;

  // releases
  createRelease(
    input: NewRelease,
    actor: string,
    options?: WriteOptions,
  ): Promise<ReleaseRecord>;
  getRelease(id: string): Promise<ReleaseRecord | undefined>;
  listReleases(filter: ReleaseListFilter): Promise<Page<ReleaseRecord>>;
  updateRelease(
    id: string,
    expectedVersion: number,
    patch: ReleasePatch,
    actor: string,
    historyEntry?: HistoryInput,
    options?: WriteOptions,
  ): Promise<ReleaseRecord>;
  /**
   * Adds changes to a release (idempotent). A missing release is a
   * `NotFoundError`, unknown change ids an `InputError`.
   */
  linkReleaseChanges(releaseId: string, changeIds: string[]): Promise<void>;
  unlinkReleaseChanges(releaseId: string, changeIds: string[]): Promise<void>;

  // deployments (release and change links are the `releaseId` / `changeId` fields)
  createDeployment(
    input: NewDeployment,
    actor: string,
    options?: WriteOptions,
  ): Promise<DeploymentRecord>;
  getDeployment(id: string): Promise<DeploymentRecord | undefined>;
  listDeployments(
    filter: DeploymentListFilter,
  ): Promise<Page<DeploymentRecord>>;
  updateDeployment(
    id: string,
    expectedVersion: number,
    patch: DeploymentPatch,
    actor: string,
    historyEntry?: HistoryInput,
    options?: WriteOptions,
  ): Promise<DeploymentRecord>;

  // incidents
  createIncident(
    input: NewIncident,
    actor: string,
    options?: WriteOptions,
  ): Promise<IncidentRecord>;
  getIncident(id: string): Promise<IncidentRecord | undefined>;
  listIncidents(filter: IncidentListFilter): Promise<Page<IncidentRecord>>;
  updateIncident(
    id: string,
    expectedVersion: number,
    patch: IncidentPatch,
    actor: string,
    historyEntry?: HistoryInput,
    options?: WriteOptions,
  ): Promise<IncidentRecord>;

  // problems
  createProblem(
    input: NewProblem,
    actor: string,
    options?: WriteOptions,
  ): Promise<ProblemRecord>;
  getProblem(id: string): Promise<ProblemRecord | undefined>;
  listProblems(filter: ProblemListFilter): Promise<Page<ProblemRecord>>;
  updateProblem(
    id: string,
    expectedVersion: number,
    patch: ProblemPatch,
    actor: string,
    historyEntry?: HistoryInput,
    options?: WriteOptions,
  ): Promise<ProblemRecord>;
  /**
   * Links incidents to a problem (idempotent) and sets their `problemId`
   * (bumping their version). A missing problem is a `NotFoundError`, unknown
   * incident ids an `InputError`.
   */
  linkProblemIncidents(problemId: string, incidentIds: string[]): Promise<void>;
  unlinkProblemIncidents(
    problemId: string,
    incidentIds: string[],
  ): Promise<void>;

  // service levels
  createServiceLevel(
    input: NewServiceLevel,
    actor: string,
    options?: WriteOptions,
  ): Promise<ServiceLevelRecord>;
  getServiceLevel(id: string): Promise<ServiceLevelRecord | undefined>;
  listServiceLevels(
    filter: ServiceLevelListFilter,
  ): Promise<Page<ServiceLevelRecord>>;
  updateServiceLevel(
    id: string,
    expectedVersion: number,
    patch: ServiceLevelPatch,
    actor: string,
    historyEntry?: HistoryInput,
    options?: WriteOptions,
  ): Promise<ServiceLevelRecord>;

  // events
  /**
   * Inserts an event, or updates status, severity, summary, labels, endsAt,
   * entityRef and receivedAt of the one with the same (source, fingerprint,
   * startsAt). Safe under concurrent deliveries.
   */
  upsertEvent(input: NewEvent): Promise<UpsertEventResult>;
  /**
   * `upsertEvent` for many events in one transaction, results in input
   * order. Inputs with the same (source, fingerprint, startsAt) fold into
   * one row as consecutive upserts would; only the first can be `created`.
   */
  upsertEvents(inputs: readonly NewEvent[]): Promise<UpsertEventResult[]>;
  /**
   * `upsertEvents` that also, in the same transaction, opens the incident
   * given with an event when that event is the only one of its (source,
   * fingerprint) and no incident links it (nothing to correlate it with),
   * and links the event to it. When a unique index refuses an incident
   * (opened meanwhile by a concurrent delivery) it stores the events alone,
   * and the caller correlates them.
   */
  upsertEventsOpeningIncidents(
    items: ReadonlyArray<{ event: NewEvent; incident?: NewIncident }>,
    actor: string,
    options?: WriteOptions,
  ): Promise<IngestedEventResult[]>;
  getEvent(id: string): Promise<EventRecord | undefined>;
  listEvents(filter: EventListFilter): Promise<Page<EventRecord>>;
  /** Links an event to the incident it opened or was correlated to. */
  setEventIncident(eventId: string, incidentId: string): Promise<void>;
  /**
   * Events of one (source, fingerprint) received at or after `since`, newest
   * received first, at most 500.
   */
  listEventsByFingerprint(
    source: string,
    fingerprint: string,
    since: string,
  ): Promise<EventRecord[]>;
  /**
   * Sets the entity of an unmatched event. A missing event is a
   * `NotFoundError`, an event that has an entity already a `ConflictError`
   * (compare-and-set: of two concurrent mappings one wins).
   */
  mapEvent(eventId: string, entityRef: string): Promise<EventRecord>;

  // meta
  /**
   * Records that `key` happened (in `vs_meta`), once: true for the caller
   * that recorded it, false when it was recorded before, also by another
   * replica at the same time.
   */
  claimMetaKey(key: string, options?: WriteOptions): Promise<boolean>;

  // ingestion
  /** The incident with this (source, externalId), in any state. */
  getIncidentByExternalId(
    source: string,
    externalId: string,
  ): Promise<IncidentRecord | undefined>;
  /**
   * The newest open incident linked to any event of the (source,
   * fingerprint).
   */
  findOpenIncidentForFingerprint(
    source: string,
    fingerprint: string,
  ): Promise<IncidentRecord | undefined>;
  /**
   * Creates an incident and links the event to it in one transaction.
   * Idempotent by (source, externalId): when that incident exists (also
   * created concurrently by another replica), links the event to it and
   * returns it with `created: false`.
   */
  createIncidentForEvent(
    input: NewIncident,
    eventId: string,
    actor: string,
    options?: WriteOptions,
  ): Promise<CreateIncidentForEventResult>;
  /**
   * The newest change of the entity in state scheduled or implement whose
   * planned window, where it has bounds, contains `at`.
   */
  findAuthorizedChange(
    entityRef: string,
    at: string,
  ): Promise<ChangeRecord | undefined>;

  // stage
  /** Stored stages by lower-case entity ref; refs never computed are absent. */
  getEntityStages(refs: string[]): Promise<Map<string, EntityStage>>;
  listEntityStages(filter?: EntityStageFilter): Promise<EntityStage[]>;
  /**
   * Stores the computed stage of an entity and appends a stage history row
   * only when the stage changed, in one transaction. Two concurrent calls
   * with the same new stage append one row.
   */
  recordStage(
    entityRef: string,
    stage: Stage,
    at: string,
    extras: StageExtras,
  ): Promise<RecordStageResult>;
  /**
   * Forgets the computed stage of entities the catalog no longer holds (their
   * stage history stays). Returns how many rows went.
   */
  deleteEntityStages(refs: string[]): Promise<number>;
  /** Stage transitions of an entity, oldest first. */
  getStageHistory(entityRef: string): Promise<StageTransition[]>;

  // read models (one query per chunk of refs)
  /**
   * What orders the board, without the items: every recorded entity that
   * matches the filter, so a page can be chosen before items are read.
   */
  listBoardKeys(filter: BoardFilter): Promise<BoardKey[]>;
  /** The board rows of these entities (those that have one). */
  getBoardRows(refs: string[]): Promise<BoardRow[]>;
  /** The newest deployment (any state) per environment of one entity. */
  latestDeploymentsByEnvironment(
    entityRef: string,
  ): Promise<DeploymentRecord[]>;
  latestProductionVersions(
    refs: string[],
  ): Promise<Map<string, ProductionVersion>>;
  getStageEvidence(refs: string[]): Promise<Map<string, StageEvidence>>;
  /**
   * Entities with a stored stage whose summary document is missing or
   * stale, in ref order after `after`, with their current generation.
   */
  listStaleSummaries(options: {
    after?: string;
    limit: number;
  }): Promise<Array<{ entityRef: string; generation: number }>>;
  /**
   * The entity's stored stage and summary document, in one query; the
   * document's body is left out when it is the one built at
   * `knownGeneration`, which the caller holds.
   */
  getStoredSummary(
    entityRef: string,
    options?: { knownGeneration?: number },
  ): Promise<StoredSummary>;
  /**
   * Stores a summary document built from reads made after `generation` was
   * read. Returns false, storing nothing, when a write has bumped the
   * generation since: the document may miss that write.
   */
  saveSummary(
    entityRef: string,
    generation: number,
    body: string,
  ): Promise<boolean>;

  // SLA support
  /**
   * Open, unpaused incidents with a response or resolution target that is
   * due at or before `now` and not yet flagged, earliest due first.
   */
  listIncidentsDueForBreachCheck(
    now: string,
    limit: number,
  ): Promise<IncidentRecord[]>;
  /**
   * Sets breach flags (never clears them), bumping version and updatedAt of
   * the incidents that changed. Returns the ids that changed.
   */
  markIncidentBreaches(
    breaches: IncidentBreach[],
    at: string,
  ): Promise<string[]>;
}
