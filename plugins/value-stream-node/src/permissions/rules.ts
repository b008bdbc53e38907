import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { createPermissionRule } from '@backstage/plugin-permission-node';
import { z } from 'zod';
import { valueStreamEntityPermissionResourceRef } from './resourceRef';

function lower(value: string): string {
  return value.toLocaleLowerCase('en-US');
}

/** The owner refs of an entity: its `ownedBy` relations, else `spec.owner`. */
function ownerRefs(entity: Entity): string[] {
  const fromRelations = (entity.relations ?? [])
    .filter(relation => relation.type === RELATION_OWNED_BY)
    .map(relation => lower(relation.targetRef));
  if (fromRelations.length > 0) {
    return fromRelations;
  }
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) {
    return [];
  }
  try {
    return [
      lower(
        stringifyEntityRef(
          parseEntityRef(owner, {
            defaultKind: 'group',
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        ),
      ),
    ];
  } catch {
    return [];
  }
}

/**
 * Allows the entities owned by one of the given claims, usually the user's
 * ownership entity refs (the user and the groups the user belongs to).
 */
const isEntityOwner = createPermissionRule({
  name: 'IS_ENTITY_OWNER',
  description:
    'Allow practice records of entities owned by one of the given claims',
  resourceRef: valueStreamEntityPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe(`Claims to match at least one of within ${RELATION_OWNED_BY}`),
  }),
  apply: (resource, { claims }) => {
    const wanted = new Set(claims.map(lower));
    return ownerRefs(resource).some(ref => wanted.has(ref));
  },
  toQuery: ({ claims }) => ({
    key: `relations.${RELATION_OWNED_BY}`,
    values: claims,
  }),
});

/**
 * Allows the entities that carry an annotation, optionally with a value.
 */
const hasAnnotation = createPermissionRule({
  name: 'HAS_ANNOTATION',
  description:
    'Allow practice records of entities with the given annotation (and value)',
  resourceRef: valueStreamEntityPermissionResourceRef,
  paramsSchema: z.object({
    annotation: z.string().describe('Name of the annotation to match on'),
    value: z
      .string()
      .optional()
      .describe('Value of the annotation to match on'),
  }),
  apply: (resource, { annotation, value }) => {
    const annotations = resource.metadata.annotations ?? {};
    const key = Object.keys(annotations).find(
      name => lower(name) === lower(annotation),
    );
    if (key === undefined) {
      return false;
    }
    return value === undefined || annotations[key] === value;
  },
  toQuery: ({ annotation, value }) =>
    value === undefined
      ? { key: `metadata.annotations.${annotation}` }
      : { key: `metadata.annotations.${annotation}`, values: [value] },
});

/**
 * Allows the entities of one of the given kinds.
 */
const isOfKind = createPermissionRule({
  name: 'IS_OF_KIND',
  description: 'Allow practice records of entities of one of the given kinds',
  resourceRef: valueStreamEntityPermissionResourceRef,
  paramsSchema: z.object({
    kinds: z.array(z.string()).describe('Kinds to match, e.g. Component'),
  }),
  apply: (resource, { kinds }) =>
    kinds.map(lower).includes(lower(resource.kind)),
  toQuery: ({ kinds }) => ({ key: 'kind', values: kinds }),
});

/**
 * The permission rules of the Value Stream plugins, for the resource type
 * `value-stream-entity`.
 *
 * @public
 */
export const valueStreamPermissionRules = {
  isEntityOwner,
  hasAnnotation,
  isOfKind,
};
