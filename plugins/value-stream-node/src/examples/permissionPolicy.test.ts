import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  recordPermissions,
  valueStreamReadPermission,
} from '@valuestream/plugin-value-stream-common';
import {
  createValueStreamConditionalDecision,
  valueStreamConditions,
} from '../permissions';
import permissionPolicyModule, {
  ValueStreamOwnerPolicy,
} from './permissionPolicy';

// The README's policy example is this file, so the example compiles and
// decides as the tests below say.
describe('the README permission policy example', () => {
  const ALICE = 'user:default/alice';
  const policy = new ValueStreamOwnerPolicy(
    mockServices.userInfo({
      userEntityRef: ALICE,
      ownershipEntityRefs: [ALICE, 'group:default/team-a'],
    }),
  );
  const alice = {
    credentials: mockCredentials.user(ALICE),
    info: { userEntityRef: ALICE, ownershipEntityRefs: [ALICE] },
  };
  const decide = (permission: Permission, user: typeof alice | undefined) =>
    policy.handle({ permission }, user);

  it('is the code block of the README', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const source = readFileSync(join(__dirname, 'permissionPolicy.ts'), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${source}\`\`\``);
  });

  it("lets a user work the records of their teams' services", async () => {
    // The claims are the user's ownership refs from the userInfo service;
    // rules.test.ts covers what the condition serializes to.
    const permission = recordPermissions.incident.create;
    expect(await decide(permission, alice)).toEqual(
      createValueStreamConditionalDecision(
        permission,
        valueStreamConditions.isEntityOwner({
          claims: [ALICE, 'group:default/team-a'],
        }),
      ),
    );
  });

  it('denies record permissions without a user', async () => {
    expect(await decide(recordPermissions.change.update, undefined)).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('allows reads and the permissions of other plugins', async () => {
    const catalogDelete = createPermission({
      name: 'catalog.entity.delete',
      attributes: { action: 'delete' },
      resourceType: 'catalog-entity',
    });
    expect(await decide(valueStreamReadPermission, alice)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await decide(catalogDelete, alice)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('sets the policy through the permission backend extension point', async () => {
    const setPolicy = jest.fn<void, [PermissionPolicy]>();
    const backend = await startTestBackend({
      extensionPoints: [[policyExtensionPoint, { setPolicy }]],
      features: [permissionPolicyModule],
    });
    try {
      expect(setPolicy).toHaveBeenCalledWith(
        expect.any(ValueStreamOwnerPolicy),
      );
    } finally {
      await backend.stop();
    }
  });
});
