/*
 * The metrics report the backend answers and the frontend shows; it lives
 * with the metrics so that types.ts does not depend on them.
 */
import type { Stage } from '../types';
import type { UnauthorizedDeployments } from './changeControl';
import type { DoraMetrics } from './dora';
import type { StageTime } from './flow';

/**
 * The size of the buckets of metric trends.
 * @public
 */
export type MetricsBucket = 'day' | 'week' | 'month';

/**
 * One point of a metric trend; null for a bucket without data.
 * @public
 */
export interface MetricsTrendPoint {
  bucket: string;
  value: number | null;
}

/**
 * DORA, change control and flow metrics of an entity, a system or an
 * owner's services.
 * @public
 */
export interface MetricsReport {
  scope: {
    entityRef?: string;
    system?: string;
    owner?: string;
    entityRefs: string[];
  };
  window: { from: string; to: string };
  bucket: MetricsBucket;
  dora: DoraMetrics;
  /**
   * Production deployments of the window that no authorized change
   * covered, in all and per service (without their samples: the trend has
   * them by bucket).
   */
  unauthorizedDeployments: Omit<UnauthorizedDeployments, 'samples'>;
  trends: {
    deployments: MetricsTrendPoint[];
    leadTimeMs: MetricsTrendPoint[];
    changeFailureRate: MetricsTrendPoint[];
    timeToRestoreMs: MetricsTrendPoint[];
    /** Unauthorized production deployments per bucket. */
    unauthorizedDeployments: MetricsTrendPoint[];
  };
  flow: { timeInStage: StageTime[]; workInProgress: Record<Stage, number> };
}
