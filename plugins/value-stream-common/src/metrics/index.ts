/*
 * DORA and flow metrics as pure functions over practice records, so that
 * the backend and the frontend compute the same numbers.
 */
export {
  DORA_THRESHOLDS,
  type DoraBand,
  type MetricWindow,
  type TrendPoint,
} from './types';
export {
  deploymentFrequency,
  leadTimeForChanges,
  changeFailureRate,
  timeToRestore,
  doraMetrics,
  deploymentTime,
  changeAuthorizedAt,
  AUTHORIZED_CHANGE_STATES,
  type ChangeFailureRate,
  type ChangeFailureRateOptions,
  type DeploymentFrequency,
  type DoraMetrics,
  type LeadTimeForChanges,
  type LeadTimeSample,
  type MetricChange,
  type MetricDeployment,
  type MetricIncident,
  type TimeToRestore,
} from './dora';
export { timeInStage, workInProgress, type StageTime } from './flow';
export {
  unauthorizedDeployments,
  type UnauthorizedDeployments,
} from './changeControl';
export {
  trend,
  type TrendAggregate,
  type TrendBucket,
  type TrendBucketSize,
  type TrendOptions,
} from './trend';
export type { MetricsBucket, MetricsReport, MetricsTrendPoint } from './report';
