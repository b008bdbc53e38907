export { TimeInStageChart } from './TimeInStageChart';
export type { TimeInStageChartProps } from './TimeInStageChart';
