export * from './ValueStreamApi';
export { ValueStreamClient } from './ValueStreamClient';
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
