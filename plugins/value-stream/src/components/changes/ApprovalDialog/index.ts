export { ApprovalDialog } from './ApprovalDialog';
export type { ApprovalDialogProps } from './ApprovalDialog';
