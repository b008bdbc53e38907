export { RecordTransitionButton } from './RecordTransitionButton';
export type { RecordTransitionButtonProps } from './RecordTransitionButton';
