/*
 * SLOs as code: the declarations a service carries in its catalog entity
 * (`valuestream.io/slos`) or inherits from its service level tier. The shape
 * follows OpenSLO v1's SLO spec (name, indicator with a ratio or threshold
 * metric, objectives, timeWindow, budgetingMethod, alertPolicies with
 * burn-rate conditions), inlined and trimmed so that it fits an annotation.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatValidationMessage } from '../validation';

const MINUTE = 60_000;
const DURATION_UNITS: Record<string, number> = {
  m: MINUTE,
  h: 60 * MINUTE,
  d: 24 * 60 * MINUTE,
  w: 7 * 24 * 60 * MINUTE,
};
const DURATION = /^([1-9]\d{0,4})([mhdw])$/;

/** The resolution at which SLIs are measured and stored: five minutes. @public */
export const SLI_RESOLUTION_MS = 5 * MINUTE;

/** The longest rolling window an SLO may declare: 90 days. @public */
export const MAX_SLO_WINDOW_MS = 90 * DURATION_UNITS.d;

/**
 * Milliseconds of an OpenSLO duration such as `5m`, `1h`, `28d` or `1w`;
 * undefined for anything else (calendar `1M` has no fixed length).
 * @public
 */
export function parseSloDuration(value: string): number | undefined {
  const match = DURATION.exec(value);
  return match ? Number(match[1]) * DURATION_UNITS[match[2]] : undefined;
}

const duration = z
  .string()
  .trim()
  .refine(value => parseSloDuration(value) !== undefined, {
    message: 'Must be a duration such as 5m, 1h, 28d or 1w',
  });

/** A duration that is a whole number of SLI buckets (5 minutes). */
const bucketDuration = duration.refine(
  value => (parseSloDuration(value) ?? 1) % SLI_RESOLUTION_MS === 0,
  { message: 'Must be a multiple of 5m, the SLI resolution' },
);

const query = z.string().trim().min(1).max(2_000);
const metric = z.object({ query }).strict();

/** Names a source under `valueStream.slo.sources`. */
const sourceName = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,62}$/i,
    'Must be a source name: letters, digits, - and _',
  );

const ratioMetric = z
  .object({
    /**
     * True (the default): the queries return counters, and each bucket
     * counts what they grew by. False: each query returns the events of the
     * five minutes before its evaluation time, such as `sum(increase(x[5m]))`.
     */
    counter: z.boolean().default(true),
    good: metric,
    total: metric,
  })
  .strict();

const indicator = z
  .object({
    /** A source configured under `valueStream.slo.sources`; `default` when absent. */
    metricSourceRef: sourceName.optional(),
    ratioMetric: ratioMetric.optional(),
    /** A gauge such as a latency percentile, judged against the objective's `op` and `value`. */
    thresholdMetric: metric.optional(),
  })
  .strict()
  .refine(i => (i.ratioMetric ? 1 : 0) + (i.thresholdMetric ? 1 : 0) === 1, {
    message: 'Must have exactly one of ratioMetric and thresholdMetric',
  });

/** OpenSLO's comparison operators of a threshold objective. @public */
export const SLO_OPERATORS = ['lt', 'lte', 'gt', 'gte'] as const;

const objective = z
  .object({
    displayName: z.string().trim().min(1).max(200).optional(),
    /** The share of good events (or good time slices), above 0 and below 1. */
    target: z
      .number()
      .gt(0, 'Must be above 0')
      .lt(1, 'Must be below 1 (0.99 for 99 %)'),
    op: z.enum(SLO_OPERATORS).optional(),
    value: z.number().optional(),
  })
  .strict();

const calendar = z
  .object({
    timeZone: z
      .string()
      .trim()
      .refine(isTimeZone, { message: 'Must be an IANA time zone' })
      .default('UTC'),
  })
  .strict();

const timeWindow = z
  .object({
    /** Rolling: a duration such as `28d`; calendar: `1M`, a calendar month. */
    duration: z.string().trim(),
    isRolling: z.boolean(),
    calendar: calendar.optional(),
  })
  .strict()
  .superRefine((w, ctx) => {
    if (!w.isRolling) {
      if (w.duration !== '1M') {
        ctx.addIssue({
          code: 'custom',
          path: ['duration'],
          message: 'A calendar window must be 1M (a calendar month)',
        });
      }
      return;
    }
    const ms = parseSloDuration(w.duration);
    if (ms === undefined || ms % SLI_RESOLUTION_MS !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['duration'],
        message: 'Must be a duration such as 28d or 30d, a multiple of 5m',
      });
    } else if (ms < DURATION_UNITS.h || ms > MAX_SLO_WINDOW_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['duration'],
        message: 'Must be from 1h to 90d',
      });
    }
    if (w.calendar) {
      ctx.addIssue({
        code: 'custom',
        path: ['calendar'],
        message: 'Only a calendar window (isRolling: false) has a calendar',
      });
    }
  });

