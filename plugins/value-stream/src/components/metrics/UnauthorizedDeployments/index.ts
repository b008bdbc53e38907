export { UnauthorizedDeployments } from './UnauthorizedDeployments';
export type { UnauthorizedDeploymentsProps } from './UnauthorizedDeployments';
