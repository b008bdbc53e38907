export { PlannedWindowFields } from './PlannedWindowFields';
export type { PlannedWindowFieldsProps } from './PlannedWindowFields';
