export { RequestChangeDialog } from './RequestChangeDialog';
export type { RequestChangeDialogProps } from './RequestChangeDialog';
