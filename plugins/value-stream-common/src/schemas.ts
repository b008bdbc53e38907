import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';
import { dateTimeSchema, textSchema, withTextRules } from './inputRules';
import {
  APPROVAL_DECISIONS,
  CHANGE_TYPES,
  DEPLOYMENT_STATES,
  IMPACTS,
  STAGES,
  URGENCIES,
} from './types';

// Request bodies are strict: a misspelt field is a 400, never silently dropped.
// Every text follows the rules of ./inputRules (no control characters but
// tab and newline, carriage return too in multi-line text; lone surrogates
// replaced), and every time is a calendar-valid RFC 3339 date-time.

const LIMITS = {
  title: 200,
  text: 10_000,
  note: 5_000,
  short: 100,
  url: 2_000,
  list: 100,
  /** A year of minutes; no sane target is longer. */
  minutes: 525_600,
} as const;

const title = textSchema(LIMITS.title);
const text = textSchema(LIMITS.text, { kind: 'multiline' });
const note = textSchema(LIMITS.note, { kind: 'multiline' });
const label = textSchema(LIMITS.short);
const id = textSchema(LIMITS.short);
const httpUrl = withTextRules(z.url({ protocol: /^https?$/ }).max(LIMITS.url));
// Patterns carry no flags: the OpenAPI document shows them as written.
const gitSha = withTextRules(z.string())
  .trim()
  .regex(/^[0-9a-fA-F]{7,40}$/, 'Must be a git commit SHA')
  .transform(v => v.toLowerCase());

/**
 * An RFC 3339 date-time with a zone (`Z` or an offset) on a calendar day,
 * normalised to UTC so that stored timestamps sort and compare as strings.
 */
const isoDateTime = dateTimeSchema;

/**
 * A catalog entity ref such as `component:default/checkout`. The kind is
 * required; the namespace defaults to `default`. The output is the
 * lower-case `kind:namespace/name` form the store keys records by.
 * @public
 */
export const entityRefSchema = withTextRules(z.string())
  .trim()
  .min(1)
  .max(300)
  .transform((value, ctx) => {
    try {
      return stringifyEntityRef(parseEntityRef(value));
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'Must be an entity ref like component:default/name',
      });
      return z.NEVER;
    }
  })
  .meta({
    description: 'Catalog entity ref, e.g. `component:default/checkout`',
    example: 'component:default/checkout',
  });

/** Optimistic concurrency: the version of the record the client read. */
const versionSchema = z.number().int().min(1);

/**
 * Cross-field checks run only on an otherwise valid value, so that a body
 * with a misspelt field is not also told it names nothing to update.
 */
const whenValid = (payload: z.core.ParsePayload) => payload.issues.length === 0;

function isWindowOrdered(v: { plannedStart?: string; plannedEnd?: string }) {
  return (
    !v.plannedStart ||
    !v.plannedEnd ||
    Date.parse(v.plannedStart) < Date.parse(v.plannedEnd)
  );
}
const windowOrderMessage = {
  message: 'Must be after plannedStart',
  path: ['plannedEnd'],
  when: whenValid,
};

// Only `version` and undefined values do not count as an update.
function hasUpdate(v: Record<string, unknown>) {
  return Object.entries(v).some(
    ([key, value]) => key !== 'version' && value !== undefined,
  );
}
const hasUpdateMessage = {
  message: 'Name at least one field to update besides version',
  when: whenValid,
};

// ------------------------------------------------------------------ changes

/** @public */
export const createChangeSchema = z
  .object({
    entityRef: entityRefSchema,
    title,
    description: text,
    type: z.enum(CHANGE_TYPES),
    plannedStart: isoDateTime.optional(),
    plannedEnd: isoDateTime.optional(),
    proposesService: z.boolean().default(false),
    standardChangeModelId: id
      .optional()
      .describe(
        'The approved standard-change model a standard change is created from; required for type standard, refused for the others',
      ),
  })
  .strict()
  .refine(isWindowOrdered, windowOrderMessage);

/** @public */
export const updateChangeSchema = z
  .object({
    version: versionSchema,
    title: title.optional(),
    description: text.optional(),
    type: z
      .enum(CHANGE_TYPES)
      .optional()
      .describe('Fixed at creation: only the current type is accepted'),
    plannedStart: isoDateTime.optional(),
    plannedEnd: isoDateTime.optional(),
    proposesService: z.boolean().optional(),
  })
  .strict()
  .refine(hasUpdate, hasUpdateMessage)
  .refine(isWindowOrdered, windowOrderMessage);

