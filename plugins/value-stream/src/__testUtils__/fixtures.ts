import { STAGES } from '@valuestream/plugin-value-stream-common';
import * as records from '@valuestream/plugin-value-stream-common/testUtils';
import type {
  Board,
  BoardColumn,
  BoardItem,
  EventRecord,
  ChangeRecord,
  DeploymentRecord,
  EntitySummary,
  IncidentRecord,
  ProblemRecord,
  ReleaseRecord,
  ServiceLevelAttainment,
  ServiceLevelRecord,
  Stage,
} from '@valuestream/plugin-value-stream-common';
import type { Entity } from '@backstage/catalog-model';
import type {
  AssetSummary,
  AssetsOverview,
  ImpactAnalysis,
  MetricsReport,
} from '../api';

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
  return records.change({
    ...base('chg-1'),
    title: 'Upgrade payment SDK',
    description: 'Bump the SDK to 5.x',
    state: 'authorize',
    requestedBy: 'user:default/sam.lee',
    plannedStart: '2025-01-15T10:00:00.000Z',
    plannedEnd: '2025-01-15T12:00:00.000Z',
    riskScore: 42,
    riskLevel: 'medium',
    ...overrides,
  });
}

export function incident(
  overrides: Partial<IncidentRecord> = {},
): IncidentRecord {
  return records.incident({
    ...base('inc-1'),
    title: 'Checkout returns 500',
    description: 'Users cannot pay',
    state: 'new',
    reporter: 'user:default/alex.kim',
    sla: {
      responseDueAt: new Date(Date.now() + 10 * 60_000).toISOString(),
      resolutionDueAt: new Date(Date.now() + 4 * 3_600_000).toISOString(),
      pausedMs: 0,
      responseBreached: false,
      resolutionBreached: false,
    },
    source: 'portal',
    ...overrides,
  });
}

export function problem(overrides: Partial<ProblemRecord> = {}): ProblemRecord {
  return records.problem({
    ...base('prb-1'),
    title: 'Connection pool exhaustion',
    description: 'Pool runs dry under load',
    state: 'known_error',
    rootCause: 'Leaked connections in retry path',
    workaround: 'Restart the pods',
    incidentIds: ['inc-1'],
    ...overrides,
  });
}

export function serviceLevel(
  overrides: Partial<ServiceLevelRecord> = {},
): ServiceLevelRecord {
  return records.serviceLevel({
    ...base('sl-1'),
    name: 'Checkout gold',
    tier: 'gold',
    state: 'agreed',
    targets: {
      P1: { responseMinutes: 15, resolutionMinutes: 240 },
      P2: { responseMinutes: 30, resolutionMinutes: 480 },
      P3: { responseMinutes: 240, resolutionMinutes: 2880 },
      P4: { responseMinutes: 480, resolutionMinutes: 7200 },
    },
    ...overrides,
  });
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
  return records.release({
    ...base('rel-1'),
    releaseVersion: '2.4.0',
    title: 'Faster checkout',
    state: 'deployed',
    changeIds: ['chg-1'],
    ...overrides,
  });
}

