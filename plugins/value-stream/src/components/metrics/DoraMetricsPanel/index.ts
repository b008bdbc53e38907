export { DoraMetricsPanel, hasDoraData } from './DoraMetricsPanel';
export type { DoraMetricsPanelProps } from './DoraMetricsPanel';