/**
 * The body that maps an unmatched event to a catalog entity.
 * @public
 */
export const mapEventSchema = z.object({ entityRef: entityRefSchema }).strict();

/** @public */
export const approvalSchema = z
  .object({
    decision: z.enum(APPROVAL_DECISIONS),
    comment: textSchema(2_000, { kind: 'multiline', min: 0 }).optional(),
    freezeOverride: z
      .boolean()
      .optional()
      .describe(
        'True: approve the change as a freeze override, so that a normal or standard change is scheduled and implemented in a change freeze. Only a member of the change authority (valueStream.changeAuthorityGroup) gives one, with decision approved',
      ),
  })
  .strict();

// ----------------------------------------------------------------- releases

const changeIds = z.array(id).max(LIMITS.list);

/** @public */
export const createReleaseSchema = z
  .object({
    entityRef: entityRefSchema,
    releaseVersion: label,
    title,
    changeIds: changeIds.default([]),
    gitTag: label.optional(),
    gitSha: gitSha.optional(),
    url: httpUrl.optional(),
    externalId: textSchema(200).optional(),
  })
  .strict();

/** @public */
export const updateReleaseSchema = z
  .object({
    version: versionSchema,
    releaseVersion: label.optional(),
    title: title.optional(),
    changeIds: changeIds.optional(),
    gitTag: label.optional(),
    gitSha: gitSha.optional(),
    url: httpUrl.optional(),
  })
  .strict()
  .refine(hasUpdate, hasUpdateMessage);

// -------------------------------------------------------------- deployments

/** Environment names as pipelines write them: `production`, `eu-west/staging`. */
const environment = withTextRules(z.string())
  .trim()
  .min(1)
  .max(LIMITS.short)
  .regex(/^[\w./:-]+$/, 'Letters, digits and . _ - / : only');

function isRunOrdered(v: { startedAt?: string; finishedAt?: string }) {
  return (
    !v.startedAt ||
    !v.finishedAt ||
    Date.parse(v.startedAt) <= Date.parse(v.finishedAt)
  );
}
const runOrderMessage = {
  message: 'Must not be before startedAt',
  path: ['finishedAt'],
  when: whenValid,
};

/**
 * A deployment may be recorded as it starts (`pending`) or after the fact
 * with its final state, as CI pipelines usually report it. When `production`
 * is absent the backend derives it with `isProductionEnvironment`.
 * @public
 */
export const createDeploymentSchema = z
  .object({
    entityRef: entityRefSchema,
    environment,
    production: z.boolean().optional(),
    deployedVersion: label,
    state: z.enum(DEPLOYMENT_STATES).default('pending'),
    startedAt: isoDateTime.optional(),
    finishedAt: isoDateTime.optional(),
    releaseId: id.optional(),
    changeId: id.optional(),
    gitSha: gitSha.optional(),
    url: httpUrl.optional(),
    externalId: textSchema(200).optional(),
  })
  .strict()
  .refine(isRunOrdered, runOrderMessage);

/** @public */
export const updateDeploymentSchema = z
  .object({
    version: versionSchema,
    environment: environment.optional(),
    production: z.boolean().optional(),
    deployedVersion: label.optional(),
    startedAt: isoDateTime.optional(),
    finishedAt: isoDateTime.optional(),
    releaseId: id.nullable().optional(),
    changeId: id.nullable().optional(),
    gitSha: gitSha.optional(),
    url: httpUrl.optional(),
  })
  .strict()
  .refine(hasUpdate, hasUpdateMessage)
  .refine(isRunOrdered, runOrderMessage);

// ---------------------------------------------------------------- incidents

const knowledgeLinks = z.array(httpUrl).max(20);
const contactChannel = textSchema(200);

/** @public */
export const createIncidentSchema = z
  .object({
    entityRef: entityRefSchema,
    title,
    description: text,
    impact: z.enum(IMPACTS),
    urgency: z.enum(URGENCIES),
    contactChannel: contactChannel.optional(),
    knowledgeLinks: knowledgeLinks.default([]),
    causedByChangeId: id.optional(),
    major: z.boolean().default(false),
  })
  .strict();

