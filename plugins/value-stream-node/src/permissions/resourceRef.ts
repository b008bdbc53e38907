import type { Entity } from '@backstage/catalog-model';
import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import { RESOURCE_TYPE_VALUE_STREAM_ENTITY } from '@valuestream/plugin-value-stream-common';

/**
 * A query fragment a condition translates to: a catalog entity filter such as
 * `{ key: 'relations.ownedBy', values: ['group:default/team-a'] }`.
 *
 * @public
 */
export type ValueStreamEntityFilter = {
  key: string;
  values?: string[];
};

/**
 * The resource of the Value Stream permissions: the catalog entity (the
 * configuration item) that a practice record belongs to, referenced by its
 * entity ref.
 *
 * @public
 */
export const valueStreamEntityPermissionResourceRef =
  createPermissionResourceRef<Entity, ValueStreamEntityFilter>().with({
    pluginId: 'value-stream',
    resourceType: RESOURCE_TYPE_VALUE_STREAM_ENTITY,
  });
