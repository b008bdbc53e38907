/*
 * Read models of the impact analysis, assets and metrics endpoints. They
 * live in `@valuestream/plugin-value-stream-common`; this module re-exports
 * them for the frontend's API surface.
 */
export type {
  AssetSummary,
  AssetsOverview,
  CostRollup,
  ImpactAnalysis,
  ImpactedItem,
  MetricsBucket,
  MetricsReport,
  MetricsTrendPoint,
} from '@valuestream/plugin-value-stream-common';
