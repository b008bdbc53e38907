export {
  valueStreamEntityPermissionResourceRef,
  type ValueStreamEntityFilter,
} from './resourceRef';
export { valueStreamPermissionRules } from './rules';
export {
  valueStreamConditions,
  createValueStreamConditionalDecision,
} from './conditions';
