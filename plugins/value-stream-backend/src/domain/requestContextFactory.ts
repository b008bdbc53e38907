import type {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  PermissionsRegistryService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { valueStreamEntityPermissionResourceRef } from '@valuestream/plugin-value-stream-node';
import type { RequestContext } from './RequestContext';

/** Credentials of a caller the API serves: a user or a service. */
export type CallerCredentials = BackstageCredentials<
  BackstageUserPrincipal | BackstageServicePrincipal
>;

/** Builds the {@link RequestContext} of one caller. */
export type RequestContextFactory = (
  credentials: CallerCredentials,
) => Promise<RequestContext>;

/**
 * The one way a caller's context is built, for the REST routes and the
 * actions alike, so that both check permissions and catalog access the same.
 */
export function createRequestContextFactory(options: {
  userInfo: UserInfoService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  /** `valueStream.recordWriters`: the services that may write records. */
  recordWriters: readonly string[];
}): RequestContextFactory {
  const { userInfo, permissions, permissionsRegistry } = options;
  const recordWriters = new Set(options.recordWriters);

  // Built on first use: the rules are registered during plugin start-up.
  let conditionAuthorizer:
    | ReturnType<typeof createConditionAuthorizer<Entity>>
    | undefined;
  const authorizeConditions = (
    decision: PolicyDecision,
    entity: Entity,
  ): boolean => {
    conditionAuthorizer ??= createConditionAuthorizer(
      permissionsRegistry.getPermissionRuleset(
        valueStreamEntityPermissionResourceRef,
      ),
    );
    return conditionAuthorizer(decision, entity);
  };

  return async credentials => {
    let actorRef: string;
    let isUser = false;
    let ownershipRefs: string[] = [];
    if (credentials.principal.type === 'user') {
      const info = await userInfo.getUserInfo(credentials);
      actorRef = info.userEntityRef;
      ownershipRefs = info.ownershipEntityRefs;
      isUser = true;
      ownershipRefs = info.ownershipEntityRefs;
    } else {
      actorRef = credentials.principal.subject;
    }
    return {
      credentials,
      actorRef,
      isUser,
      ownershipRefs,
      authorizeRecordWrite() {
        if (!isUser && !recordWriters.has(actorRef)) {
          throw new NotAllowedError(
            `Not allowed: the service ${actorRef} may not write records; valueStream.recordWriters does not name it`,
          );
        }
      },
      async authorize(permission) {
        const [decision] = await permissions.authorize([{ permission }], {
          credentials,
        });
        if (decision.result !== AuthorizeResult.ALLOW) {
          throw new NotAllowedError(`Not allowed: ${permission.name}`);
        }
      },
      async authorizeOn(permission, entityRef) {
        const [decision] = await permissions.authorize(
          [{ permission, resourceRef: entityRef }],
          { credentials },
        );
        if (decision.result !== AuthorizeResult.ALLOW) {
          throw new NotAllowedError(
            `Not allowed: ${permission.name} on ${entityRef}`,
          );
        }
      },
      async entityAccess(permission: ResourcePermission<string>) {
        const [decision] = await permissions.authorizeConditional(
          [{ permission }],
          { credentials },
        );
        if (decision.result === AuthorizeResult.DENY) {
          return { kind: 'none' };
        }
        if (decision.result === AuthorizeResult.ALLOW) {
          return { kind: 'all' };
        }
        return {
          kind: 'some',
          allows: (entity: Entity) => authorizeConditions(decision, entity),
        };
      },
      async catalogReadAccess() {
        const [decision] = await permissions.authorizeConditional(
          [{ permission: catalogEntityReadPermission }],
          { credentials },
        );
        if (decision.result === AuthorizeResult.ALLOW) {
          return 'all';
        }
        return decision.result === AuthorizeResult.DENY
          ? 'none'
          : 'conditional';
      },
    };
  };
}
