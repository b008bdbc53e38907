/*
 * The narrow set of store and catalog operations the ingestion adapters
 * need. The adapters are written against this interface only, so they can be
 * tested with an in-memory double and wired to the real store and catalog by
 * a small implementation (see docs/ingestion.md, "Wiring").
 */
import type {
  DeploymentRecord,
  EventRecord,
  IncidentRecord,
  IncidentState,
  ReleaseRecord,
  ReleaseState,
} from '@valuestream/plugin-value-stream-common';
import {
  type AlertEntityLookup,
  type GithubMappingOptions,
  type IngestEntity,
  type IngestEventInput,
  type IngestIncidentDraft,
  type IngestPriorityOptions,
  type IngestSource,
} from './mappers';

/** Result of {@link IngestPorts.recordEvent}. */
export interface RecordEventResult {
  /** The stored event, with its id and, when linked, its `incidentId`. */
  event: EventRecord;
  /** False when an event with the same idempotency key was stored before. */
  created: boolean;
}

/** One event of {@link IngestPorts.recordEvents}. */
export interface RecordEventsInput {
  event: IngestEventInput;
  idempotencyKey: string;
  /** The incident to open with the event if it is the first of its fingerprint. */
  openIncident?: IngestIncidentDraft;
}

/** Result of one event of {@link IngestPorts.recordEvents}. */
export interface RecordEventsResult extends RecordEventResult {
  /** The incident opened with the event, when one was. */
  openedIncidentId?: string;
}

/** Input of {@link IngestPorts.createIncident}. */
export interface NewIngestIncident extends IngestIncidentDraft {
  /** The event that opened the incident; linked to it in the same transaction. */
  eventId: string;
  /** Time of ingestion (ISO). */
  at: string;
  /** Who writes: `external:alertmanager`, `external:pagerduty`. Never a user ref. */
  actor: string;
}

/** Result of {@link IngestPorts.createIncident}. */
export interface CreateIncidentResult {
  incident: IncidentRecord;
  /** False when an incident with the same (source, externalId) existed. */
  created: boolean;
}

/** Input of {@link IngestPorts.transitionIncident}. */
export interface IncidentTransitionRequest {
  id: string;
  /** The version the caller read; a stale one refuses the move. */
  expectedVersion: number;
  to: IncidentState;
  at: string;
  actor: string;
  /** History note, and the resolution note when `to` is resolved. */
  note: string;
}

/** Input of {@link IngestPorts.updateIncidentFields}. */
export interface IncidentFieldsUpdate {
  id: string;
  expectedVersion: number;
  patch: Partial<
    Pick<IncidentRecord, 'title' | 'urgency' | 'priority' | 'externalUrl'>
  >;
  at: string;
  actor: string;
  note: string;
}

/** Input of {@link IngestPorts.upsertDeploymentByExternalId}. */
export interface IngestDeploymentInput
  extends Pick<
    DeploymentRecord,
    | 'entityRef'
    | 'environment'
    | 'production'
    | 'deployedVersion'
    | 'state'
    | 'startedAt'
    | 'finishedAt'
    | 'gitSha'
    | 'url'
    | 'changeId'
    | 'releaseId'
  > {
  externalId: string;
  /** Version of the existing record the caller read; absent to create. */
  expectedVersion?: number;
  at: string;
  actor: string;
  /** History note of a state change. */
  note: string;
}

/** Input of {@link IngestPorts.upsertReleaseByExternalId}. */
export interface IngestReleaseInput {
  externalId: string;
  entityRef: string;
  releaseVersion: string;
  title: string;
  state: ReleaseState;
  gitTag?: string;
  gitSha?: string;
  url?: string;
  expectedVersion?: number;
  at: string;
  actor: string;
  note: string;
}

/**
 * What ingestion needs of the store and the catalog.
 *
 * Entity refs given to and returned by the ports are lower-case
 * `kind:namespace/name`. Methods that find return `undefined` (or an empty
 * list) rather than throwing for something that is not there.
 */
export interface IngestPorts {
  // ------------------------------------------------------------- catalog

  /**
   * Catalog lookups that map an alert to an entity (by ref, by name, and
   * the entities carrying `valuestream.io/alert-selector`), with the
   * entities' annotations. Called once or more per alert; the adapter
   * caches the answers for one request.
   */
  alertEntities: AlertEntityLookup;

