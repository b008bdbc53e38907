import { usePermission } from '@backstage/plugin-permission-react';
import {
  changeApprovePermission,
  eventManagePermission,
  recordPermissions,
  serviceLevelAgreePermission,
  type ValueStreamEntityPermission,
} from '@valuestream/plugin-value-stream-common';
import type { Collection } from '../api';
import { recordTypeOf } from './lifecycle';

/** What a user does to a record. */
export type RecordAction =
  | 'create'
  | 'update'
  | 'transition'
  | 'approve'
  | 'agree';

/** The permission of an action on records of a collection. */
function permissionFor(
  action: RecordAction,
  collection: Collection,
): ValueStreamEntityPermission {
  if (action === 'approve') {
    return changeApprovePermission;
  }
  if (action === 'agree') {
    return serviceLevelAgreePermission;
  }
  return recordPermissions[recordTypeOf(collection)][action];
}

/**
 * Whether the signed-in user may take an action on records of a service.
 * The resource is the service's entity ref, so policies can decide by owner.
 */
export function useActionPermission(
  action: RecordAction,
  collection: Collection,
  entityRef: string,
): { allowed: boolean; loading: boolean } {
  const { allowed, loading } = usePermission({
    permission: permissionFor(action, collection),
    resourceRef: entityRef,
  });
  return { allowed, loading };
}

/**
 * Whether the signed-in user may manage events (map unmatched events to
 * entities). A basic permission: unmatched events have no entity.
 */
export function useEventManagePermission(): {
  allowed: boolean;
  loading: boolean;
} {
  const { allowed, loading } = usePermission({
    permission: eventManagePermission,
  });
  return { allowed, loading };
}
