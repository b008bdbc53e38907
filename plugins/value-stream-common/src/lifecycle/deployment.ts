import type { DeploymentRecord, DeploymentState } from '../types';
import { DEPLOYMENT_STATES } from '../types';
import { defineLifecycle } from './defineLifecycle';

/**
 * The deployment lifecycle: pending → in_progress → success | failure; a
 * pipeline that reports only the outcome may go from pending to it at once.
 * Starting and finishing stamp `startedAt` and `finishedAt` unless known.
 * @public
 */
export const deploymentLifecycle = defineLifecycle<
  DeploymentRecord,
  DeploymentState
>({
  name: 'deployment',
  states: DEPLOYMENT_STATES,
  closedStates: ['success', 'failure'],
  transitions: {
    pending: ['in_progress', 'success', 'failure'],
    in_progress: ['success', 'failure'],
    success: [],
    failure: [],
  },
  patch: (deployment, to, { now }) => {
    const startedAt = deployment.startedAt ?? now;
    if (to === 'in_progress') {
      return { startedAt };
    }
    return { startedAt, finishedAt: deployment.finishedAt ?? now };
  },
});
