import type { RootConfigService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  entityRefSchema,
  ValidationError,
} from '@valuestream/plugin-value-stream-common';
import type { z } from 'zod';
import type { z as zodV3 } from 'zod/v3';

/** A parsed entity ref in the lower-case form the Value Stream API keys by. */
export interface EntityName {
  ref: string;
  kind: string;
  namespace: string;
  name: string;
}

/** Parses `component:default/name`; the kind is required. */
export function toEntityName(value: string): EntityName {
  const result = entityRefSchema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `Invalid entityRef "${value}": must be an entity ref like component:default/name`,
    );
  }
  const { kind, namespace, name } = parseEntityRef(result.data);
  return { ref: result.data, kind, namespace, name };
}

/** The portal's value stream tab of an entity. */
export function valueStreamTabUrl(
  config: RootConfigService,
  entity: EntityName,
): string {
  const appBaseUrl = config.getString('app.baseUrl').replace(/\/+$/, '');
  return `${appBaseUrl}/catalog/${[entity.namespace, entity.kind, entity.name]
    .map(encodeURIComponent)
    .join('/')}/value-stream`;
}

/**
 * Validates a request body with the API's own schema from -common, so that a
 * dry run reports the error the API would give.
 */
export function validateBody<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ValidationError(what, result.error);
  }
  return result.data;
}

/**
 * The `waitForEntityMs` input of every action that may run before the catalog
 * knows the entity. The scaffolder hands its schema callbacks zod's v3 API.
 */
export function waitForEntityMsInput(zImpl: typeof zodV3) {
  return zImpl
    .number()
    .int()
    .min(0)
    .max(600_000)
    .optional()
    .describe(
      'How long to retry, in milliseconds, while the Value Stream API answers 404 ' +
        'because the catalog does not know the entity yet (right after catalog:register). ' +
        'Default 0: no retry.',
    );
}

/** The `entityRef` input of every action: the service the step acts on. */
export function entityRefInput(zImpl: typeof zodV3) {
  return zImpl
    .string()
    .describe('Entity ref of the service, e.g. component:default/name');
}

/**
 * A template step that uses an action on the entity registered by an
 * earlier `catalog:register` step, for the action's documented examples.
 */
export function exampleStep(
  id: string,
  action: string,
  input: Record<string, string | number | boolean> = {},
): string {
  return [
    'steps:',
    `  - id: ${id}`,
    `    action: ${action}`,
    '    input:',
    "      entityRef: ${{ steps['register'].output.entityRef }}",
    ...Object.entries(input).map(([key, value]) => `      ${key}: ${value}`),
  ].join('\n');
}
