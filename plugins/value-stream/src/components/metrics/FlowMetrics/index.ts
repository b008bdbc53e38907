export { FlowMetrics } from './FlowMetrics';
export type { FlowMetricsProps } from './FlowMetrics';
