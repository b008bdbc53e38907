import type {
  BoardItem,
  ChangeRecord,
  DeploymentRecord,
  EntitySummary,
  IncidentRecord,
  ProblemRecord,
  ReleaseRecord,
  ServiceLevelAttainment,
  ServiceLevelRecord,
} from '@valuestream/plugin-value-stream-common';
import type { Entity } from '@backstage/catalog-model';

export const ENTITY_REF = 'component:default/checkout';

export const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/checkout',
  },
};

const base = (id: string) => ({
  id,
  entityRef: ENTITY_REF,
  createdAt: '2025-01-10T09:00:00.000Z',
  updatedAt: '2025-01-10T09:00:00.000Z',
  createdBy: 'user:default/alex.kim',
  version: 1,
  history: [
    {
      at: '2025-01-10T09:00:00.000Z',
      by: 'user:default/alex.kim',
      from: null,
      to: 'new',
    },
  ],
});

export function change(overrides: Partial<ChangeRecord> = {}): ChangeRecord {
  return {
    ...base('chg-1'),
    title: 'Upgrade payment SDK',
    description: 'Bump the SDK to 5.x',
    type: 'normal',
    state: 'authorize',
    requestedBy: 'user:default/sam.lee',
    plannedStart: '2025-01-15T10:00:00.000Z',
    plannedEnd: '2025-01-15T12:00:00.000Z',
    riskScore: 42,
    riskLevel: 'medium',
    proposesService: false,
    approvals: [],
    ...overrides,
  };
}

export function incident(
  overrides: Partial<IncidentRecord> = {},
): IncidentRecord {
  return {
    ...base('inc-1'),
    title: 'Checkout returns 500',
    description: 'Users cannot pay',
    state: 'new',
    impact: 'high',
    urgency: 'high',
    priority: 'P1',
    major: false,
    reporter: 'user:default/alex.kim',
    waitingOnReporter: false,
    knowledgeLinks: [],
    sla: {
      responseDueAt: new Date(Date.now() + 10 * 60_000).toISOString(),
      resolutionDueAt: new Date(Date.now() + 4 * 3_600_000).toISOString(),
      pausedMs: 0,
      responseBreached: false,
      resolutionBreached: false,
    },
    source: 'portal',
    ...overrides,
  };
}

export function problem(overrides: Partial<ProblemRecord> = {}): ProblemRecord {
  return {
    ...base('prb-1'),
    title: 'Connection pool exhaustion',
    description: 'Pool runs dry under load',
    state: 'known_error',
    rootCause: 'Leaked connections in retry path',
    workaround: 'Restart the pods',
    incidentIds: ['inc-1'],
    ...overrides,
  };
}

export function serviceLevel(
  overrides: Partial<ServiceLevelRecord> = {},
): ServiceLevelRecord {
  return {
    ...base('sl-1'),
    name: 'Checkout gold',
    tier: 'gold',
    state: 'agreed',
    availabilityTarget: 99.9,
    targets: {
      P1: { responseMinutes: 15, resolutionMinutes: 240 },
      P2: { responseMinutes: 30, resolutionMinutes: 480 },
      P3: { responseMinutes: 240, resolutionMinutes: 2880 },
      P4: { responseMinutes: 480, resolutionMinutes: 7200 },
    },
    slos: [],
    fromAnnotation: false,
    ...overrides,
  };
}

export function attainment(
  overrides: Partial<ServiceLevelAttainment> = {},
): ServiceLevelAttainment {
  return {
    serviceLevel: serviceLevel(),
    windowDays: 30,
    availability: 99.95,
    responseAttainment: 100,
    resolutionAttainment: 90,
    breaches: 1,
    errorBudgetRemaining: 50,
    ...overrides,
  };
}

export function release(overrides: Partial<ReleaseRecord> = {}): ReleaseRecord {
  return {
    ...base('rel-1'),
    releaseVersion: '2.4.0',
    title: 'Faster checkout',
    state: 'deployed',
    changeIds: ['chg-1'],
    ...overrides,
  };
}

export function deployment(
  overrides: Partial<DeploymentRecord> = {},
): DeploymentRecord {
  return {
    ...base('dep-1'),
    environment: 'production',
    production: true,
    deployedVersion: '2.4.0',
    state: 'success',
    startedAt: '2025-01-12T10:00:00.000Z',
    finishedAt: '2025-01-12T10:05:00.000Z',
    ...overrides,
  };
}

export function summary(overrides: Partial<EntitySummary> = {}): EntitySummary {
  return {
    entityRef: ENTITY_REF,
    stage: 'operate',
    stageSince: '2025-01-12T10:05:00.000Z',
    checklist: [
      {
        id: 'owner',
        stage: 'demand',
        label: 'An owner',
        met: true,
        evidence: [
          {
            label: 'group:default/checkout',
            entityRef: 'group:default/checkout',
          },
        ],
        gap: false,
      },
      {
        id: 'agreed-service-level',
        stage: 'design',
        label: 'An agreed service level',
        met: false,
        evidence: [],
        gap: true,
      },
      {
        id: 'authorized-change',
        stage: 'design',
        label: 'An authorized change',
        met: true,
        evidence: [
          {
            label: 'Upgrade payment SDK',
            recordType: 'change',
            recordId: 'chg-1',
          },
        ],
        gap: false,
      },
      {
        id: 'design-docs',
        stage: 'design',
        label: 'Design docs',
        met: true,
        evidence: [
          { label: 'TechDocs', url: 'https://docs.example.com/checkout' },
        ],
        gap: false,
      },
      {
        id: 'runbook',
        stage: 'operate',
        label: 'A runbook',
        met: false,
        evidence: [],
        gap: false,
      },
    ],
    serviceLevels: [attainment()],
    openChanges: [change()],
    recentReleases: [release()],
    latestDeployments: [deployment()],
    recentDeployments: [
      deployment(),
      deployment({ id: 'dep-2', environment: 'staging', production: false }),
    ],
    openIncidents: [incident()],
    openProblems: [problem()],
    ...overrides,
  };
}

export function boardItem(overrides: Partial<BoardItem> = {}): BoardItem {
  return {
    entityRef: ENTITY_REF,
    title: 'Checkout',
    kind: 'Component',
    owner: 'group:default/checkout',
    system: 'system:default/shop',
    stage: 'operate',
    gaps: 1,
    openIncidents: 2,
    breachedIncidents: 1,
    openChanges: 1,
    productionVersion: '2.4.0',
    ...overrides,
  };
}
