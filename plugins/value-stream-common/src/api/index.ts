export { COLLECTIONS, COLLECTION_RECORD_TYPES } from './collections';
export type {
  Collection,
  CollectionCreateBodies,
  CollectionRecords,
  CollectionUpdateBodies,
  TransitionRequest,
} from './collections';
export {
  assetsQuerySchema,
  DEFAULT_EXPIRY_WINDOW_DAYS,
  DEFAULT_IMPACT_DEPTH,
  impactQuerySchema,
  MAX_IMPACT_DEPTH,
  metricsQuerySchema,
} from './queries';
export type {
  BoardFilter,
  ListEventsQuery,
  ListRecordsQuery,
  MetricsQuery,
  MetricsScope,
  ParsedMetricsQuery,
} from './queries';
export { COLLECTION_ROUTES, ROUTES, VALUE_STREAM_ROUTES } from './routes';
export type { CollectionRoutes, ValueStreamRoute } from './routes';
export type { ValueStreamApi } from './ValueStreamApi';
export { ValueStreamClient } from './ValueStreamClient';
export type { ValueStreamClientOptions } from './ValueStreamClient';
// Through the read models and insights, so that all are registered.
export { responseSchemaRegistry } from './insightSchemas';
