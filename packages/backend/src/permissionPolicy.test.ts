import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  changeApprovePermission,
  eventManagePermission,
  recordPermissions,
  serviceLevelAgreePermission,
  standardChangeModelApprovePermission,
  standardChangeModelProposePermission,
  valueStreamReadPermission,
} from '@valuestream/plugin-value-stream-common';
import { PortalPermissionPolicy } from './permissionPolicy';

const ALICE = 'user:default/alice';

type ConfigData = NonNullable<
  Parameters<typeof mockServices.rootConfig>[0]
>['data'];

function policyFor(ownershipEntityRefs: string[], config: ConfigData = {}) {
  return PortalPermissionPolicy.create({
    config: mockServices.rootConfig({ data: config }),
    userInfo: mockServices.userInfo({
      userEntityRef: ALICE,
      ownershipEntityRefs,
    }),
  });
}

function user(ref = ALICE): PolicyQueryUser {
  return {
    credentials: mockCredentials.user(ref),
    info: { userEntityRef: ref, ownershipEntityRefs: [ref] },
  };
}

async function decide(
  policy: PortalPermissionPolicy,
  permission: Permission,
  who: PolicyQueryUser | undefined = user(),
) {
  return policy.handle({ permission }, who);
}

describe('PortalPermissionPolicy', () => {
  const owner = [ALICE, 'group:default/team-a'];

  it('allows permissions of other plugins', async () => {
    const catalogDelete = createPermission({
      name: 'catalog.entity.delete',
      attributes: { action: 'delete' },
      resourceType: 'catalog-entity',
    });
    expect(await decide(policyFor([]), catalogDelete)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('lets every user read', async () => {
    expect(await decide(policyFor([]), valueStreamReadPermission)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('lets every user raise an incident and manage events', async () => {
    const policy = policyFor([ALICE]);
    expect(await decide(policy, recordPermissions.incident.create)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await decide(policy, eventManagePermission)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it.each([
    recordPermissions.change.create,
    recordPermissions.change.update,
    recordPermissions.change.transition,
    recordPermissions.release.create,
    recordPermissions.deployment.transition,
    recordPermissions.incident.update,
    recordPermissions.incident.transition,
    recordPermissions.problem.create,
    recordPermissions.serviceLevel.update,
  ])('makes $name conditional on owning the entity', async permission => {
    expect(await decide(policyFor(owner), permission)).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'value-stream',
      resourceType: 'value-stream-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'value-stream-entity',
        params: { claims: owner },
      },
    });
  });

  it('lets only the change authority approve changes', async () => {
    expect(
      await decide(
        policyFor([ALICE, 'group:default/change-advisory-board']),
        changeApprovePermission,
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(await decide(policyFor(owner), changeApprovePermission)).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('reads the change authority from config', async () => {
    const config = { valueStream: { changeAuthorityGroup: 'group:ops/cab' } };
    expect(
      await decide(
        policyFor([ALICE, 'group:ops/cab'], config),
        changeApprovePermission,
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      await decide(
        policyFor([ALICE, 'group:default/change-advisory-board'], config),
        changeApprovePermission,
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets ECAB decide and owners too when the policy asks for their approval', async () => {
    const config = {
      valueStream: {
        changeApproval: {
          emergencyAuthorityGroup: 'group:default/ECAB',
          ownerApproval: true,
        },
      },
    };
    expect(
      await decide(
        policyFor([ALICE, 'group:default/ecab'], config),
        changeApprovePermission,
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      await decide(policyFor(owner, config), changeApprovePermission),
    ).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { rule: 'IS_ENTITY_OWNER', params: { claims: owner } },
    });
    // Without the config ECAB is no one and owners do not decide.
    expect(
      await decide(
        policyFor([ALICE, 'group:default/ecab']),
        changeApprovePermission,
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets every user propose standard-change models and the change authority approve them', async () => {
    expect(
      await decide(policyFor(owner), standardChangeModelProposePermission),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      await decide(policyFor(owner), standardChangeModelApprovePermission),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(
      await decide(
        policyFor([ALICE, 'group:default/change-advisory-board']),
        standardChangeModelApprovePermission,
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets the incident management group work every incident, when set', async () => {
    const config = {
      valueStream: { incidentManagementGroup: 'group:default/SRE' },
    };
    const sre = [ALICE, 'group:default/sre'];
    for (const permission of [
      recordPermissions.incident.update,
      recordPermissions.incident.transition,
    ]) {
      expect(await decide(policyFor(sre, config), permission)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
      // Not set: the group is no one's incident management.
      expect(await decide(policyFor(sre), permission)).toMatchObject({
        result: AuthorizeResult.CONDITIONAL,
        conditions: { rule: 'IS_ENTITY_OWNER', params: { claims: sre } },
      });
    }
    // Only incidents: the rest stays with the owners.
    for (const permission of [
      recordPermissions.problem.transition,
      recordPermissions.change.create,
    ]) {
      expect(await decide(policyFor(sre, config), permission)).toMatchObject({
        result: AuthorizeResult.CONDITIONAL,
      });
    }
    expect(
      await decide(policyFor(owner, config), recordPermissions.incident.update),
    ).toMatchObject({ result: AuthorizeResult.CONDITIONAL });
  });

  it('lets the change authority or the owner agree a service level', async () => {
    expect(
      await decide(
        policyFor([ALICE, 'group:default/change-advisory-board']),
        serviceLevelAgreePermission,
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      await decide(policyFor(owner), serviceLevelAgreePermission),
    ).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { rule: 'IS_ENTITY_OWNER', params: { claims: owner } },
    });
  });

  it('denies value stream writes without a user', async () => {
    expect(
      await policyFor(owner).handle({
        permission: recordPermissions.change.create,
      }),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('denies value stream permissions it does not know', async () => {
    const unknown = createPermission({
      name: 'value-stream.something.new',
      attributes: {},
    });
    expect(await decide(policyFor(owner), unknown)).toEqual({
      result: AuthorizeResult.DENY,
    });
  });
});
