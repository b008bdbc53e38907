/**
 * The domain model of the Value Stream plugins, shared by the backend that
 * enforces it and the frontend that shows it. Every practice record is keyed
 * by the catalog entity ref of the configuration item it belongs to.
 */

/**
 * The stages of the service value stream, in order.
 * @public
 */
export const STAGES = [
  'demand',
  'design',
  'build',
  'test',
  'deploy',
  'operate',
  'retired',
] as const;

/** @public */
export type Stage = (typeof STAGES)[number];

/**
 * The kinds of practice record the suite stores.
 * @public
 */
export const RECORD_TYPES = [
  'change',
  'release',
  'deployment',
  'incident',
  'problem',
  'serviceLevel',
  'event',
] as const;

/** @public */
export type RecordType = (typeof RECORD_TYPES)[number];

/**
 * One state transition of a record, appended and never rewritten.
 * @public
 */
export interface HistoryEntry {
  at: string;
  /** Entity ref of the user or service that acted. */
  by: string;
  from: string | null;
  to: string;
  note?: string;
}

/**
 * Fields every practice record has.
 * @public
 */
export interface RecordBase {
  id: string;
  /** Catalog entity ref of the configuration item, e.g. `component:default/checkout`. */
  entityRef: string;
  createdAt: string;
  updatedAt: string;
  /** Entity ref of the user or service that created the record. */
  createdBy: string;
  /** Optimistic concurrency: an update must name the version it read. */
  version: number;
  history: HistoryEntry[];
}

// ---------------------------------------------------------------- changes

/** @public */
export const CHANGE_TYPES = ['standard', 'normal', 'emergency'] as const;
/** @public */
export type ChangeType = (typeof CHANGE_TYPES)[number];

/** @public */
export const CHANGE_STATES = [
  'new',
  'assess',
  'authorize',
  'scheduled',
  'implement',
  'review',
  'closed',
  'rejected',
  'cancelled',
  'failed',
] as const;
/** @public */
export type ChangeState = (typeof CHANGE_STATES)[number];

/** @public */
export type ApprovalDecision = 'approved' | 'rejected';

/**
 * The decisions an approver can record, for schemas and pickers.
 * @public
 */
export const APPROVAL_DECISIONS = [
  'approved',
  'rejected',
] as const satisfies readonly ApprovalDecision[];

/** @public */
export interface Approval {
  id: string;
  changeId: string;
  /** Entity ref of the approving user. */
  approver: string;
  decision: ApprovalDecision;
  comment?: string;
  at: string;
}

/** @public */
export type RiskLevel = 'low' | 'medium' | 'high' | 'very_high';

/**
 * Risk levels from lowest to highest.
 * @public
 */
export const RISK_LEVELS = [
  'low',
  'medium',
  'high',
  'very_high',
] as const satisfies readonly RiskLevel[];

/** @public */
export interface ChangeRecord extends RecordBase {
  title: string;
  description: string;
  type: ChangeType;
  state: ChangeState;
  /** Entity ref of the user who requested the change. */
  requestedBy: string;
  plannedStart?: string;
  plannedEnd?: string;
  /** Risk score 0..100 and its level, computed by `assessChangeRisk`. */
  riskScore?: number;
  riskLevel?: RiskLevel;
  /** True for the change that proposes a new service (demand stage evidence). */
  proposesService: boolean;
  approvals: Approval[];
}

// ---------------------------------------------------------------- releases

/** @public */
export const RELEASE_STATES = [
  'planned',
  'building',
  'ready',
  'deployed',
  'abandoned',
] as const;
/** @public */
export type ReleaseState = (typeof RELEASE_STATES)[number];

/** @public */
export interface ReleaseRecord extends RecordBase {
  /** The release's own version label, e.g. `2.4.0`. */
  releaseVersion: string;
  title: string;
  state: ReleaseState;
  /** Ids of the changes bundled in the release. */
  changeIds: string[];
  gitTag?: string;
  gitSha?: string;
  url?: string;
  externalId?: string;
}

// ------------------------------------------------------------- deployments

/** @public */
export const DEPLOYMENT_STATES = [
  'pending',
  'in_progress',
  'success',
  'failure',
] as const;
/** @public */
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

/** @public */
export interface DeploymentRecord extends RecordBase {
  environment: string;
  /** Whether the environment counts as production. */
  production: boolean;
  deployedVersion: string;
  state: DeploymentState;
  startedAt?: string;
  finishedAt?: string;
  releaseId?: string;
  changeId?: string;
  gitSha?: string;
  url?: string;
  externalId?: string;
}

// --------------------------------------------------------------- incidents

/** @public */
export const INCIDENT_STATES = [
  'new',
  'acknowledged',
  'in_progress',
  'resolved',
  'closed',
] as const;
/** @public */
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** @public */
export const IMPACTS = ['high', 'medium', 'low'] as const;
/** @public */
export type Impact = (typeof IMPACTS)[number];
/** @public */
export const URGENCIES = ['high', 'medium', 'low'] as const;
/** @public */
export type Urgency = (typeof URGENCIES)[number];
/** @public */
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
/** @public */
export type Priority = (typeof PRIORITIES)[number];