export function deployment(
  overrides: Partial<DeploymentRecord> = {},
): DeploymentRecord {
  return records.deployment({
    ...base('dep-1'),
    deployedVersion: '2.4.0',
    state: 'success',
    startedAt: '2025-01-12T10:00:00.000Z',
    finishedAt: '2025-01-12T10:05:00.000Z',
    ...overrides,
  });
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

/**
 * The board as the backend sends it without `stage`: a column per stage
 * holding the given items, each total their count unless `columns` says
 * otherwise (e.g. a larger total and a `nextCursor`).
 */
export function board(
  items: BoardItem[] = [],
  columns: Partial<Record<Stage, Partial<BoardColumn>>> = {},
): Board {
  return {
    columns: STAGES.map(stage => {
      const inStage = items.filter(item => item.stage === stage);
      return {
        stage,
        total: inStage.length,
        items: inStage,
        ...columns[stage],
      };
    }),
  };
}

export function event(overrides: Partial<EventRecord> = {}): EventRecord {
  return {
    id: 'evt-1',
    entityRef: null,
    source: 'alertmanager',
    fingerprint: 'f1',
    severity: 'exception',
    status: 'firing',
    summary: 'HighLatency on payments-gw',
    labels: { alertname: 'HighLatency', job: 'payments-gw' },
    startsAt: '2025-01-12T10:00:00.000Z',
    receivedAt: '2025-01-12T10:00:05.000Z',
    ...overrides,
  };
}

export function impact(
  overrides: Partial<ImpactAnalysis> = {},
): ImpactAnalysis {
  return {
    entityRef: ENTITY_REF,
    depth: 3,
    downstream: [
      {
        entityRef: 'component:default/storefront',
        kind: 'Component',
        title: 'Storefront',
        depth: 1,
        path: [ENTITY_REF, 'component:default/storefront'],
        relations: ['dependencyOf'],
      },
      {
        entityRef: 'system:default/shop',
        kind: 'System',
        depth: 1,
        path: [ENTITY_REF, 'system:default/shop'],
        relations: ['partOf'],
      },
      {
        entityRef: 'component:default/mobile-app',
        kind: 'Component',
        title: 'Mobile app',
        depth: 2,
        path: [
          ENTITY_REF,
          'component:default/storefront',
          'component:default/mobile-app',
        ],
        relations: ['dependencyOf', 'apiConsumedBy'],
      },
    ],
    upstream: [
      {
        entityRef: 'resource:default/payments-db',
        kind: 'Resource',
        title: 'Payments DB',
        depth: 1,
        path: [ENTITY_REF, 'resource:default/payments-db'],
        relations: ['dependsOn'],
      },
    ],
    ...overrides,
  };
}

export function asset(overrides: Partial<AssetSummary> = {}): AssetSummary {
  return {
    entityRef: 'resource:default/oracle-license',
    title: 'Oracle licence',
    assetType: 'license',
    owner: 'group:default/dba',
    vendor: 'Oracle',
    expires: '2025-02-01',
    daysToExpiry: 12,
    seats: 25,
    cost: { amount: 1000, currency: 'USD', period: 'month' },
    annualCost: 12000,
    dependents: [ENTITY_REF],
    ...overrides,
  };
}

export function assetsOverview(
  overrides: Partial<AssetsOverview> = {},
): AssetsOverview {
  const oracle = asset();
  const datadog = asset({
    entityRef: 'resource:default/datadog',
    title: 'Datadog contract',
    assetType: 'cloud',
    vendor: 'Datadog',
    expires: '2025-03-20',
    daysToExpiry: 60,
    seats: undefined,
    cost: { amount: 20000, currency: 'EUR', period: 'year' },
    annualCost: 20000,
  });
  const rack = asset({
    entityRef: 'resource:default/old-rack',
    title: 'Old rack',
    assetType: 'hardware',
    owner: undefined,
    vendor: 'Dell',
    expires: undefined,
    daysToExpiry: undefined,
    seats: undefined,
    cost: { amount: 5000, currency: 'USD', period: 'one-off' },
    annualCost: undefined,
    dependents: [],
  });
  return {
    assets: [oracle, datadog, rack],
    expiring: [oracle, datadog],
    withoutOwner: [rack],
    withoutDependents: [rack],
    costByService: [
      {
        entityRef: ENTITY_REF,
        title: 'Checkout',
        annualCost: { USD: 12000, EUR: 20000 },
        assets: [oracle.entityRef, datadog.entityRef],
      },
    ],
    costBySystem: [
      {
        entityRef: 'system:default/shop',
        title: 'Shop',
        annualCost: { USD: 12000 },
        assets: [oracle.entityRef],
      },
    ],
    ...overrides,
  };
}

const H = 3_600_000;

export function metricsReport(
  overrides: Partial<MetricsReport> = {},
): MetricsReport {
  const window = {
    from: '2025-01-01T00:00:00.000Z',
    to: '2025-01-29T00:00:00.000Z',
  };
  const buckets = [
    '2025-01-01T00:00:00.000Z',
    '2025-01-08T00:00:00.000Z',
    '2025-01-15T00:00:00.000Z',
    '2025-01-22T00:00:00.000Z',
  ];
  const series = (values: Array<number | null>) =>
    buckets.map((bucket, i) => ({ bucket, value: values[i] }));
  const stageTime = (
    stage: MetricsReport['flow']['timeInStage'][number]['stage'],
    medianMs?: number,
  ) => ({
    stage,
    stints: medianMs ? 2 : 0,
    current: 0,
    totalMs: medianMs ? medianMs * 2 : 0,
    meanMs: medianMs,
    medianMs,
    p90Ms: medianMs ? medianMs * 1.5 : undefined,
    samples: [],
  });
  return {
    scope: { entityRef: ENTITY_REF, entityRefs: [ENTITY_REF] },
    window,
    bucket: 'week',
    dora: {
      window,
      deploymentFrequency: {
        window,
        days: 28,
        count: 8,
        perDay: 8 / 28,
        perWeek: 2,
        band: 'high',
        samples: [],
      },
      leadTimeForChanges: {
        count: 6,
        pending: 1,
        medianMs: 30 * H,
        p90Ms: 72 * H,
        band: 'high',
        samples: [],
      },
      changeFailureRate: {
        total: 10,
        failed: 1,
        rate: 0.1,
        band: 'high',
        failedDeploymentIds: ['dep-9'],
        samples: [],
      },
      timeToRestore: {
        count: 3,
        medianMs: 0.5 * H,
        p90Ms: 2 * H,
        band: 'elite',
        samples: [],
      },
    },
    unauthorizedDeployments: {
      productionDeployments: 10,
      count: 2,
      rate: 0.2,
      byEntity: [{ entityRef: ENTITY_REF, count: 2 }],
      deploymentIds: ['dep-7', 'dep-8'],
    },
    trends: {
      deployments: series([2, 3, 1, 2]),
      leadTimeMs: series([24 * H, 30 * H, null, 40 * H]),
      changeFailureRate: series([0, 0.25, null, 0]),
      timeToRestoreMs: series([null, 0.5 * H, 2 * H, null]),
      unauthorizedDeployments: series([1, 0, 1, 0]),
    },
    flow: {
      timeInStage: [
        stageTime('demand', 48 * H),
        stageTime('design', 72 * H),
        stageTime('build', 120 * H),
        stageTime('test', 24 * H),
        stageTime('deploy', 2 * H),
        stageTime('operate'),
        stageTime('retired'),
      ],
      workInProgress: {
        demand: 1,
        design: 2,
        build: 3,
        test: 1,
        deploy: 0,
        operate: 5,
        retired: 0,
      },
    },
    ...overrides,
  };
}
