/**
 * Node library of the Value Stream plugins: the permission resource ref,
 * rules and condition exports that permission policies and backend modules
 * import.
 *
 * @packageDocumentation
 */

export {
  createValueStreamConditionalDecision,
  valueStreamConditions,
  valueStreamEntityPermissionResourceRef,
  valueStreamPermissionRules,
} from './permissions';
export type { ValueStreamEntityFilter } from './permissions';
