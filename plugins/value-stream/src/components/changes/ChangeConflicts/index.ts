export { ChangeConflicts } from './ChangeConflicts';
export type { ChangeConflictsProps } from './ChangeConflicts';
