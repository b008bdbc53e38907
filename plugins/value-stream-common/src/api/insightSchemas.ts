import { z } from 'zod';
import type {
  ChangeFailureRate,
  DeploymentFrequency,
  DoraMetrics,
  LeadTimeForChanges,
  TimeToRestore,
} from '../metrics/dora';
import type { StageTime } from '../metrics/flow';
import type { MetricsReport, MetricsTrendPoint } from '../metrics/report';
import { PRIORITIES, STAGES } from '../types';
import type { DoraKeys, EntityScorecard } from '../scorecard';
import {
  type Page,
  type AssetSummary,
  type AssetsOverview,
  type CostRollup,
} from '../readModels';
import { dateTime, entityRef, page, same } from './responseSchemas';
import {
  responseSchemaRegistry,
  serviceLevelAttainment,
  stage,
} from './readModelSchemas';

/*
 * The responses of the assets and metrics operations, in the same registry
 * as the records and held to their interfaces the same way.
 */

/** The registry with the records, the read models and these. */
export { responseSchemaRegistry };

const assetSummary = z
  .object({
    entityRef,
    title: z.string().optional(),
    assetType: z.enum(['license', 'hardware', 'cloud']),
    owner: z.string().optional(),
    vendor: z.string().optional(),
    expires: z.string().meta({ format: 'date' }).optional(),
    daysToExpiry: z
      .number()
      .int()
      .meta({ description: 'Negative once expired' })
      .optional(),
    seats: z.number().int().optional(),
    cost: z
      .object({
        amount: z.number(),
        currency: z.string(),
        period: z.enum(['month', 'year', 'one-off']),
      })
      .optional(),
    annualCost: z
      .number()
      .meta({ description: 'In cost.currency; absent for a one-off cost' })
      .optional(),
    dependents: z.array(z.string()).meta({
      description:
        'Entity refs that depend on it directly (dependencyOf, valuestream.io/required-assets)',
    }),
  })
  .register(responseSchemaRegistry, { id: 'AssetSummary' });

const costRollup = z
  .object({
    entityRef,
    title: z.string().optional(),
    annualCost: z
      .record(z.string(), z.number())
      .meta({ description: 'By currency' }),
    assets: z.array(z.string()),
  })
  .register(responseSchemaRegistry, { id: 'CostRollup' });

export const assetsOverview = z
  .object({
    assets: z.array(assetSummary),
    expiring: z.array(assetSummary).meta({
      description: 'Within the window (or expired), soonest first',
    }),
    withoutOwner: z.array(assetSummary),
    withoutDependents: z.array(assetSummary),
    costByService: z.array(costRollup).meta({
      description: 'Components, through dependsOn transitively',
    }),
    costBySystem: z.array(costRollup).meta({
      description: "The assets of a system's components, each counted once",
    }),
  })
  .register(responseSchemaRegistry, { id: 'AssetsOverview' });

const doraBand = z.enum(['elite', 'high', 'medium', 'low']);
const metricWindow = z.object({ from: dateTime, to: dateTime });
const trendPoint = { at: dateTime, value: z.number() };

const deploymentFrequency = z.object({
  window: metricWindow,
  days: z.number(),
  count: z.number().int(),
  perDay: z.number(),
  perWeek: z.number(),
  band: doraBand,
  samples: z.array(
    z.object({
      at: dateTime,
      value: z.number().optional(),
      deploymentId: z.string(),
      entityRef: z.string(),
    }),
  ),
});

const leadTimeForChanges = z.object({
  count: z.number().int(),
  pending: z.number().int(),
  medianMs: z.number().optional(),
  p90Ms: z.number().optional(),
  band: doraBand.optional(),
  samples: z.array(
    z.object({
      ...trendPoint,
      changeId: z.string(),
      entityRef: z.string(),
      deploymentId: z.string(),
      leadTimeMs: z.number(),
      linkedBy: z.enum(['changeId', 'entity']),
    }),
  ),
});

const changeFailureRate = z.object({
  total: z.number().int(),
  failed: z.number().int(),
  rate: z.number().optional(),
  band: doraBand.optional(),
  failedDeploymentIds: z.array(z.string()),
  samples: z.array(z.object({ ...trendPoint, deploymentId: z.string() })),
});

const timeToRestore = z.object({
  count: z.number().int(),
  medianMs: z.number().optional(),
  p90Ms: z.number().optional(),
  band: doraBand.optional(),
  samples: z.array(z.object({ ...trendPoint, incidentId: z.string() })),
});

const doraMetrics = z.object({
  window: metricWindow,
  deploymentFrequency,
  leadTimeForChanges,
  changeFailureRate,
  timeToRestore,
});