/**
 * Working hours an SLA clock counts in, when targets are business time.
 * @public
 */
export interface BusinessHours {
  /** IANA time zone, e.g. `Europe/Berlin`. */
  zone: string;
  /** First working hour of the day, 0..23. */
  startHour: number;
  /** Hour the working day ends, 1..24, after `startHour`. */
  endHour: number;
  /** ISO weekdays that are working days: 1 = Monday .. 7 = Sunday. */
  days: number[];
}

/** @public */
export interface SlaClockState {
  responseDueAt?: string;
  resolutionDueAt?: string;
  respondedAt?: string;
  /** Set while the incident waits on the reporter; the clock is paused. */
  pausedAt?: string;
  /** Total paused milliseconds so far. */
  pausedMs: number;
  responseBreached: boolean;
  resolutionBreached: boolean;
  /**
   * Set when the clock counts business time only; kept with the state so that
   * pausing and resuming shift due times the same way they were computed.
   */
  businessHours?: BusinessHours;
}

/** @public */
export interface IncidentRecord extends RecordBase {
  title: string;
  description: string;
  state: IncidentState;
  impact: Impact;
  urgency: Urgency;
  priority: Priority;
  major: boolean;
  reporter: string;
  contactChannel?: string;
  assignee?: string;
  /** True while the incident is waiting on the reporter (pauses SLA clocks). */
  waitingOnReporter: boolean;
  causedByChangeId?: string;
  problemId?: string;
  knowledgeLinks: string[];
  resolvedAt?: string;
  resolutionNote?: string;
  sla: SlaClockState;
  /** Where it came from when not raised by a person. */
  source?: 'portal' | 'alertmanager' | 'pagerduty';
  externalId?: string;
  externalUrl?: string;
}

// ---------------------------------------------------------------- problems

/** @public */
export const PROBLEM_STATES = [
  'new',
  'investigating',
  'known_error',
  'resolved',
  'closed',
] as const;
/** @public */
export type ProblemState = (typeof PROBLEM_STATES)[number];

/** @public */
export interface ProblemRecord extends RecordBase {
  title: string;
  description: string;
  state: ProblemState;
  rootCause?: string;
  workaround?: string;
  incidentIds: string[];
}

// ---------------------------------------------------------- service levels

/** @public */
export const SERVICE_LEVEL_STATES = [
  'draft',
  'proposed',
  'agreed',
  'retired',
] as const;
/** @public */
export type ServiceLevelState = (typeof SERVICE_LEVEL_STATES)[number];

/** Response and resolution targets in minutes for one priority. @public */
export interface PriorityTarget {
  responseMinutes: number;
  resolutionMinutes: number;
}

/** @public */
export interface Slo {
  name: string;
  /** e.g. 99.5 for 99.5 % of requests under the threshold. */
  objectivePercent: number;
  description?: string;
}

/** @public */
export interface ServiceLevelRecord extends RecordBase {
  name: string;
  tier?: string;
  state: ServiceLevelState;
  availabilityTarget: number;
  targets: Record<Priority, PriorityTarget>;
  slos: Slo[];
  agreedBy?: string;
  agreedAt?: string;
  /** Set when the service level was proposed from the entity's tier annotation. */
  fromAnnotation: boolean;
}

// ------------------------------------------------------------------ events

/** @public */
export const EVENT_SEVERITIES = [
  'informational',
  'warning',
  'exception',
] as const;
/** @public */
export type EventSeverity = (typeof EVENT_SEVERITIES)[number];

/** @public */
export interface EventRecord {
  id: string;
  /** Null while the event matches no known entity. */
  entityRef: string | null;
  source: 'alertmanager' | 'github' | 'pagerduty' | 'portal';
  fingerprint: string;
  severity: EventSeverity;
  status: 'firing' | 'resolved';
  summary: string;
  labels: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  incidentId?: string;
  receivedAt: string;
}

// ------------------------------------------------------------------ stages

/** @public */
export interface StageTransition {
  entityRef: string;
  from: Stage | null;
  to: Stage;
  at: string;
}

// ------------------------------------------------------------ read models

/**
 * A page of a cursor-paginated list.
 * @public
 */
export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * Evidence that meets (or would meet) a stage exit criterion.
 * @public
 */
export interface Evidence {
  label: string;
  recordType?: RecordType;
  recordId?: string;
  /** A link for evidence that lives outside the suite (TechDocs, source). */
  url?: string;
  entityRef?: string;
}

/**
 * One exit criterion of a stage as it stands for one service.
 * @public
 */
export interface ChecklistItem {
  /** Criterion id from the criteria table, e.g. `agreed-service-level`. */
  id: string;
  /** The stage this criterion lets the service leave. */
  stage: Stage;
  label: string;
  met: boolean;
  evidence: Evidence[];
  /**
   * True when the service already stands in a later stage without meeting
   * this criterion ("operating without an agreed service level").
   */
  gap: boolean;
}

