/*
 * The scorecard of one entity: its stage, gaps, service levels, open
 * incidents by priority and key DORA figures, in one small read model that
 * a scorecard tool (Tech Insights) reads for many entities at a time.
 */
import type { DoraMetrics } from './metrics/dora';
import type { MetricWindow } from './metrics/types';
import type { EntitySummary } from './readModels';
import { PRIORITIES, type IncidentRecord, type Priority } from './types';

/**
 * The DORA metrics of one entity without their samples: the figures and
 * bands, not the points they were computed from.
 * @public
 */
export interface DoraKeys {
  window: MetricWindow;
  deploymentFrequency: Omit<
    DoraMetrics['deploymentFrequency'],
    'window' | 'samples'
  >;
  leadTimeForChanges: Omit<DoraMetrics['leadTimeForChanges'], 'samples'>;
  changeFailureRate: Omit<
    DoraMetrics['changeFailureRate'],
    'samples' | 'failedDeploymentIds'
  >;
  timeToRestore: Omit<DoraMetrics['timeToRestore'], 'samples'>;
}

/**
 * One entity as a scorecard sees it.
 * @public
 */
export interface EntityScorecard {
  entityRef: string;
  stage: EntitySummary['stage'];
  stageSince?: string;
  /**
   * Ids of the exit criteria of earlier stages the entity stands past
   * without meeting (the checklist items that are gaps), e.g.
   * `agreed-service-level`.
   */
  gaps: string[];
  /** Its draft, proposed and agreed service levels with their attainment. */
  serviceLevels: EntitySummary['serviceLevels'];
  /** Open incidents by priority. */
  openIncidentsByPriority: Record<Priority, number>;
  /** DORA metrics over the scorecard's window. */
  dora: DoraKeys;
  /**
   * Production deployments of the last 30 days that no authorized change
   * covered (flagged as unauthorized).
   */
  unauthorizedDeployments: number;
}

/**
 * The DORA metrics without their samples.
 * @public
 */
export function doraKeysOf(dora: DoraMetrics): DoraKeys {
  const {
    deploymentFrequency: { window: _w, samples: _d, ...deploymentFrequency },
    leadTimeForChanges: { samples: _l, ...leadTimeForChanges },
    changeFailureRate: {
      samples: _c,
      failedDeploymentIds: _f,
      ...changeFailureRate
    },
    timeToRestore: { samples: _t, ...timeToRestore },
  } = dora;
  return {
    window: dora.window,
    deploymentFrequency,
    leadTimeForChanges,
    changeFailureRate,
    timeToRestore,
  };
}

/**
 * Open incidents counted by priority, every priority present.
 * @public
 */
export function countByPriority(
  incidents: ReadonlyArray<Pick<IncidentRecord, 'priority'>>,
): Record<Priority, number> {
  const counts = Object.fromEntries(PRIORITIES.map(p => [p, 0])) as Record<
    Priority,
    number
  >;
  for (const { priority } of incidents) {
    counts[priority] += 1;
  }
  return counts;
}

/**
 * The scorecard of an entity from its summary, its open incidents, its
 * DORA metrics and its count of unauthorized deployments.
 * @public
 */
export function entityScorecard(input: {
  summary: Pick<
    EntitySummary,
    'entityRef' | 'stage' | 'stageSince' | 'checklist' | 'serviceLevels'
  >;
  openIncidents: ReadonlyArray<Pick<IncidentRecord, 'priority'>>;
  dora: DoraMetrics;
  /** Unauthorized production deployments of the last 30 days; default 0. */
  unauthorizedDeployments?: number;
}): EntityScorecard {
  const { summary } = input;
  return {
    entityRef: summary.entityRef,
    stage: summary.stage,
    ...(summary.stageSince ? { stageSince: summary.stageSince } : {}),
    gaps: summary.checklist.filter(item => item.gap).map(item => item.id),
    serviceLevels: summary.serviceLevels,
    openIncidentsByPriority: countByPriority(input.openIncidents),
    dora: doraKeysOf(input.dora),
    unauthorizedDeployments: input.unauthorizedDeployments ?? 0,
  };
}
