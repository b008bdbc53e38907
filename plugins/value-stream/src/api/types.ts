/*
 * Read models of the impact analysis, assets and metrics endpoints, as
 * docs/api-contract.md describes them ("Added for impact analysis, assets,
 * ingestion and metrics").
 *
 * They are declared here until `@valuestream/plugin-value-stream-common`
 * exports them from its types.ts; then this module re-exports those.
 */
import type {
  DoraMetrics,
  Stage,
  StageTime,
} from '@valuestream/plugin-value-stream-common';

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
  /** What depends on this entity: what a change or an outage impacts. */
  downstream: ImpactedItem[];
}

/**
 * One asset (a Resource with `valuestream.io/asset-type`).
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
 * DORA and flow metrics of an entity, a system or an owner's services.
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
  trends: {
    deployments: MetricsTrendPoint[];
    leadTimeMs: MetricsTrendPoint[];
    changeFailureRate: MetricsTrendPoint[];
    timeToRestoreMs: MetricsTrendPoint[];
  };
  flow: { timeInStage: StageTime[]; workInProgress: Record<Stage, number> };
}