const stageTime = z.object({
  stage,
  stints: z.number().int(),
  current: z.number().int(),
  totalMs: z.number(),
  meanMs: z.number().optional(),
  medianMs: z.number().optional(),
  p90Ms: z.number().optional(),
  samples: z.array(z.object({ ...trendPoint, entityRef: z.string() })),
});

const metricsTrendPoint = z
  .object({
    bucket: dateTime.meta({ description: 'Start of the bucket (UTC)' }),
    value: z.number().nullable(),
  })
  .register(responseSchemaRegistry, { id: 'MetricsTrendPoint' });

const unauthorizedDeployments = z
  .object({
    productionDeployments: z.number().int().meta({
      description:
        'Production deployments (any state) whose time (startedAt, else finishedAt, else createdAt) falls in the window',
    }),
    count: z.number().int().meta({
      description: 'Of those, the ones flagged as unauthorized',
    }),
    rate: z.number().optional().meta({
      description:
        'count / productionDeployments, 0..1; absent without production deployments',
    }),
    byEntity: z
      .array(z.object({ entityRef: z.string(), count: z.number().int() }))
      .meta({
        description:
          'The services with unauthorized deployments in the window, most first',
      }),
    deploymentIds: z.array(z.string()),
  })
  .meta({
    description:
      'Production deployments of the window that no authorized change covered (unauthorized change detection)',
  })
  .register(responseSchemaRegistry, { id: 'UnauthorizedDeployments' });

export const metricsReport = z
  .object({
    scope: z.object({
      entityRef: z.string().optional(),
      system: z.string().optional(),
      owner: z.string().optional(),
      entityRefs: z.array(z.string()),
    }),
    window: z.object({ from: dateTime, to: dateTime }),
    bucket: z.enum(['day', 'week', 'month']),
    dora: doraMetrics,
    unauthorizedDeployments,
    trends: z.object({
      deployments: z.array(metricsTrendPoint),
      leadTimeMs: z.array(metricsTrendPoint),
      changeFailureRate: z.array(metricsTrendPoint),
      timeToRestoreMs: z.array(metricsTrendPoint),
      unauthorizedDeployments: z.array(metricsTrendPoint),
    }),
    flow: z.object({
      timeInStage: z.array(stageTime),
      workInProgress: z.record(z.enum(STAGES), z.number().int()),
    }),
  })
  .register(responseSchemaRegistry, { id: 'MetricsReport' });

const doraKeys = z
  .object({
    window: metricWindow,
    deploymentFrequency: deploymentFrequency.omit({
      window: true,
      samples: true,
    }),
    leadTimeForChanges: leadTimeForChanges.omit({ samples: true }),
    changeFailureRate: changeFailureRate.omit({
      samples: true,
      failedDeploymentIds: true,
    }),
    timeToRestore: timeToRestore.omit({ samples: true }),
  })
  .meta({ description: 'The DORA metrics without their samples' })
  .register(responseSchemaRegistry, { id: 'DoraKeys' });

const entityScorecard = z
  .object({
    entityRef,
    stage,
    stageSince: dateTime.optional(),
    gaps: z.array(z.string()).meta({
      description:
        'Ids of the exit criteria of earlier stages the entity stands past without meeting',
    }),
    serviceLevels: z.array(serviceLevelAttainment),
    openIncidentsByPriority: z.record(z.enum(PRIORITIES), z.number().int()),
    dora: doraKeys,
    unauthorizedDeployments: z.number().int().meta({
      description:
        'Production deployments of the last 30 days that no authorized change covered',
    }),
  })
  .register(responseSchemaRegistry, { id: 'EntityScorecard' });

export const scorecardPage = page(entityScorecard, 'EntityScorecardPage');

// The compiler holds each schema to its interface, both ways.
same<z.output<typeof assetSummary>, AssetSummary>(true);
same<z.output<typeof costRollup>, CostRollup>(true);
same<z.output<typeof assetsOverview>, AssetsOverview>(true);
same<z.output<typeof deploymentFrequency>, DeploymentFrequency>(true);
same<z.output<typeof leadTimeForChanges>, LeadTimeForChanges>(true);
same<z.output<typeof changeFailureRate>, ChangeFailureRate>(true);
same<z.output<typeof timeToRestore>, TimeToRestore>(true);
same<z.output<typeof doraMetrics>, DoraMetrics>(true);
same<z.output<typeof stageTime>, StageTime>(true);
same<z.output<typeof metricsTrendPoint>, MetricsTrendPoint>(true);
same<z.output<typeof metricsReport>, MetricsReport>(true);
same<z.output<typeof doraKeys>, DoraKeys>(true);
same<z.output<typeof entityScorecard>, EntityScorecard>(true);
same<z.output<typeof scorecardPage>, Page<EntityScorecard>>(true);
