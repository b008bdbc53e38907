import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { recordPermissions } from '@valuestream/plugin-value-stream-common';
import {
  createValueStreamConditionalDecision,
  valueStreamConditions,
} from './conditions';
import { valueStreamPermissionRules } from './rules';

const { isEntityOwner, hasAnnotation, isOfKind } = valueStreamPermissionRules;

const checkout: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: { 'valuestream.io/service-level-tier': 'gold' },
  },
  spec: { owner: 'team-a' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
};

describe('valueStreamPermissionRules', () => {
  it('isEntityOwner matches the ownedBy relation against the claims', () => {
    expect(
      isEntityOwner.apply(checkout, {
        claims: ['user:default/alice', 'group:default/Team-A'],
      }),
    ).toBe(true);
    expect(
      isEntityOwner.apply(checkout, { claims: ['group:default/team-b'] }),
    ).toBe(false);
    expect(isEntityOwner.toQuery({ claims: ['group:default/team-a'] })).toEqual(
      { key: 'relations.ownedBy', values: ['group:default/team-a'] },
    );
  });

  it('isEntityOwner falls back to spec.owner without relations', () => {
    const { relations, ...bare } = checkout;
    expect(relations).toBeDefined();
    expect(
      isEntityOwner.apply(bare, { claims: ['group:default/team-a'] }),
    ).toBe(true);
    expect(isEntityOwner.apply({ ...bare, spec: {} }, { claims: [] })).toBe(
      false,
    );
  });

  it('hasAnnotation matches the key and, when given, the value', () => {
    const tier = 'valuestream.io/service-level-tier';
    expect(hasAnnotation.apply(checkout, { annotation: tier })).toBe(true);
    expect(
      hasAnnotation.apply(checkout, { annotation: tier, value: 'gold' }),
    ).toBe(true);
    expect(
      hasAnnotation.apply(checkout, { annotation: tier, value: 'silver' }),
    ).toBe(false);
    expect(
      hasAnnotation.apply(checkout, { annotation: 'valuestream.io/runbook' }),
    ).toBe(false);
    expect(hasAnnotation.toQuery({ annotation: tier, value: 'gold' })).toEqual({
      key: `metadata.annotations.${tier}`,
      values: ['gold'],
    });
  });

  it('isOfKind matches kinds case-insensitively', () => {
    expect(isOfKind.apply(checkout, { kinds: ['component'] })).toBe(true);
    expect(isOfKind.apply(checkout, { kinds: ['API', 'System'] })).toBe(false);
    expect(isOfKind.toQuery({ kinds: ['Component'] })).toEqual({
      key: 'kind',
      values: ['Component'],
    });
  });
});

describe('valueStreamConditions', () => {
  it('builds conditional decisions for the value-stream-entity resource type', () => {
    expect(
      createValueStreamConditionalDecision(
        recordPermissions.change.update,
        valueStreamConditions.isEntityOwner({ claims: ['group:default/a'] }),
      ),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'value-stream',
      resourceType: 'value-stream-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'value-stream-entity',
        params: { claims: ['group:default/a'] },
      },
    });
  });
});
