import type { DeploymentRecord, DeploymentState } from '../types';
import { DEPLOYMENT_STATES } from '../types';
import { defineLifecycle, type TransitionGuard } from './defineLifecycle';
import { checkFieldOrder } from './fieldOrder';

/** The timestamps a move stamps: the known ones, else the moment of the move. */
function stamps(deployment: DeploymentRecord, to: string, now: string) {
  const startedAt = deployment.startedAt ?? now;
  return to === 'in_progress'
    ? { startedAt }
    : { startedAt, finishedAt: deployment.finishedAt ?? now };
}

/**
 * A deployment whose stored start lies after the moment it finishes would
 * end before it started: its start needs correcting (or its finish setting)
 * first.
 */
const keepsRunOrdered: TransitionGuard<DeploymentRecord> = (
  deployment,
  { now },
) => {
  const [problem] = checkFieldOrder('deployment', {
    ...deployment,
    ...stamps(deployment, 'success', now),
  });
  return problem
    ? `it would finish (${deployment.finishedAt ?? now}) before it started (${
        deployment.startedAt
      }); correct startedAt or set finishedAt first`
    : undefined;
};

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
  requires: {
    success: [keepsRunOrdered],
    failure: [keepsRunOrdered],
  },
  patch: (deployment, to, { now }) => stamps(deployment, to, now),
});
