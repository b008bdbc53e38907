/*
 * The shapes the stores take and return. The stores themselves (one per
 * aggregate, behind the `ValueStreamStore` front) are the persistence
 * contract; services never see knex.
 */
import type {
  Approval,
  ChangeRecord,
  FieldChange,
  DeploymentRecord,
  EventRecord,
  IncidentRecord,
  LifecycleRecords,
  ProblemRecord,
  ReleaseRecord,
  ServiceLevelRecord,
  Stage,
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

/** Input of `records.create('change')`. Approvals are added with `addApproval`. */
export type NewChange = Omit<ChangeRecord, StoreOwnedFields | 'approvals'>;

/** Input of `records.create('release')`; `changeIds` are linked in the same transaction. */
export type NewRelease = Omit<ReleaseRecord, StoreOwnedFields | 'changeIds'> & {
  changeIds?: string[];
};

/** Input of `records.create('deployment')`. */
export type NewDeployment = Omit<DeploymentRecord, StoreOwnedFields>;

/** Input of `records.create('incident')`. */
export type NewIncident = Omit<IncidentRecord, StoreOwnedFields>;

/** Input of `records.create('problem')`; `incidentIds` are linked in the same transaction. */
export type NewProblem = Omit<
  ProblemRecord,
  StoreOwnedFields | 'incidentIds'
> & {
  incidentIds?: string[];
};

/** Input of `records.create('serviceLevel')`. */
export type NewServiceLevel = Omit<ServiceLevelRecord, StoreOwnedFields>;

/**
 * A partial update. `undefined` (or an absent key) leaves a field as it is,
 * `null` clears an optional field. `entityRef` cannot be changed. A link list
 * (`changeIds`, `incidentIds`) replaces the linked set; an incident's `sla`
 * replaces the whole clock state; approvals change only through
 * `addApproval`.
 */
export type RecordPatch<T> = {
  [K in Exclude<keyof T, 'entityRef'>]?: T[K] | null;
};

/**
 * A state transition or an edit appended to the record's history in the
 * same transaction as the update. The record's `state` is set to `to`.
 * `from` defaults to the state stored when the update runs.
 */
export interface HistoryInput {
  from?: string | null;
  to: string;
  note?: string;
  /** The fields an edit changed, before and after. */
  changes?: FieldChange[];
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

/** Filter of `records.list('change')`. */
export interface ChangeListFilter extends ListFilter {
  types?: string[];
  requestedBy?: string;
}

/** Filter of `records.list('release')`. */
export interface ReleaseListFilter extends ListFilter {
  /** Only releases that bundle this change. */
  changeId?: string;
  externalId?: string;
  /** Only releases of this git tag (exact). */
  gitTag?: string;
}

/** Filter of `records.list('deployment')`. */
export interface DeploymentListFilter extends ListFilter {
  environments?: string[];
  production?: boolean;
  releaseId?: string;
  changeId?: string;
  externalId?: string;
}

/** Filter of `records.list('incident')`. */
export interface IncidentListFilter extends ListFilter {
  priorities?: string[];
  major?: boolean;
  problemId?: string;
  causedByChangeId?: string;
  externalId?: string;
}

/** Filter of `records.list('problem')`. */
export interface ProblemListFilter extends ListFilter {
  /** Only problems linked to this incident. */
  incidentId?: string;
}

/** Filter of `records.list('serviceLevel')`. */
export type ServiceLevelListFilter = ListFilter;

/** Filter of `records.listChangesAwaitingApproval`. */
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

/** Input of `events.upsert`. */
export type NewEvent = Omit<EventRecord, 'id' | 'receivedAt'> & {
  receivedAt?: string;
};

/** Result of `events.upsert`. */
export interface UpsertEventResult {
  event: EventRecord;
  /** False when an event with the same (source, fingerprint, startsAt) existed. */
  created: boolean;
}

/** Result of `events.upsertOpeningIncidents`. */
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

/** Result of `events.createIncidentFor`. */
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
 * `summaries.get`).
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

/** Result of `stages.record`. */
export interface RecordStageResult {
  /** True when the stage changed and a history row was appended. */
  changed: boolean;
  previous: Stage | null;
}

/** Filter of `stages.list`. */
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
  /** An unauthorized production deployment in the window asked for. */
  unauthorizedDeploymentId?: string;
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

// ------------------------------------------------- record types by kind

/** The stored record of each record type: the records with a lifecycle. */
export type StoredRecords = LifecycleRecords;

/** The record types that live in their own table with a version and history. */
export type RecordKind = keyof StoredRecords;

/** What a caller gives to create a record of each type. */
export interface NewRecords {
  change: NewChange;
  release: NewRelease;
  deployment: NewDeployment;
  incident: NewIncident;
  problem: NewProblem;
  serviceLevel: NewServiceLevel;
}

/** The list filter of each record type. */
export interface RecordListFilters {
  change: ChangeListFilter;
  release: ReleaseListFilter;
  deployment: DeploymentListFilter;
  incident: IncidentListFilter;
  problem: ProblemListFilter;
  serviceLevel: ServiceLevelListFilter;
}

/** Who creates a record, and when (default: now). */
export interface CreateOptions extends WriteOptions {
  actor: string;
}

/** One compare-and-set update of a record. */
export interface UpdateOptions<K extends RecordKind> extends WriteOptions {
  id: string;
  /** The version the caller read; another one is a `ConflictError`. */
  expectedVersion: number;
  patch: RecordPatch<NewRecords[K]>;
  actor: string;
  /** A state transition or edit; its `to` becomes the record's state. */
  history?: HistoryInput;
  /**
   * Changes only: removes the change's approval decisions in the same
   * transaction (a material edit voided them; the history keeps them).
   */
  voidApprovals?: boolean;
}
