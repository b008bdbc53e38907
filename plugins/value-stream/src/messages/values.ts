import type {
  ApprovalDecision,
  AssetCostPeriod,
  AssetType,
  ChangeState,
  ChangeType,
  DeploymentState,
  EventRecord,
  EventSeverity,
  Impact,
  IncidentState,
  Priority,
  ProblemState,
  ReleaseState,
  RiskLevel,
  ServiceLevelState,
  Stage,
  Urgency,
} from '@valuestream/plugin-value-stream-common';
import type { Collection } from '../api';

/** One message per value of a fixed set: leaving one out fails to compile. */
type Labels<T extends string> = Readonly<Record<T, string>>;

/**
 * Labels of the values the API returns: stages, record states and the
 * enums records are described with, keyed by the API value.
 */
export const valueMessages = {
  stages: {
    demand: 'Demand',
    design: 'Design',
    build: 'Build',
    test: 'Test',
    deploy: 'Deploy',
    operate: 'Operate',
    retired: 'Retired',
  } satisfies Labels<Stage>,
  states: {
    changes: {
      new: 'New',
      assess: 'Assess',
      authorize: 'Authorize',
      scheduled: 'Scheduled',
      implement: 'Implement',
      review: 'Review',
      closed: 'Closed',
      rejected: 'Rejected',
      cancelled: 'Cancelled',
      failed: 'Failed',
    } satisfies Labels<ChangeState>,
    releases: {
      planned: 'Planned',
      building: 'Building',
      ready: 'Ready',
      deployed: 'Deployed',
      abandoned: 'Abandoned',
    } satisfies Labels<ReleaseState>,
    deployments: {
      pending: 'Pending',
      in_progress: 'In progress',
      success: 'Success',
      failure: 'Failure',
    } satisfies Labels<DeploymentState>,
    incidents: {
      new: 'New',
      acknowledged: 'Acknowledged',
      in_progress: 'In progress',
      resolved: 'Resolved',
      closed: 'Closed',
    } satisfies Labels<IncidentState>,
    problems: {
      new: 'New',
      investigating: 'Investigating',
      known_error: 'Known error',
      resolved: 'Resolved',
      closed: 'Closed',
    } satisfies Labels<ProblemState>,
    'service-levels': {
      draft: 'Draft',
      proposed: 'Proposed',
      agreed: 'Agreed',
      retired: 'Retired',
    } satisfies Labels<ServiceLevelState>,
  } satisfies Record<Collection, object>,
  values: {
    changeType: {
      standard: 'Standard',
      normal: 'Normal',
      emergency: 'Emergency',
    } satisfies Labels<ChangeType>,
    riskLevel: {
      low: 'Low',
      medium: 'Medium',
      high: 'High',
      very_high: 'Very high',
    } satisfies Labels<RiskLevel>,
    impact: {
      high: 'High',
      medium: 'Medium',
      low: 'Low',
    } satisfies Labels<Impact>,
    urgency: {
      high: 'High',
      medium: 'Medium',
      low: 'Low',
    } satisfies Labels<Urgency>,
    priority: {
      P1: 'P1',
      P2: 'P2',
      P3: 'P3',
      P4: 'P4',
    } satisfies Labels<Priority>,
    approvalDecision: {
      approved: 'Approved',
      rejected: 'Rejected',
    } satisfies Labels<ApprovalDecision>,
    assetType: {
      license: 'Licence',
      hardware: 'Hardware',
      cloud: 'Cloud service',
    } satisfies Labels<AssetType>,
    eventSeverity: {
      informational: 'Informational',
      warning: 'Warning',
      exception: 'Exception',
    } satisfies Labels<EventSeverity>,
    eventStatus: {
      firing: 'Firing',
      resolved: 'Resolved',
    } satisfies Labels<EventRecord['status']>,
  },
  /** Record kinds as headings. */
  recordKinds: {
    changes: 'Change',
    releases: 'Release',
    deployments: 'Deployment',
    incidents: 'Incident',
    problems: 'Problem',
    'service-levels': 'Service level',
  } satisfies Labels<Collection>,
  /** Record kinds within a sentence. */
  recordNouns: {
    changes: 'change',
    releases: 'release',
    deployments: 'deployment',
    incidents: 'incident',
    problems: 'problem',
    'service-levels': 'service level',
  } satisfies Labels<Collection>,
  /** Catalog relation types, within a sentence. */
  relations: {
    dependsOn: 'depends on',
    dependencyOf: 'dependency of',
    partOf: 'part of',
    hasPart: 'has part',
    consumesApi: 'consumes API',
    apiConsumedBy: 'API consumed by',
    providesApi: 'provides API',
    apiProvidedBy: 'API provided by',
    ownedBy: 'owned by',
    ownerOf: 'owner of',
  },
  costs: {
    month: '{{amount}} per month',
    year: '{{amount}} per year',
    'one-off': '{{amount}} one-off',
    // `as const` keeps the placeholders in the type, for `t` to check.
  } as const satisfies Labels<AssetCostPeriod>,
  recordTitle: {
    deployment: '{{version}} to {{environment}}',
    untitled: '{{noun}} {{id}}',
  },
  notPlanned: 'Not planned',
} as const;
