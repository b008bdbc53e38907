/*
 * The API, its client, collections and queries are the contract of
 * -common, written once for the frontend, the scaffolder actions and the
 * tests; the frontend re-exports them, with the read models of its API
 * surface, and adds its API ref.
 */
export {
  COLLECTIONS,
  ValueStreamClient,
} from '@valuestream/plugin-value-stream-common';
export type {
  AssetSummary,
  AssetsOverview,
  BoardFilter,
  Collection,
  CollectionCreateBodies,
  CollectionRecords,
  CollectionUpdateBodies,
  CostRollup,
  ImpactAnalysis,
  ImpactedItem,
  ListEventsQuery,
  ListRecordsQuery,
  MetricsBucket,
  MetricsQuery,
  MetricsReport,
  MetricsScope,
  MetricsTrendPoint,
  TransitionRequest,
  ValueStreamApi,
} from '@valuestream/plugin-value-stream-common';

export { valueStreamApiRef } from './ValueStreamApi';
