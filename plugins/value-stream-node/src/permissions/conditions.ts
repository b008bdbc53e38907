import { createConditionExports } from '@backstage/plugin-permission-node';
import { valueStreamEntityPermissionResourceRef } from './resourceRef';
import { valueStreamPermissionRules } from './rules';

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: valueStreamEntityPermissionResourceRef,
  rules: valueStreamPermissionRules,
});

/**
 * Condition factories for policies that decide Value Stream permissions,
 * e.g. `valueStreamConditions.isEntityOwner({ claims })`.
 *
 * @public
 */
export const valueStreamConditions = conditions;

/**
 * Wraps conditions into the conditional decision a policy returns for a
 * Value Stream resource permission.
 *
 * @public
 */
export const createValueStreamConditionalDecision = createConditionalDecision;
