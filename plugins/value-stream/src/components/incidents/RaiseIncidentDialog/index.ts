export { RaiseIncidentDialog } from './RaiseIncidentDialog';
export type { RaiseIncidentDialogProps } from './RaiseIncidentDialog';
