export { DeploymentTimeline, byEnvironment } from './DeploymentTimeline';
export type { DeploymentTimelineProps } from './DeploymentTimeline';
