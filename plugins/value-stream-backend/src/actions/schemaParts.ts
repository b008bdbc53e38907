/*
 * Schema parts several actions share, built with the zod the registry hands
 * to the schema callbacks, and the mapping of records to those parts.
 */
import {
  CHANGE_TYPES,
  ChangeRecord,
  Page,
} from '@valuestream/plugin-value-stream-common';
import type { z as registryZod } from 'zod/v3';
import { qualifyRef } from '../lib/refs';

type Zod = typeof registryZod;

const ENTITY_REF_DESCRIPTION =
  'Catalog entity ref of the service, e.g. "component:default/checkout". A bare name such as "checkout" means the component of that name in the default namespace.';

/** An `entityRef` input, with the words that tell an assistant its form. */
export const entityRefField = (z: Zod, prefix?: string) =>
  z
    .string()
    .min(1)
    .max(300)
    .describe(
      prefix ? `${prefix} ${ENTITY_REF_DESCRIPTION}` : ENTITY_REF_DESCRIPTION,
    );

/** The normalized ref of an action's `entityRef` input. */
export function entityRefOf(input: string): string {
  return qualifyRef(input, 'component', 'entityRef');
}

/** Attributes of the actions that only read. */
export const READ_ONLY = {
  readOnly: true,
  destructive: false,
  idempotent: true,
} as const;

/** Attributes of the actions that open a record: each call opens another. */
export const CREATES_RECORD = {
  readOnly: false,
  destructive: false,
  idempotent: false,
} as const;

/** The service, title and description of a record an action opens. */
export const newRecordFields = (
  z: Zod,
  describe: { title: string; description: string },
) => ({
  entityRef: entityRefField(z),
  title: z.string().min(1).max(200).describe(describe.title),
  description: z.string().min(1).max(10_000).describe(describe.description),
});

/** `limit` and `cursor` of a paged list. */
export const pageInputFields = (z: Zod, defaultLimit: number) => ({
  limit: z.number().int().min(1).max(50).default(defaultLimit),
  cursor: z
    .string()
    .min(1)
    .max(1_000)
    .optional()
    .describe('nextCursor of the previous page'),
});

/** The list query of a paged action's input, its ref normalized. */
export function pageQueryOf(input: {
  entityRef?: string;
  limit: number;
  cursor?: string;
}): { entityRef?: string; limit: number; cursor?: string } {
  return {
    limit: input.limit,
    ...(input.entityRef ? { entityRef: entityRefOf(input.entityRef) } : {}),
    ...(input.cursor ? { cursor: input.cursor } : {}),
  };
}

/** A page of the domain as the output of {@link pageOutput}. */
export function pageOf<T, U>(page: Page<T>, outline: (item: T) => U) {
  return {
    items: page.items.map(outline),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/** A page of items with the cursor of the next one. */
export const pageOutput = <T extends Parameters<Zod['array']>[0]>(
  z: Zod,
  item: T,
) =>
  z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .optional()
      .describe('Pass as cursor for the next page; absent on the last'),
  });

/** What an assistant needs of a change request. */
export const changeOutputFields = (z: Zod) => ({
  id: z.string(),
  entityRef: z.string(),
  title: z.string(),
  type: z.enum(CHANGE_TYPES),
  requestedBy: z.string(),
  riskLevel: z.string().optional(),
  riskScore: z.number().optional().describe('0..100'),
  plannedStart: z.string().optional(),
  plannedEnd: z.string().optional(),
  standardChangeModelId: z
    .string()
    .optional()
    .describe('The standard-change model of a standard change'),
});

/** The fields of {@link changeOutputFields} of a change. */
export function changeOutline(change: ChangeRecord) {
  return {
    id: change.id,
    entityRef: change.entityRef,
    title: change.title,
    type: change.type,
    requestedBy: change.requestedBy,
    ...(change.riskLevel ? { riskLevel: change.riskLevel } : {}),
    ...(change.riskScore !== undefined ? { riskScore: change.riskScore } : {}),
    ...(change.plannedStart ? { plannedStart: change.plannedStart } : {}),
    ...(change.plannedEnd ? { plannedEnd: change.plannedEnd } : {}),
    ...(change.standardChangeModelId
      ? { standardChangeModelId: change.standardChangeModelId }
      : {}),
  };
}
