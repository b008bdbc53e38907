import {
  createPermission,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { LifecycleRecordType } from './lifecycle';

/**
 * The resource type of the suite's permissions. The resource is the catalog
 * entity a record belongs to, and the resourceRef is its entity ref, so
 * policies can decide by owner, system or kind of the configuration item.
 * @public
 */
export const RESOURCE_TYPE_VALUE_STREAM_ENTITY = 'value-stream-entity';

/** @public */
export type ValueStreamEntityPermission = ResourcePermission<
  typeof RESOURCE_TYPE_VALUE_STREAM_ENTITY
>;

/**
 * Reading the board, summaries and records.
 * @public
 */
export const valueStreamReadPermission: BasicPermission = createPermission({
  name: 'value-stream.read',
  attributes: { action: 'read' },
});

/** Names use kebab-case, as the REST collections do. */
const PERMISSION_SEGMENTS: Record<LifecycleRecordType, string> = {
  change: 'change',
  release: 'release',
  deployment: 'deployment',
  incident: 'incident',
  problem: 'problem',
  serviceLevel: 'service-level',
};

function entityPermission(
  name: string,
  action: 'create' | 'update',
): ValueStreamEntityPermission {
  return createPermission({
    name,
    attributes: { action },
    resourceType: RESOURCE_TYPE_VALUE_STREAM_ENTITY,
  });
}

/**
 * The create, update and transition permissions of one record type.
 * @public
 */
export interface RecordPermissions {
  create: ValueStreamEntityPermission;
  update: ValueStreamEntityPermission;
  transition: ValueStreamEntityPermission;
}

/**
 * Per record type: `value-stream.<type>.create`, `.update` and `.transition`
 * (e.g. `value-stream.service-level.transition`).
 * @public
 */
export const recordPermissions: Readonly<
  Record<LifecycleRecordType, RecordPermissions>
> = Object.fromEntries(
  Object.entries(PERMISSION_SEGMENTS).map(([type, segment]) => [
    type,
    {
      create: entityPermission(`value-stream.${segment}.create`, 'create'),
      update: entityPermission(`value-stream.${segment}.update`, 'update'),
      transition: entityPermission(
        `value-stream.${segment}.transition`,
        'update',
      ),
    },
  ]),
) as Record<LifecycleRecordType, RecordPermissions>;

/**
 * Recording an approval decision on a change.
 * @public
 */
export const changeApprovePermission = entityPermission(
  'value-stream.change.approve',
  'update',
);

/**
 * Agreeing a service level (moving it to `agreed`), on top of transition.
 * @public
 */
export const serviceLevelAgreePermission = entityPermission(
  'value-stream.service-level.agree',
  'update',
);

/**
 * Managing events: mapping unmatched events to entities, raising events by
 * hand. Not tied to an entity, since unmatched events have none.
 * @public
 */
export const eventManagePermission: BasicPermission = createPermission({
  name: 'value-stream.event.manage',
  attributes: { action: 'update' },
});

/**
 * Sending events to an ingest route that takes a Backstage token
 * (`POST /ingest/alertmanager`). The one permission an integration's token
 * needs: restrict its external access to it with `accessRestrictions`.
 * @public
 */
export const eventIngestPermission: BasicPermission = createPermission({
  name: 'value-stream.event.ingest',
  attributes: { action: 'create' },
});

/**
 * Proposing a standard-change model and editing a proposal. Not tied to an
 * entity: a model applies to many.
 * @public
 */
export const standardChangeModelProposePermission: BasicPermission =
  createPermission({
    name: 'value-stream.standard-change-model.propose',
    attributes: { action: 'create' },
  });

/**
 * Approving and retiring standard-change models: the change authority's.
 * @public
 */
export const standardChangeModelApprovePermission: BasicPermission =
  createPermission({
    name: 'value-stream.standard-change-model.approve',
    attributes: { action: 'update' },
  });

/**
 * Every permission of the suite, for the permissions registry: what is
 * registered is what an external access token's `accessRestrictions` can
 * name.
 * @public
 */
export const valueStreamPermissions = [
  valueStreamReadPermission,
  ...Object.values(recordPermissions).flatMap(p => [
    p.create,
    p.update,
    p.transition,
  ]),
  changeApprovePermission,
  serviceLevelAgreePermission,
  eventManagePermission,
  eventIngestPermission,
  standardChangeModelProposePermission,
  standardChangeModelApprovePermission,
];
