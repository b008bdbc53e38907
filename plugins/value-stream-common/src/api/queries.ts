import { z } from 'zod';
import { dateBoundSchema } from '../inputRules';
import type { MetricsBucket } from '../metrics/report';
import type { Stage } from '../types';

/**
 * Query of the list endpoints. `state` is sent as a comma list; `from` and
 * `to` bound `createdAt`.
 * @public
 */
export interface ListRecordsQuery {
  entityRef?: string;
  state?: string[];
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/**
 * Query of the value stream board: its filters and the paging of its
 * columns. `limit` is services per column (1..200, the backend defaults to
 * 25); `cursor`, a column's `nextCursor`, continues that column and needs
 * its `stage`.
 * @public
 */
export interface BoardFilter {
  owner?: string;
  system?: string;
  stage?: Stage;
  kind?: string;
  cursor?: string;
  limit?: number;
}

/**
 * Query of the events list.
 * @public
 */
export interface ListEventsQuery {
  entityRef?: string;
  unmatched?: boolean;
  cursor?: string;
  limit?: number;
}

/**
 * Whose metrics to compute: one entity, the entities of a system, or the
 * entities an owner owns (exactly one of them).
 * @public
 */
export type MetricsScope =
  | { entityRef: string; system?: never; owner?: never }
  | { system: string; entityRef?: never; owner?: never }
  | { owner: string; entityRef?: never; system?: never };

/**
 * Query of the metrics endpoint: a scope, an optional window (ISO times,
 * the backend defaults to the last 90 days) and the trend bucket size
 * (default `week`).
 * @public
 */
export type MetricsQuery = MetricsScope & {
  from?: string;
  to?: string;
  bucket?: MetricsBucket;
};

const scopeRef = z.string().trim().min(1).max(300).optional();

const isoDate = dateBoundSchema;

/**
 * Query of `GET /metrics`, as the backend parses it. Exactly one scope is
 * checked by the metrics service, so that its message names the scopes.
 * @public
 */
export const metricsQuerySchema = z
  .object({
    entityRef: scopeRef.describe('Entity ref, e.g. component:default/checkout'),
    system: scopeRef.describe('System entity ref or name'),
    owner: scopeRef.describe('Owner entity ref or group name'),
    from: isoDate
      .optional()
      .describe('Start of the window, default 90 days before `to`'),
    to: isoDate
      .optional()
      .describe('End of the window (exclusive), default now'),
    bucket: z.enum(['day', 'week', 'month']).default('week'),
  })
  .strict();

/**
 * The metrics query after parsing: the scope and window of a report.
 * @public
 */
export type ParsedMetricsQuery = z.output<typeof metricsQuerySchema>;

/**
 * The default number of hops of an impact analysis.
 * @public
 */
export const DEFAULT_IMPACT_DEPTH = 3;
/**
 * The largest number of hops an impact analysis walks.
 * @public
 */
export const MAX_IMPACT_DEPTH = 6;
/**
 * The default window of expiring assets, in days.
 * @public
 */
export const DEFAULT_EXPIRY_WINDOW_DAYS = 90;

/**
 * Query of `GET /entities/:kind/:namespace/:name/impact`.
 * @public
 */
export const impactQuerySchema = z
  .object({
    depth: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_IMPACT_DEPTH)
      .default(DEFAULT_IMPACT_DEPTH)
      .describe('Hops to follow'),
  })
  .strict();

/**
 * Query of `GET /assets`.
 * @public
 */
export const assetsQuerySchema = z
  .object({
    expiringWithinDays: z.coerce
      .number()
      .int()
      .min(0)
      .max(3650)
      .default(DEFAULT_EXPIRY_WINDOW_DAYS)
      .describe(
        'Assets that expire within this many days (or have expired) are listed in `expiring`',
      ),
  })
  .strict();
