export { FormDialog } from './FormDialog';
export type { CreateDialogProps, FormDialogProps } from './FormDialog';
export { RequestFormDialog } from './RequestFormDialog';
export type { RequestFormDialogProps } from './RequestFormDialog';
export { RecordRequestDialog } from './RecordRequestDialog';
export type { RecordRequestDialogProps } from './RecordRequestDialog';
