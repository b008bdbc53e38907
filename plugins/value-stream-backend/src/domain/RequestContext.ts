import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Who is acting in one request and what they may do. Created by the router
 * from the request's credentials; services call `authorize` once they know
 * the entity a record belongs to, before they write anything.
 */
export interface RequestContext {
  credentials: BackstageCredentials;
  /** Entity ref of the acting user, or the subject of the calling service. */
  actorRef: string;
  /** True when a user (not a service) is acting. */
  isUser: boolean;
  /**
   * A user's ownership entity refs (the user and their groups): group
   * membership, such as the change authority's, and what the approval
   * policy counts a decision by. Empty for a service.
   */
  ownershipRefs: string[];
  /**
   * Throws `NotAllowedError` when a service writes records without being
   * named in `valueStream.recordWriters`: a service principal passes every
   * permission check unless its token is restricted, so record writes ask
   * for this grant too. Users are judged by the permission policy alone.
   */
  authorizeRecordWrite(): void;
  /** Throws `NotAllowedError` unless the basic permission is allowed. */
  authorize(permission: BasicPermission): Promise<void>;
  /** Throws `NotAllowedError` unless the permission holds on the entity. */
  authorizeOn(
    permission: ResourcePermission<string>,
    entityRef: string,
  ): Promise<void>;
  /**
   * Which entities the permission allows, for list endpoints: all, none, or
   * those that meet the policy's conditions.
   */
  entityAccess(permission: ResourcePermission<string>): Promise<EntityAccess>;
  /**
   * Whether the caller may read catalog entities: all of them, none, or
   * those the catalog's own conditions allow (only the catalog can apply
   * them).
   */
  catalogReadAccess(): Promise<'all' | 'none' | 'conditional'>;
}

/** The answer of {@link RequestContext.entityAccess}. */
export type EntityAccess =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'some'; allows(entity: Entity): boolean };
