import { z } from 'zod';
import { entityRefSchema } from '../schemas';
import { SLO_ALERT_SEVERITIES } from '../slo/declaration';
import { dateTime, entityRef } from './responseSchemas';
import { responseSchemaRegistry } from './readModelSchemas';

/**
 * Where an SLO's numbers stand:
 * - `ok`: measured at the last evaluation;
 * - `stale`: the source failed at the last evaluation; the values are those
 *   of `measuredAt`, kept rather than zeroed;
 * - `no-source`: no source of that name is configured under
 *   `valueStream.slo.sources`, so nothing is measured (never a zero);
 * - `pending`: declared, not evaluated yet.
 * @public
 */
export const SLO_STATES = ['ok', 'stale', 'no-source', 'pending'] as const;
/** @public */
export type SloState = (typeof SLO_STATES)[number];

/** The sort orders of `GET /slos`. @public */
export const SLO_SORTS = ['remainingBudget', 'name'] as const;

/**
 * Query of `GET /slos`: the SLOs of one entity, or of every service the
 * caller may see, sorted by remaining budget (least first, unmeasured last)
 * or by entity and name.
 * @public
 */
export const sloQuerySchema = z
  .object({
    entityRef: entityRefSchema
      .optional()
      .describe('Only the SLOs of this entity, with their burn-down'),
    sort: z.enum(SLO_SORTS).default('remainingBudget'),
    order: z.enum(['asc', 'desc']).default('asc'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** `GET /slos` query as a client sends it. @public */
export interface SloQuery {
  entityRef?: string;
  sort?: (typeof SLO_SORTS)[number];
  order?: 'asc' | 'desc';
  limit?: number;
}

/** `GET /slos` query as the backend parsed it, defaults filled in. @public */
export type ParsedSloQuery = z.output<typeof sloQuerySchema>;

const burnRateConditionState = z.object({
  threshold: z.number(),
  longWindow: z.string().meta({ example: '1h' }),
  shortWindow: z.string().meta({ example: '5m' }),
  longBurnRate: z.number().optional(),
  shortBurnRate: z.number().optional(),
  state: z.enum(['firing', 'ok', 'no-data']),
});

const alertPolicyState = z.object({
  name: z.string(),
  severity: z.enum(SLO_ALERT_SEVERITIES),
  state: z.enum(['firing', 'ok', 'no-data']),
  conditions: z.array(burnRateConditionState),
});

/** One SLO as `GET /slos` answers it. @public */
export const sloStatusSchema = z
  .object({
    entityRef,
    name: z.string(),
    displayName: z.string().optional(),
    description: z.string().optional(),
    origin: z.enum(['annotation', 'tier']).meta({
      description:
        'Declared in the valuestream.io/slos annotation, or inherited from the service level tier',
    }),
    source: z.string().meta({ description: 'valueStream.slo.sources name' }),
    budgetingMethod: z.enum(['Occurrences', 'Timeslices']),
    target: z.number().meta({ description: 'The objective, 0.99 for 99 %' }),
    timeWindow: z.string().meta({
      description: 'Rolling duration such as 28d, or 1M for a calendar month',
    }),
    state: z.enum(SLO_STATES),
    sli: z.number().optional().meta({
      description: 'good / total over the window; absent without data',
    }),
    remainingBudget: z.number().optional().meta({
      description:
        '1 untouched, 0 spent, below 0 overspent; absent without data',
    }),
    coverage: z.number().optional().meta({
      description: 'Share of the window with data, 0 to 1',
    }),
    good: z.number().optional(),
    total: z.number().optional(),
    windowStart: dateTime.optional(),
    windowEnd: dateTime.optional(),
    burnRates: z.record(z.string(), z.number().nullable()).meta({
      description: 'Burn rate by window (5m, 1h, ...); null without data',
    }),
    burnRateState: z.enum(['page', 'ticket', 'ok', 'no-data']),
    alerts: z.array(alertPolicyState),
    measuredAt: dateTime.optional().meta({
      description: 'The last evaluation that reached the source',
    }),
    evaluatedAt: dateTime.optional(),
    error: z.string().optional().meta({
      description: 'Why the last evaluation failed, when it is stale',
    }),
    burndown: z
      .array(z.object({ at: dateTime, remainingBudget: z.number().nullable() }))
      .optional()
      .meta({
        description:
          'Remaining budget at the end of each hour of the window; only with entityRef',
      }),
  })
  .register(responseSchemaRegistry, { id: 'SloStatus' });

/** What one SLO stands at, as `GET /slos` answers. @public */
export type SloStatus = z.output<typeof sloStatusSchema>;

/** The answer of `GET /slos`. @public */
export const sloList = z
  .object({ items: z.array(sloStatusSchema) })
  .register(responseSchemaRegistry, { id: 'SloList' });

/** @public */
export type SloList = z.output<typeof sloList>;
