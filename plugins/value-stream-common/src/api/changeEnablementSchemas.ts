import { z } from 'zod';
import type {
  ApprovalRequirementStatus,
  ChangeApprovalStatus,
} from '../changeApprovalPolicy';
import type { Page } from '../readModels';
import { dateTimeSchema, textSchema } from '../inputRules';
import { entityRefSchema } from '../schemas';
import {
  STANDARD_CHANGE_MODEL_STATES,
  type StandardChangeModel,
  type StandardChangeModelScope,
  type StandardChangeModelState,
} from '../standardChanges';
import { RISK_LEVELS } from '../types';
import {
  dateTime,
  entityRef,
  historyEntry,
  page,
  responseSchemaRegistry,
  same,
} from './responseSchemas';

/*
 * The bodies, queries and answers of the standard-change catalog and of a
 * change's approval status.
 */

const isoDateTime = dateTimeSchema;

const kind = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'Must be a catalog kind, e.g. Component')
  .transform(v => v.toLocaleLowerCase('en-US'));

const refs = z.array(entityRefSchema).max(100);

const scopeBody = z
  .object({
    kinds: z.array(kind).max(20).default([]).describe('Catalog kinds'),
    systems: refs.default([]).describe('System entity refs'),
    owners: refs.default([]).describe('Owner entity refs (groups or users)'),
  })
  .strict()
  .refine(
    s => s.kinds.length + s.systems.length + s.owners.length > 0,
    'Name at least one kind, system or owner the model applies to',
  );

const datesInOrder = {
  message: 'Must not be after expiresAt',
  path: ['reviewAt'],
  when: (payload: z.core.ParsePayload) => payload.issues.length === 0,
};

const name = textSchema(200);
const description = textSchema(10_000, { kind: 'multiline' });
const version = z.number().int().min(1);

/**
 * The body that proposes a standard-change model.
 * @public
 */
export const proposeStandardChangeModelSchema = z
  .object({
    name,
    description: description.describe(
      'What the change does and how: the procedure the change authority approves',
    ),
    scope: scopeBody.describe(
      'What the model applies to: every list that is not empty must include the entity',
    ),
    riskCeiling: z
      .enum(RISK_LEVELS)
      .describe('The highest risk level a change from the model may have'),
    expiresAt: isoDateTime.describe(
      'From this time the model authorizes no change',
    ),
    reviewAt: isoDateTime.describe(
      'When the change authority reviews the model next; not after expiresAt',
    ),
  })
  .strict()
  .refine(b => b.reviewAt <= b.expiresAt, datesInOrder);

/**
 * The body that edits a model; editing what it authorizes (all but the
 * name) returns an approved model to `proposed`.
 * @public
 */
export const updateStandardChangeModelSchema = z
  .object({
    version,
    name: name.optional(),
    description: description.optional(),
    scope: scopeBody.optional(),
    riskCeiling: z.enum(RISK_LEVELS).optional(),
    expiresAt: isoDateTime.optional(),
    reviewAt: isoDateTime.optional(),
  })
  .strict()
  .refine(b => Object.keys(b).some(k => k !== 'version'), {
    message: 'Name at least one field to update besides version',
  })
  .refine(
    b => !b.reviewAt || !b.expiresAt || b.reviewAt <= b.expiresAt,
    datesInOrder,
  );

/**
 * The body that approves or retires a model.
 * @public
 */
export const standardChangeModelTransitionSchema = z
  .object({
    to: z.enum(['approved', 'retired']).describe('The target state'),
    version,
    note: textSchema(5_000, { kind: 'multiline' }).optional(),
  })
  .strict();

/**
 * Query of `GET /standard-change-models`.
 * @public
 */
export const standardChangeModelQuerySchema = z
  .object({
    state: z
      .string()
      .max(200)
      .transform(v =>
        v
          .split(',')
          .map(s => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(STANDARD_CHANGE_MODEL_STATES)))
      .optional()
      .describe('Comma list of states'),
    entityRef: entityRefSchema
      .optional()
      .describe(
        'Only the models a standard change of this entity can be created from now: approved, unexpired, covering it',
      ),
    cursor: z.string().min(1).max(1_000).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** @public */
export type ProposeStandardChangeModelInput = z.input<
  typeof proposeStandardChangeModelSchema
>;
/** @public */
export type UpdateStandardChangeModelInput = z.input<
  typeof updateStandardChangeModelSchema
>;
/** @public */
export type StandardChangeModelTransitionInput = z.input<
  typeof standardChangeModelTransitionSchema
>;
/**
 * Query of `GET /standard-change-models`, as the client sends it.
 * @public
 */
export interface StandardChangeModelQuery {
  state?: StandardChangeModelState[];
  /** Only the models a standard change of this entity can come from now. */
  entityRef?: string;
  cursor?: string;
  limit?: number;
}

const scope = z
  .object({
    kinds: z.array(z.string()),
    systems: z.array(entityRef),
    owners: z.array(entityRef),
  })
  .register(responseSchemaRegistry, { id: 'StandardChangeModelScope' });

export const standardChangeModel = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    scope,
    riskCeiling: z.enum(RISK_LEVELS),
    expiresAt: dateTime,
    reviewAt: dateTime,
    state: z.enum(STANDARD_CHANGE_MODEL_STATES),
    proposedBy: entityRef.meta({
      description: 'Who proposed the model, or last changed what it authorizes',
    }),
    approvedBy: entityRef.optional(),
    approvedAt: dateTime.optional(),
    createdAt: dateTime,
    updatedAt: dateTime,
    createdBy: z.string(),
    version: z.number().int().min(1),
    history: z.array(historyEntry),
  })
  .register(responseSchemaRegistry, { id: 'StandardChangeModel' });

export const standardChangeModelPage = page(
  standardChangeModel,
  'StandardChangeModelPage',
);

const requirement = z
  .object({
    id: z.enum(['authority', 'owner']),
    group: entityRef.optional().meta({
      description:
        'The group whose members decide; absent: anyone the permission policy lets approve',
    }),
    count: z.number().int().min(1),
    outsideTeam: z.number().int().min(0),
    approvedBy: z.array(entityRef),
    missing: z.number().int().min(0),
    missingOutsideTeam: z.number().int().min(0),
  })
  .register(responseSchemaRegistry, { id: 'ApprovalRequirement' });

export const changeApprovalStatus = z
  .object({
    preAuthorized: z.boolean(),
    requestingTeam: entityRef.optional(),
    riskLevel: z.enum(RISK_LEVELS),
    requirements: z.array(requirement),
    rejectedBy: entityRef.optional(),
    complete: z.boolean(),
  })
  .register(responseSchemaRegistry, { id: 'ChangeApprovalStatus' });

same<z.output<typeof scope>, StandardChangeModelScope>(true);
same<z.output<typeof standardChangeModel>, StandardChangeModel>(true);
same<z.output<typeof standardChangeModelPage>, Page<StandardChangeModel>>(true);
same<z.output<typeof requirement>, ApprovalRequirementStatus>(true);
same<z.output<typeof changeApprovalStatus>, ChangeApprovalStatus>(true);
