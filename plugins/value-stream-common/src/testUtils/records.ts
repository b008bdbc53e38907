// Record builders for tests, shared through the ./testUtils entry point.
import type {
  ChangeRecord,
  DeploymentRecord,
  IncidentRecord,
  ProblemRecord,
  RecordBase,
  ReleaseRecord,
  ServiceLevelRecord,
} from '../types';

/** @public */
export const REQUESTER = 'user:default/requester';
/** @public */
export const APPROVER = 'user:default/approver';
/** @public */
export const NOW = '2025-03-03T10:00:00.000Z';

function base(): RecordBase {
  return {
    id: 'r1',
    entityRef: 'component:default/checkout',
    createdAt: '2025-03-01T10:00:00.000Z',
    updatedAt: '2025-03-01T10:00:00.000Z',
    createdBy: REQUESTER,
    version: 1,
    history: [],
  };
}

/** @public */
export function change(fields: Partial<ChangeRecord> = {}): ChangeRecord {
  return {
    ...base(),
    title: 'Upgrade',
    description: 'Upgrade the database',
    type: 'normal',
    state: 'new',
    requestedBy: REQUESTER,
    proposesService: false,
    approvals: [],
    ...fields,
  };
}

/** @public */
export function approval(
  decision: 'approved' | 'rejected',
  approver = APPROVER,
): ChangeRecord['approvals'][number] {
  return { id: `a-${approver}`, changeId: 'r1', approver, decision, at: NOW };
}

/** @public */
export function release(fields: Partial<ReleaseRecord> = {}): ReleaseRecord {
  return {
    ...base(),
    releaseVersion: '1.0.0',
    title: 'First',
    state: 'planned',
    changeIds: [],
    ...fields,
  };
}

/** @public */
export function deployment(
  fields: Partial<DeploymentRecord> = {},
): DeploymentRecord {
  return {
    ...base(),
    environment: 'production',
    production: true,
    deployedVersion: '1.0.0',
    state: 'pending',
    ...fields,
  };
}

/** @public */
export function incident(fields: Partial<IncidentRecord> = {}): IncidentRecord {
  return {
    ...base(),
    title: 'Down',
    description: '500s',
    state: 'new',
    impact: 'high',
    urgency: 'high',
    priority: 'P1',
    major: false,
    reporter: REQUESTER,
    waitingOnReporter: false,
    knowledgeLinks: [],
    sla: {
      responseDueAt: '2025-03-01T10:15:00.000Z',
      resolutionDueAt: '2025-03-01T14:00:00.000Z',
      pausedMs: 0,
      responseBreached: false,
      resolutionBreached: false,
    },
    ...fields,
  };
}

/** @public */
export function problem(fields: Partial<ProblemRecord> = {}): ProblemRecord {
  return {
    ...base(),
    title: 'Leak',
    description: 'Memory leak',
    state: 'new',
    incidentIds: [],
    ...fields,
  };
}

const target = { responseMinutes: 15, resolutionMinutes: 240 };

/** @public */
export function serviceLevel(
  fields: Partial<ServiceLevelRecord> = {},
): ServiceLevelRecord {
  return {
    ...base(),
    name: 'Gold',
    state: 'draft',
    availabilityTarget: 99.9,
    targets: { P1: target, P2: target, P3: target, P4: target },
    slos: [],
    fromAnnotation: false,
    ...fields,
  };
}
