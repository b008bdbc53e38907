// packages/backend/src/permissionPolicy.ts
import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { RESOURCE_TYPE_VALUE_STREAM_ENTITY } from '@valuestream/plugin-value-stream-common';
import {
  createValueStreamConditionalDecision,
  valueStreamConditions,
} from '@valuestream/plugin-value-stream-node';

/** Owners work the records of their services; everything else is allowed. */
export class ValueStreamOwnerPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (
      isResourcePermission(
        request.permission,
        RESOURCE_TYPE_VALUE_STREAM_ENTITY,
      )
    ) {
      if (!user) {
        return { result: AuthorizeResult.DENY };
      }
      const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
        user.credentials,
      );
      return createValueStreamConditionalDecision(
        request.permission,
        valueStreamConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'value-stream-owner-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, userInfo: coreServices.userInfo },
      async init({ policy, userInfo }) {
        policy.setPolicy(new ValueStreamOwnerPolicy(userInfo));
      },
    });
  },
});
