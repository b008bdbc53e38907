export { ServiceLevelDialog } from './ServiceLevelDialog';
export type { ServiceLevelDialogProps } from './ServiceLevelDialog';
