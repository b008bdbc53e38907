export { MapEventDialog } from './MapEventDialog';
export type { MapEventDialogProps } from './MapEventDialog';
