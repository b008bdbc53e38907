export { StageBars } from './StageBars';
export type { StageBarsProps } from './StageBars';