  /**
   * Optional: answers in advance, in as few catalog reads as it can, the
   * `alertEntities.byRef` and `byName` questions of a whole notification,
   * so that mapping its alerts one by one reads no more of the catalog.
   */
  prefetchAlertEntities?(request: {
    refs: readonly string[];
    names: readonly string[];
  }): Promise<void>;

  /** Entities whose `github.com/project-slug` is `owner/repo` (case-insensitive), with annotations. */
  entitiesForGithubRepo(fullName: string): Promise<IngestEntity[]>;

  /** Entities whose `pagerduty.com/service-id` is the id, with annotations. */
  entitiesForPagerDutyService(serviceId: string): Promise<IngestEntity[]>;

  // -------------------------------------------------------------- events

  /**
   * Stores an event at most once per idempotency key. The key is a
   * function of the event's (source, fingerprint, startsAt), so a store
   * unique on that triple may ignore it. A second delivery updates status,
   * severity, summary, labels, endsAt, entityRef and receivedAt and returns
   * `created: false`. Safe under concurrent deliveries.
   */
  recordEvent(
    event: IngestEventInput,
    idempotencyKey: string,
  ): Promise<RecordEventResult>;

  /**
   * {@link IngestPorts.recordEvent} for the events of one delivery, in one
   * transaction; results in input order. Inputs with the same key fold into
   * one stored event (only the first can be `created`). An event given with
   * `openIncident` that is the only event of its (source, fingerprint) and
   * linked to no incident has nothing to correlate with: its incident is
   * opened (by `writer.actor`, at `writer.at`) and linked in the same
   * transaction, idempotent by the draft's (source, externalId) as
   * {@link IngestPorts.createIncident} is. Otherwise nothing is opened and
   * the caller correlates the event as usual.
   */
  recordEvents(
    events: readonly RecordEventsInput[],
    writer: { at: string; actor: string },
  ): Promise<RecordEventsResult[]>;

  /** Events of one (source, fingerprint) received at or after `since`, any order. */
  listEventsForFingerprint(
    source: IngestSource,
    fingerprint: string,
    since: string,
  ): Promise<EventRecord[]>;

  /** Links an event to an incident (overwrites an earlier link). */
  linkEventToIncident(eventId: string, incidentId: string): Promise<void>;

  // ----------------------------------------------------------- incidents

  getIncident(id: string): Promise<IncidentRecord | undefined>;

  /**
   * The newest incident, not resolved or closed, linked to any event of the
   * (source, fingerprint).
   */
  findOpenIncidentForFingerprint(
    source: IngestSource,
    fingerprint: string,
  ): Promise<IncidentRecord | undefined>;

  /** The incident with this (source, externalId), in any state. */
  findIncidentByExternalId(
    source: 'alertmanager' | 'pagerduty',
    externalId: string,
  ): Promise<IncidentRecord | undefined>;

  /**
   * Creates an incident in state `new` (starting its SLA clocks from the
   * entity's service level) and links `eventId` to it, in one transaction.
   * Idempotent by (source, externalId): when that incident exists, links
   * the event to it and returns it with `created: false`, also under
   * concurrent deliveries.
   */
  createIncident(input: NewIngestIncident): Promise<CreateIncidentResult>;

  /**
   * Moves an incident to `to` through the incident lifecycle, appending
   * history by `actor`; the implementation may pass through intermediate
   * states the lifecycle requires (new -> acknowledged -> in_progress ->
   * resolved). Sets `resolvedAt` and the resolution note on resolve.
   * Returns undefined, writing nothing, when the version is stale or the
   * lifecycle does not allow the move.
   */
  transitionIncident(
    request: IncidentTransitionRequest,
  ): Promise<IncidentRecord | undefined>;

  /** Patches fields of an incident; undefined when the version is stale. */
  updateIncidentFields(
    request: IncidentFieldsUpdate,
  ): Promise<IncidentRecord | undefined>;

  // ------------------------------------------------------------- changes

  /** A change by id, to check an id a deployment names. */
  findChange(
    id: string,
  ): Promise<{ id: string; entityRef: string } | undefined>;

