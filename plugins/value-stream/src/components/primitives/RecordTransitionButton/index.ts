export { RecordTransitionButton } from './RecordTransitionButton';
export type { RecordTransitionButtonProps } from './RecordTransitionButton';
export { RecordTransitionCell } from './RecordTransitionCell';
