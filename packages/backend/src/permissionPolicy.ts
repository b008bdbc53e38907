/*
 * The portal's permission policy. Value Stream permissions follow the ITIL
 * roles: anyone reads and raises incidents (the service desk), owners run
 * the records of their services, the incident management group (when
 * configured) works every service's incidents, the change authority
 * approves changes.
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

  static create(options: {
    config: RootConfigService;
    userInfo: UserInfoService;
  }): PortalPermissionPolicy {
    const { config } = options;
    return new PortalPermissionPolicy(
      options.userInfo,
      config.getOptionalString('valueStream.changeAuthorityGroup') ??
        DEFAULT_CHANGE_AUTHORITY_GROUP,
      config.getOptionalString('valueStream.incidentManagementGroup'),
    );
  }

  private constructor(
    userInfo: UserInfoService,
    changeAuthorityGroup: string,
    incidentManagementGroup: string | undefined,
  ) {
    this.#userInfo = userInfo;
    this.#changeAuthorityGroup = lower(changeAuthorityGroup);
    this.#incidentManagementGroup =
      incidentManagementGroup && lower(incidentManagementGroup);
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

    // Self-approval is refused by the domain rule whatever the policy says.
    if (isPermission(permission, changeApprovePermission)) {
      return {
        result: isChangeAuthority
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
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
