export { EntityActions } from './EntityActions';
export type { EntityActionsProps } from './EntityActions';
