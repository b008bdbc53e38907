export * from './ValueStreamApi';
export type {
  AssetSummary,
  AssetsOverview,
  CostRollup,
  ImpactAnalysis,
  ImpactedItem,
  MetricsBucket,
  MetricsReport,
  MetricsTrendPoint,
} from './types';