/**
 * `null` clears a link or the assignee; `undefined` leaves it as it is.
 * @public
 */
export const updateIncidentSchema = z
  .object({
    version: versionSchema,
    title: title.optional(),
    description: text.optional(),
    impact: z.enum(IMPACTS).optional(),
    urgency: z.enum(URGENCIES).optional(),
    major: z.boolean().optional(),
    contactChannel: contactChannel.optional(),
    knowledgeLinks: knowledgeLinks.optional(),
    assignee: entityRefSchema.nullable().optional(),
    waitingOnReporter: z.boolean().optional(),
    causedByChangeId: id.nullable().optional(),
    problemId: id.nullable().optional(),
  })
  .strict()
  .refine(hasUpdate, hasUpdateMessage);

// ----------------------------------------------------------------- problems

const incidentIds = z.array(id).max(LIMITS.list);

/** @public */
export const createProblemSchema = z
  .object({
    entityRef: entityRefSchema,
    title,
    description: text,
    incidentIds: incidentIds.default([]),
    rootCause: text.optional(),
    workaround: text.optional(),
  })
  .strict();

/** @public */
export const updateProblemSchema = z
  .object({
    version: versionSchema,
    title: title.optional(),
    description: text.optional(),
    incidentIds: incidentIds.optional(),
    rootCause: text.optional(),
    workaround: text.optional(),
  })
  .strict()
  .refine(hasUpdate, hasUpdateMessage);

// ----------------------------------------------------------- service levels

const minutes = z.number().int().min(1).max(LIMITS.minutes);

/** Response and resolution targets of one priority, in minutes. @public */
export const priorityTargetSchema = z
  .object({ responseMinutes: minutes, resolutionMinutes: minutes })
  .strict()
  .refine(t => t.resolutionMinutes >= t.responseMinutes, {
    message: 'Must not be shorter than responseMinutes',
    path: ['resolutionMinutes'],
    when: whenValid,
  });

/** Targets for every priority; a service level covers all of them. @public */
export const priorityTargetsSchema = z
  .object({
    P1: priorityTargetSchema,
    P2: priorityTargetSchema,
    P3: priorityTargetSchema,
    P4: priorityTargetSchema,
  })
  .strict();

const percent = z.number().gt(0).max(100);

const sloSchema = z
  .object({
    name: label,
    objectivePercent: percent,
    description: textSchema(1_000, { kind: 'multiline', min: 0 }).optional(),
  })
  .strict();
const slos = z.array(sloSchema).max(20);

/** Tier names come from config (`gold`, `silver`, ...). */
const tier = withTextRules(z.string())
  .trim()
  .min(1)
  .max(50)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'Letters, digits, - and _ only');

/** @public */
export const createServiceLevelSchema = z
  .object({
    entityRef: entityRefSchema,
    name: title,
    tier: tier.optional(),
    availabilityTarget: percent,
    targets: priorityTargetsSchema,
    slos: slos.default([]),
  })
  .strict();

/** @public */
export const updateServiceLevelSchema = z
  .object({
    version: versionSchema,
    name: title.optional(),
    tier: tier.nullable().optional(),
    availabilityTarget: percent.optional(),
    targets: priorityTargetsSchema.optional(),
    slos: slos.optional(),
  })
  .strict()
  .refine(hasUpdate, hasUpdateMessage);

// -------------------------------------------------------------- transitions

/**
 * A request to move a record to another state. Besides the target state it
 * carries what some transitions require (a root cause for `known_error`, a
 * resolution note for `resolved`, a window for `scheduled`); the lifecycle
 * decides which apply.
 * @public
 */
export const transitionSchema = z
  .object({
    to: z
      .string()
      .trim()
      .min(1)
      .max(50)
      .regex(/^[a-z_]+$/, 'Must be a state name')
      .describe('The target state'),
    version: versionSchema,
    note: note.optional(),
    rootCause: text
      .optional()
      .describe('Required for a problem moving to known_error'),
    workaround: text.optional(),
    resolutionNote: note
      .optional()
      .describe('Required for an incident moving to resolved'),
    plannedStart: isoDateTime.optional(),
    plannedEnd: isoDateTime.optional(),
  })
  .strict()
  .refine(isWindowOrdered, windowOrderMessage);

