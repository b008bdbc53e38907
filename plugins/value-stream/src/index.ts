/**
 * The Value Stream frontend plugin: the ITIL 4 service value stream inside
 * Backstage. Entity tab and cards, the portal page and its forms.
 *
 * @packageDocumentation
 */

export {
  valueStreamPlugin,
  ValueStreamPage,
  EntityValueStreamContent,
  EntityValueStreamStageCard,
  EntityServiceLevelsCard,
  EntityOpenIncidentsCard,
  EntityOpenChangesCard,
  EntityDoraMetricsCard,
  EntityAssetCard,
} from './plugin';
export { rootRouteRef } from './routes';
export type { ValueStreamPageProps } from './components/page/ValueStreamPage';
export type { DoraMetricsCardProps } from './components/metrics/DoraMetricsCard';
export { valueStreamApiRef, ValueStreamClient, COLLECTIONS } from './api';
export type {
  ValueStreamApi,
  Collection,
  CollectionRecords,
  CollectionCreateBodies,
  CollectionUpdateBodies,
  TransitionRequest,
  ListRecordsQuery,
  ListEventsQuery,
  BoardFilter,
  MetricsQuery,
  MetricsScope,
  ImpactAnalysis,
  ImpactedItem,
  AssetSummary,
  AssetsOverview,
  CostRollup,
  MetricsBucket,
  MetricsReport,
  MetricsTrendPoint,
} from './api';
export { isValueStreamAvailable } from './lib/isValueStreamAvailable';
export { isAssetEntity } from './lib/isAssetEntity';
