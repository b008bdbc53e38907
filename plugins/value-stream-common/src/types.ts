/**
 * The domain model of the Value Stream plugins, shared by the backend that
 * enforces it and the frontend that shows it. Every practice record is keyed
 * by the catalog entity ref of the configuration item it belongs to.
 */

import type { ChangeConflict } from './changeConflicts';

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
 * One field an edit changed, with its value before and after; `null` stands
 * for a field that was absent (or is cleared).
 * @public
 */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * One state transition or edit of a record, appended and never rewritten.
 * An edit that leaves the state where it was has `from` equal to `to`.
 * @public
 */
export interface HistoryEntry {
  at: string;
  /** Entity ref of the user or service that acted. */
  by: string;
  from: string | null;
  to: string;
  note?: string;
  /** The fields an edit changed, before and after. */
  changes?: FieldChange[];
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
  /**
   * An approval by the change authority that lets a normal or standard
   * change be scheduled and implemented in a change freeze.
   */
  freezeOverride?: boolean;
  at: string;
  /**
   * The groups the approver belonged to when deciding (their ownership
   * claims): the approval policy counts a decision by them.
   */
  approverGroups?: string[];
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

/**
 * One reason of a change's risk score and the points it adds.
 * @public
 */
export interface ChangeRiskFactor {
  id: string;
  points: number;
  reason: string;
}

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
  /** Why the score is what it is: each factor and its points. */
  riskFactors?: ChangeRiskFactor[];
  /**
   * Other open changes whose windows overlap this one's on the same entity
   * or within two catalog hops, as found when the change was last created,
   * edited or scheduled.
   */
  conflicts?: ChangeConflict[];
  /** True for the change that proposes a new service (demand stage evidence). */
  proposesService: boolean;
  approvals: Approval[];
  /** The standard-change model that pre-authorizes a standard change. */
  standardChangeModelId?: string;
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
  /**
   * True for a production deployment that no authorized change covered when
   * it was recorded (see `judgeDeploymentAuthorization`); the backend sets
   * it on every deployment it answers with.
   */
  unauthorized?: boolean;
  /** Why the deployment is unauthorized, in words; set with the flag. */
  unauthorizedReason?: string;
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
