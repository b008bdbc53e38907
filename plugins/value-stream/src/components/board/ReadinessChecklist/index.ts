export { ReadinessChecklist, gapMessage } from './ReadinessChecklist';
export type { ReadinessChecklistProps } from './ReadinessChecklist';
