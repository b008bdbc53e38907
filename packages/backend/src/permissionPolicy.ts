/*
 * The portal's permission policy. Value Stream permissions follow the ITIL
 * roles: anyone reads and raises incidents (the service desk), owners run
 * the records of their services, the incident management group (when
 * configured) works every service's incidents, the change authority
 * approves changes and standard-change models, ECAB (when configured)
 * emergency changes, and owners decide on their services' changes when
 * the approval policy asks for the owner's approval. Anyone proposes a
 * standard-change model. Which decision counts on which change is the
 * backend's approval policy; this only says who may decide at all.
 * Everything else (catalog, scaffolder, ...) stays allowed, as with the
 * allow-all policy this replaces.
 */
import {
  coreServices,
  createBackendModule,
  RootConfigService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  changeApprovePermission,
  eventManagePermission,
  recordPermissions,
  RESOURCE_TYPE_VALUE_STREAM_ENTITY,
  serviceLevelAgreePermission,
  standardChangeModelApprovePermission,
  standardChangeModelProposePermission,
  valueStreamReadPermission,
} from '@valuestream/plugin-value-stream-common';
import {
  createValueStreamConditionalDecision,
  valueStreamConditions,
} from '@valuestream/plugin-value-stream-node';

/** The change authority when `valueStream.changeAuthorityGroup` is not set. */
export const DEFAULT_CHANGE_AUTHORITY_GROUP =
  'group:default/change-advisory-board';

const VALUE_STREAM_PREFIX = 'value-stream.';

function lower(value: string): string {
  return value.toLocaleLowerCase('en-US');
}

/**
 * The policy: Value Stream rules, allow the rest.
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  readonly #userInfo: UserInfoService;
  readonly #changeAuthorityGroup: string;
  readonly #incidentManagementGroup?: string;
  readonly #emergencyAuthorityGroup?: string;
  readonly #ownerApproval: boolean;

  static create(options: {
    config: RootConfigService;
    userInfo: UserInfoService;
  }): PortalPermissionPolicy {
    const { config } = options;
    const emergency = config.getOptionalString(
      'valueStream.changeApproval.emergencyAuthorityGroup',
    );
    return new PortalPermissionPolicy(options.userInfo, {
      changeAuthorityGroup: lower(
        config.getOptionalString('valueStream.changeAuthorityGroup') ??
          DEFAULT_CHANGE_AUTHORITY_GROUP,
      ),
      incidentManagementGroup: config.getOptionalString(
        'valueStream.incidentManagementGroup',
      ),
      emergencyAuthorityGroup: emergency && lower(emergency),
      ownerApproval:
        config.getOptionalBoolean('valueStream.changeApproval.ownerApproval') ??
        false,
    });
  }

  private constructor(
    userInfo: UserInfoService,
    groups: {
      changeAuthorityGroup: string;
      incidentManagementGroup?: string;
      emergencyAuthorityGroup?: string;
      ownerApproval: boolean;
    },
  ) {
    this.#userInfo = userInfo;
    this.#changeAuthorityGroup = groups.changeAuthorityGroup;
    this.#incidentManagementGroup =
      groups.incidentManagementGroup && lower(groups.incidentManagementGroup);
    this.#emergencyAuthorityGroup = groups.emergencyAuthorityGroup;
    this.#ownerApproval = groups.ownerApproval;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!permission.name.startsWith(VALUE_STREAM_PREFIX)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isPermission(permission, valueStreamReadPermission)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    // Raising an incident is the service desk: open to every user.
    if (isPermission(permission, recordPermissions.incident.create)) {
      return { result: AuthorizeResult.ALLOW };
    }
    // Mapping unmatched events is triage work, open to every user.
    if (isPermission(permission, eventManagePermission)) {
      return { result: AuthorizeResult.ALLOW };
    }

    const claims = await this.#claims(user);
    const isMemberOf = (group?: string) =>
      group !== undefined && claims.some(claim => lower(claim) === group);
    const isChangeAuthority = isMemberOf(this.#changeAuthorityGroup);

    // Incident management (an on-call or service desk team) responds to
    // and resolves incidents of any service, not only of the ones it owns.
    if (
      (isPermission(permission, recordPermissions.incident.update) ||
        isPermission(permission, recordPermissions.incident.transition)) &&
      isMemberOf(this.#incidentManagementGroup)
    ) {
      return { result: AuthorizeResult.ALLOW };
    }

    // Proposing a standard-change model is open to every user; the change
    // authority approves it.
    if (isPermission(permission, standardChangeModelProposePermission)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isPermission(permission, standardChangeModelApprovePermission)) {
      return {
        result: isChangeAuthority
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }

    // Self-approval is refused by the domain rule whatever the policy says,
    // and so is a decision the approval policy does not count.
    if (isPermission(permission, changeApprovePermission)) {
      if (isChangeAuthority || isMemberOf(this.#emergencyAuthorityGroup)) {
        return { result: AuthorizeResult.ALLOW };
      }
      if (this.#ownerApproval) {
        return createValueStreamConditionalDecision(
          changeApprovePermission,
          valueStreamConditions.isEntityOwner({ claims }),
        );
      }
      return { result: AuthorizeResult.DENY };
    }
    if (isPermission(permission, serviceLevelAgreePermission)) {
      if (isChangeAuthority) {
        return { result: AuthorizeResult.ALLOW };
      }
      return createValueStreamConditionalDecision(
        serviceLevelAgreePermission,
        valueStreamConditions.isEntityOwner({ claims }),
      );
    }
    if (isResourcePermission(permission, RESOURCE_TYPE_VALUE_STREAM_ENTITY)) {
      return createValueStreamConditionalDecision(
        permission,
        valueStreamConditions.isEntityOwner({ claims }),
      );
    }
    // A Value Stream permission this policy does not know yet.
    return { result: AuthorizeResult.DENY };
  }

  /** The user's ownership entity refs: the user and their groups. */
  async #claims(user: PolicyQueryUser): Promise<string[]> {
    const principal = user.credentials.principal as { type?: string };
    if (principal?.type !== 'user') {
      return [];
    }
    const info = await this.#userInfo.getUserInfo(user.credentials);
    return info.ownershipEntityRefs;
  }
}

/**
 * Installs {@link PortalPermissionPolicy} in the permission backend.
 */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'portal-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        policy.setPolicy(PortalPermissionPolicy.create({ config, userInfo }));
      },
    });
  },
});