// ------------------------------------------------------------------ queries

/** Query strings carry booleans as text. */
const booleanish = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform(v => v === true || v === 'true' || v === '1');

/**
 * Query of the list endpoints. `state` is a comma list; `from` and `to`
 * bound `createdAt`; `limit` is 1..200 (50 when absent).
 * @public
 */
export const listQuerySchema = z
  .object({
    entityRef: entityRefSchema
      .optional()
      .describe('Only records of this entity'),
    state: z
      .string()
      .max(500)
      .transform(v =>
        v
          .split(',')
          .map(s => s.trim())
          .filter(Boolean),
      )
      .optional()
      .describe('Comma list of states'),
    from: isoDateTime.optional().describe('Inclusive lower bound on createdAt'),
    to: isoDateTime.optional().describe('Exclusive upper bound on createdAt'),
    cursor: z
      .string()
      .min(1)
      .max(1_000)
      .optional()
      .describe('nextCursor of the previous page'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    awaitingApprovalBy: z
      .literal('me')
      .optional()
      .describe(
        "Only changes in `authorize` whose approval policy asks for the caller's decision: they qualify for a requirement still unmet, did not request the change and have not decided",
      ),
    unmatched: booleanish
      .optional()
      .describe('Only events that match no catalog entity'),
  })
  .strict()
  .refine(q => !q.from || !q.to || q.from <= q.to, {
    message: 'Must not be before from',
    path: ['to'],
    when: whenValid,
  });

/**
 * Query of the board endpoint. The board is paged per stage column: `limit`
 * (1..200, 25 when absent) services in each column, and `cursor`, from a
 * column's `nextCursor`, continues that column, so it needs `stage`.
 * @public
 */
export const boardQuerySchema = z
  .object({
    owner: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .optional()
      .describe('Owner entity ref or group name'),
    system: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .optional()
      .describe('System entity ref or name'),
    stage: z.enum(STAGES).optional(),
    kind: z
      .string()
      .trim()
      .min(1)
      .max(LIMITS.short)
      .optional()
      .describe('Catalog kind, e.g. Component'),
    cursor: z
      .string()
      .min(1)
      .max(1_000)
      .optional()
      .describe(
        'nextCursor of a column; continues that column, so needs stage',
      ),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(200)
      .default(25)
      .describe('Services per column'),
  })
  .strict()
  .refine(q => !q.cursor || q.stage, {
    message: 'A cursor continues one column: give its stage too',
    path: ['cursor'],
    when: whenValid,
  });

// ------------------------------------------------------------ inferred types

/** @public */
export type CreateChangeInput = z.infer<typeof createChangeSchema>;
/** @public */
export type UpdateChangeInput = z.infer<typeof updateChangeSchema>;
/** @public */
export type ApprovalInput = z.infer<typeof approvalSchema>;
/** @public */
export type CreateReleaseInput = z.infer<typeof createReleaseSchema>;
/** @public */
export type UpdateReleaseInput = z.infer<typeof updateReleaseSchema>;
/** @public */
export type CreateDeploymentInput = z.infer<typeof createDeploymentSchema>;
/** @public */
export type UpdateDeploymentInput = z.infer<typeof updateDeploymentSchema>;
/** @public */
export type CreateIncidentInput = z.infer<typeof createIncidentSchema>;
/** @public */
export type UpdateIncidentInput = z.infer<typeof updateIncidentSchema>;
/** @public */
export type CreateProblemInput = z.infer<typeof createProblemSchema>;
/** @public */
export type UpdateProblemInput = z.infer<typeof updateProblemSchema>;
/** @public */
export type CreateServiceLevelInput = z.infer<typeof createServiceLevelSchema>;
/** @public */
export type UpdateServiceLevelInput = z.infer<typeof updateServiceLevelSchema>;
/** @public */
export type TransitionInput = z.infer<typeof transitionSchema>;
/** @public */
export type ListQuery = z.infer<typeof listQuerySchema>;
/** @public */
export type BoardQuery = z.infer<typeof boardQuerySchema>;

/**
 * The form of a create or update body the client sends, before defaults and
 * normalisation (what the frontend's typed client accepts).
 * @public
 */
export type RequestBody<S extends z.ZodType> = z.input<S>;
