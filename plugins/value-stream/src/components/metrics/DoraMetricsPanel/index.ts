export {
  DoraMetricsPanel,
  DoraBandChip,
  hasDoraData,
} from './DoraMetricsPanel';
export type {
  DoraMetricsPanelProps,
  DoraBandChipProps,
} from './DoraMetricsPanel';