  /**
   * The change that authorizes a deployment of the entity at `at`: the
   * newest change of the entity in state scheduled or implement whose
   * planned window, when it has one, contains `at`.
   */
  findAuthorizedChangeFor(
    entityRef: string,
    at: string,
  ): Promise<{ id: string } | undefined>;

  // --------------------------------------------------------- deployments

  findDeploymentByExternalId(
    externalId: string,
  ): Promise<DeploymentRecord | undefined>;

  /**
   * Creates the deployment, or updates the one with the same externalId to
   * the given fields (absent optional fields are cleared), appending a
   * history entry when the state changes. A stale `expectedVersion` is a
   * `ConflictError`; two concurrent creations make one record.
   */
  upsertDeploymentByExternalId(
    input: IngestDeploymentInput,
  ): Promise<{ deployment: DeploymentRecord; created: boolean }>;

  // ------------------------------------------------------------ releases

  findReleaseByExternalId(
    externalId: string,
  ): Promise<ReleaseRecord | undefined>;

  /** The release of the entity whose `gitTag` is the tag, if any. */
  findReleaseForTag(
    entityRef: string,
    tag: string,
  ): Promise<ReleaseRecord | undefined>;

  /** Like {@link IngestPorts.upsertDeploymentByExternalId}, for releases. */
  upsertReleaseByExternalId(
    input: IngestReleaseInput,
  ): Promise<{ release: ReleaseRecord; created: boolean }>;
}

// ------------------------------------------------------------------ results

/** What ingestion did with one alert or event. */
export type IngestOutcome =
  /** Stored; nothing more to do (informational or warning, or resolved without incident). */
  | 'recorded'
  /** Stored with `entityRef` null: no entity matched. */
  | 'unmatched'
  /** Not stored: an event the suite does not ingest (ping, other event types). */
  | 'ignored'
  /** A repeated delivery: stored before, nothing changed. */
  | 'duplicate'
  | 'incident-opened'
  /** Linked to an open incident of the same alert or PagerDuty incident. */
  | 'incident-linked'
  /** A flapping alert reopened its resolved incident. */
  | 'incident-reopened'
  | 'incident-resolved'
  /** The alert resolved but a person has taken the incident over. */
  | 'incident-kept-open'
  | 'incident-updated'
  | 'incident-unchanged'
  | 'deployment-created'
  | 'deployment-updated'
  | 'deployment-unchanged'
  | 'release-created'
  | 'release-updated'
  | 'release-unchanged';

/** The outcome of one alert or event. */
export interface IngestItemResult {
  /** The idempotency key; absent for ignored events. */
  key?: string;
  eventId?: string;
  entityRef: string | null;
  /** True when the event had been stored before. */
  duplicate: boolean;
  outcome: IngestOutcome;
  incidentId?: string;
  deploymentId?: string;
  /**
   * True when the deployment is a production deployment that no authorized
   * change covers (see `judgeDeploymentAuthorization`).
   */
  unauthorized?: boolean;
  releaseId?: string;
  /** Why, for outcomes that need a reason (unmatched, ignored, kept open). */
  reason?: string;
}

/** The response body of an ingestion route. */
export interface IngestResult {
  source: IngestSource;
  items: IngestItemResult[];
}

// ------------------------------------------------------------------ options

/** Options every adapter takes. */
export interface IngestOptions {
  /** Time of receipt (ISO); defaults to now. */
  now?: string;
  /** Actor of the writes; defaults to `INGEST_ACTORS[source]`. Never a user ref. */
  actor?: string;
  /** Tier impacts and the priority matrix (`valueStream.priorityMatrix`). */
  priority?: IngestPriorityOptions;
}

/** Options of the Alertmanager adapter. */
export interface AlertmanagerIngestOptions extends IngestOptions {
  /**
   * An exception alert that fires again within this many minutes of its
   * previous instance reopens that instance's incident instead of opening a
   * new one. Default `DEFAULT_FLAPPING_WINDOW_MINUTES` (60).
   */
  flappingWindowMinutes?: number;
}

/** Options of the GitHub adapter (`productionEnvironments` from config). */
export interface GithubIngestOptions
  extends IngestOptions,
    GithubMappingOptions {}