const burnRateCondition = z
  .object({
    kind: z.literal('burnrate'),
    op: z.literal('gte').default('gte'),
    /** The burn rate that fires: 14.4 spends 2 % of a 30-day budget in an hour. */
    threshold: z.number().positive().max(1_000),
    /** The long window, such as `1h`. */
    lookbackWindow: bucketDuration,
    /**
     * The short window that must burn as fast, so that an alert stops soon
     * after the burning does: a twelfth of the long window when absent
     * (5m for 1h), as in the SRE workbook. An extension of OpenSLO.
     */
    shortWindow: bucketDuration.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const long = parseSloDuration(c.lookbackWindow) ?? 0;
    const short = c.shortWindow ? parseSloDuration(c.shortWindow) ?? 0 : 0;
    if (long > MAX_SLO_WINDOW_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['lookbackWindow'],
        message: 'Must be at most 90d',
      });
    }
    if (c.shortWindow && short >= long) {
      ctx.addIssue({
        code: 'custom',
        path: ['shortWindow'],
        message: 'Must be shorter than lookbackWindow',
      });
    }
  });

/** How urgent an alert policy is: a page wakes someone, a ticket waits. @public */
export const SLO_ALERT_SEVERITIES = ['page', 'ticket'] as const;

const alertPolicy = z
  .object({
    name: z.string().trim().min(1).max(100),
    severity: z.enum(SLO_ALERT_SEVERITIES).default('page'),
    /** Any condition firing fires the policy. */
    conditions: z.array(burnRateCondition).min(1).max(4),
  })
  .strict();

/** OpenSLO names: lower-case DNS labels. */
const SLO_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * One SLO as declared, before defaults are filled in.
 * @public
 */
export const sloDeclarationSchema = z
  .object({
    name: z
      .string()
      .trim()
      .regex(SLO_NAME, 'Must be a lower-case name such as checkout-latency'),
    displayName: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(1_000).optional(),
    /** Occurrences (ratio metrics) or Timeslices (threshold metrics). */
    budgetingMethod: z.enum(['Occurrences', 'Timeslices']).optional(),
    indicator,
    objectives: z.array(objective).length(1, 'Must have exactly one objective'),
    timeWindow: z
      .array(timeWindow)
      .length(1, 'Must have exactly one time window'),
    alertPolicies: z.array(alertPolicy).max(8).optional(),
  })
  .strict()
  .superRefine((slo, ctx) => {
    const [objectiveOf] = slo.objectives;
    const threshold = !!slo.indicator.thresholdMetric;
    const method = slo.budgetingMethod;
    if (threshold) {
      if (method === 'Occurrences') {
        ctx.addIssue({
          code: 'custom',
          path: ['budgetingMethod'],
          message: 'A thresholdMetric is budgeted by Timeslices',
        });
      }
      for (const key of ['op', 'value'] as const) {
        if (objectiveOf?.[key] === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['objectives', 0, key],
            message: `A thresholdMetric objective needs ${key}`,
          });
        }
      }
    } else {
      if (method === 'Timeslices') {
        ctx.addIssue({
          code: 'custom',
          path: ['budgetingMethod'],
          message: 'A ratioMetric is budgeted by Occurrences',
        });
      }
      for (const key of ['op', 'value'] as const) {
        if (objectiveOf?.[key] !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['objectives', 0, key],
            message: 'Only a thresholdMetric objective has op and value',
          });
        }
      }
    }
  });

/**
 * The SLOs of one entity: a list of at most 20 with distinct names.
 * @public
 */
export const sloDeclarationsSchema = z
  .array(sloDeclarationSchema)
  .max(20)
  .superRefine((slos, ctx) => {
    const seen = new Set<string>();
    slos.forEach((slo, index) => {
      if (seen.has(slo.name)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `Duplicate SLO name ${slo.name}`,
        });
      }
      seen.add(slo.name);
    });
  });

/** @public */
export type SloDeclarationInput = z.input<typeof sloDeclarationSchema>;

/** A burn-rate condition with both windows in milliseconds. @public */
export interface BurnRateCondition {
  threshold: number;
  longWindowMs: number;
  shortWindowMs: number;
}

/** @public */
export interface SloAlertPolicy {
  name: string;
  severity: (typeof SLO_ALERT_SEVERITIES)[number];
  conditions: BurnRateCondition[];
}

/** The time window of an SLO. @public */
export type SloTimeWindow =
  | { kind: 'rolling'; durationMs: number; duration: string }
  | { kind: 'calendarMonth'; timeZone: string };

/**
 * One SLO with its defaults filled in: what the evaluation and the pages
 * work from.
 * @public
 */