/**
 * A service level together with how well it is met over the window.
 * @public
 */
export interface ServiceLevelAttainment {
  serviceLevel: ServiceLevelRecord;
  windowDays: number;
  /** Measured availability % from incident downtime in the window. */
  availability: number;
  /** Share of incidents in the window that met their response/resolution targets, %. */
  responseAttainment: number;
  resolutionAttainment: number;
  breaches: number;
  /** Remaining error budget as a share of the allowed downtime, 0..100 (negative when overspent). */
  errorBudgetRemaining: number;
}

/**
 * A record as lists of many kinds of record carry it (the entity summary):
 * without its history and bookkeeping, which the record itself gives.
 * @public
 */
export type RecordHeadline<T extends RecordBase> = T extends RecordBase
  ? Omit<T, 'history' | 'createdBy' | 'updatedAt'>
  : never;

/**
 * Everything the entity tab shows for one configuration item. Its records
 * are headlines: the tab fetches a record in full when it is opened.
 * @public
 */
export interface EntitySummary {
  entityRef: string;
  stage: Stage;
  stageSince?: string;
  checklist: ChecklistItem[];
  serviceLevels: ServiceLevelAttainment[];
  openChanges: RecordHeadline<ChangeRecord>[];
  recentReleases: RecordHeadline<ReleaseRecord>[];
  /** The latest deployment per environment. */
  latestDeployments: RecordHeadline<DeploymentRecord>[];
  recentDeployments: RecordHeadline<DeploymentRecord>[];
  openIncidents: RecordHeadline<IncidentRecord>[];
  openProblems: RecordHeadline<ProblemRecord>[];
}

/**
 * One service on the value stream board.
 * @public
 */
export interface BoardItem {
  entityRef: string;
  title: string;
  kind: string;
  owner?: string;
  system?: string;
  lifecycle?: string;
  stage: Stage;
  stageSince?: string;
  /** Unmet criteria of earlier stages. */
  gaps: number;
  openIncidents: number;
  breachedIncidents: number;
  openChanges: number;
  productionVersion?: string;
}

/**
 * One stage column of the board: the first services in it, in title order,
 * and how many match the filters in all.
 * @public
 */
export interface BoardColumn {
  stage: Stage;
  total: number;
  items: BoardItem[];
  /** Continues this column (with `stage`) when more services follow. */
  nextCursor?: string;
}

/**
 * The value stream board: a column per stage, in stage order (just the
 * requested one when the query names a stage).
 * @public
 */
export interface Board {
  columns: BoardColumn[];
}

// ------------------------------------------- impact, assets and metrics

/**
 * An entity reached by the impact analysis.
 * @public
 */
export interface ImpactedItem {
  entityRef: string;
  kind: string;
  title?: string;
  /** Hops from the analysed entity. */
  depth: number;
  /** Entity refs from the analysed entity to this one, both ends included. */
  path: string[];
  /** The relation types along the path, one per hop (e.g. dependencyOf, apiConsumedBy). */
  relations: string[];
}

/**
 * What an entity depends on and what depends on it, through the catalog's
 * relations.
 * @public
 */
export interface ImpactAnalysis {
  entityRef: string;
  depth: number;
  /** What this entity depends on (dependsOn, partOf, consumesApi ...). */
  upstream: ImpactedItem[];
  /**
   * What depends on this entity (dependencyOf, hasPart,
   * apiProvidedBy->apiConsumedBy ...): what a change or an outage impacts.
   */
  downstream: ImpactedItem[];
}

/**
 * One asset: a Resource with `valuestream.io/asset-type`.
 * @public
 */
export interface AssetSummary {
  entityRef: string;
  title?: string;
  assetType: 'license' | 'hardware' | 'cloud';
  owner?: string;
  vendor?: string;
  /** YYYY-MM-DD */
  expires?: string;
  daysToExpiry?: number;
  seats?: number;
  cost?: {
    amount: number;
    currency: string;
    period: 'month' | 'year' | 'one-off';
  };
  /** In `cost.currency`. */
  annualCost?: number;
  /** Entity refs that depend on it directly. */
  dependents: string[];
}

/**
 * The yearly cost of the assets a service or system needs.
 * @public
 */
export interface CostRollup {
  entityRef: string;
  title?: string;
  /** By currency. */
  annualCost: Record<string, number>;
  assets: string[];
}

/**
 * The assets of the catalog: expiring ones, the ones nobody owns or needs,
 * and their cost per service and system.
 * @public
 */
export interface AssetsOverview {
  assets: AssetSummary[];
  /** Within the window, soonest first. */
  expiring: AssetSummary[];
  withoutOwner: AssetSummary[];
  withoutDependents: AssetSummary[];
  /** Through dependsOn, transitively. */
  costByService: CostRollup[];
  costBySystem: CostRollup[];
}
