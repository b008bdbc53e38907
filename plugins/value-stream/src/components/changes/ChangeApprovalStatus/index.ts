export { ChangeApprovalStatus } from './ChangeApprovalStatus';
export type { ChangeApprovalStatusProps } from './ChangeApprovalStatus';