export interface SloDefinition {
  name: string;
  displayName?: string;
  description?: string;
  /** The source under `valueStream.slo.sources`. */
  source: string;
  budgetingMethod: 'Occurrences' | 'Timeslices';
  indicator:
    | { kind: 'ratio'; counter: boolean; good: string; total: string }
    | {
        kind: 'threshold';
        query: string;
        op: (typeof SLO_OPERATORS)[number];
        value: number;
      };
  /** The objective, above 0 and below 1. */
  target: number;
  timeWindow: SloTimeWindow;
  alertPolicies: SloAlertPolicy[];
}

const HOUR = DURATION_UNITS.h;

/**
 * The multi-window, multi-burn-rate alerts of the SRE workbook for a 30-day
 * budget: page at 14.4x over 1h and 5m or 6x over 6h and 30m; ticket at 3x
 * over 1d and 2h or 1x over 3d and 6h. An SLO that declares no alert
 * policies gets these.
 * @public
 */
export const DEFAULT_SLO_ALERT_POLICIES: readonly SloAlertPolicy[] = [
  {
    name: 'page',
    severity: 'page',
    conditions: [
      { threshold: 14.4, longWindowMs: HOUR, shortWindowMs: 5 * MINUTE },
      { threshold: 6, longWindowMs: 6 * HOUR, shortWindowMs: 30 * MINUTE },
    ],
  },
  {
    name: 'ticket',
    severity: 'ticket',
    conditions: [
      { threshold: 3, longWindowMs: 24 * HOUR, shortWindowMs: 2 * HOUR },
      { threshold: 1, longWindowMs: 72 * HOUR, shortWindowMs: 6 * HOUR },
    ],
  },
];

/** The source an SLO names nothing else: `default`. @public */
export const DEFAULT_SLO_SOURCE = 'default';

/** A twelfth of the long window, rounded down to whole buckets, at least one. */
function defaultShortWindow(longMs: number): number {
  const buckets = Math.max(1, Math.floor(longMs / 12 / SLI_RESOLUTION_MS));
  return buckets * SLI_RESOLUTION_MS;
}

/**
 * Fills in the defaults of a declaration that passed
 * {@link sloDeclarationSchema}.
 * @public
 */
export function toSloDefinition(
  slo: z.output<typeof sloDeclarationSchema>,
): SloDefinition {
  const [goal] = slo.objectives;
  const [window] = slo.timeWindow;
  const ratio = slo.indicator.ratioMetric;
  const threshold = slo.indicator.thresholdMetric;
  return {
    name: slo.name,
    ...(slo.displayName ? { displayName: slo.displayName } : {}),
    ...(slo.description ? { description: slo.description } : {}),
    source: slo.indicator.metricSourceRef ?? DEFAULT_SLO_SOURCE,
    budgetingMethod: ratio ? 'Occurrences' : 'Timeslices',
    indicator: ratio
      ? {
          kind: 'ratio',
          counter: ratio.counter,
          good: ratio.good.query,
          total: ratio.total.query,
        }
      : {
          kind: 'threshold',
          query: threshold!.query,
          op: goal.op!,
          value: goal.value!,
        },
    target: goal.target,
    timeWindow: window.isRolling
      ? {
          kind: 'rolling',
          duration: window.duration,
          durationMs: parseSloDuration(window.duration)!,
        }
      : { kind: 'calendarMonth', timeZone: window.calendar?.timeZone ?? 'UTC' },
    alertPolicies: slo.alertPolicies
      ? slo.alertPolicies.map(policy => ({
          name: policy.name,
          severity: policy.severity,
          conditions: policy.conditions.map(c => {
            const longWindowMs = parseSloDuration(c.lookbackWindow)!;
            return {
              threshold: c.threshold,
              longWindowMs,
              shortWindowMs: c.shortWindow
                ? parseSloDuration(c.shortWindow)!
                : defaultShortWindow(longWindowMs),
            };
          }),
        }))
      : DEFAULT_SLO_ALERT_POLICIES.map(p => ({
          ...p,
          conditions: [...p.conditions],
        })),
  };
}

/**
 * Parses the value of `valuestream.io/slos`: YAML (or JSON, which is YAML
 * too) holding a list of SLOs. Throws a `TypeError` whose message names the
 * field and the reason: `[0].objectives.0.target: Must be below 1 (0.99 for 99 %)`.
 * @public
 */
export function parseSloDeclarations(value: string): SloDefinition[] {
  let raw: unknown;
  try {
    raw = parseYaml(value);
  } catch (error) {
    throw new TypeError(
      `is not YAML or JSON: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const result = sloDeclarationsSchema.safeParse(raw);
  if (!result.success) {
    throw new TypeError(
      formatValidationMessage('SLO declarations', result.error).replace(
        /^Invalid SLO declarations: /,
        '',
      ),
    );
  }
  return result.data.map(toSloDefinition);
}

function isTimeZone(value: string): boolean {
  try {
    return !!new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    return false;
  }
}
