export { DoraMetricsCard } from './DoraMetricsCard';
export type { DoraMetricsCardProps } from './DoraMetricsCard';
