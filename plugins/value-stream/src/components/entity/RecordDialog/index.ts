export { RecordDialog } from './RecordDialog';
export type { RecordDialogProps } from './RecordDialog';
