export { EntitySummaryCard } from './EntitySummaryCard';
export type { EntitySummaryCardProps } from './EntitySummaryCard';
