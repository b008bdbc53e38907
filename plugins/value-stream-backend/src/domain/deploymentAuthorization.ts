/*
 * Unauthorized change detection as the writes apply it: a production
 * deployment is judged by -common's `judgeDeploymentAuthorization` against
 * the changes of its entity near its time, when it is recorded (through the
 * API or from GitHub) and again when an edit or a move changes its
 * production flag or its time. The verdict is stored on the deployment;
 * the store writes the event of a flag that changes in the same
 * transaction.
 */
import {
  authorizationInputsChanged,
  type AuthorizationDeployment,
  deploymentAuthorizationTime,
  judgeDeploymentAuthorization,
} from '@valuestream/plugin-value-stream-common';
import type { ValueStreamStore } from '../database/ValueStreamStore';
import type { UnauthorizedDeploymentSettings } from '../settings';

/**
 * How far around a deployment's time changes are read: beyond the grace,
 * so that the reason of a flag can name the nearest authorized change.
 */
const NEAR_MS = 7 * 86_400_000;

/** The fields of a deployment its verdict sets; null clears the reason. */
export interface AuthorizationFields {
  unauthorized: boolean;
  unauthorizedReason: string | null;
}

/** What judging reads. */
export interface AuthorizationDeps {
  store: Pick<ValueStreamStore, 'records'>;
  settings: { unauthorizedDeployments: UnauthorizedDeploymentSettings };
}

/** The verdict on a deployment as the fields to store. */
export async function judgeDeployment(
  deps: AuthorizationDeps,
  deployment: AuthorizationDeployment,
): Promise<AuthorizationFields> {
  if (!deployment.production) {
    return { unauthorized: false, unauthorizedReason: null };
  }
  const { graceMinutes } = deps.settings.unauthorizedDeployments;
  const t = Date.parse(deploymentAuthorizationTime(deployment));
  const reach = Math.max(NEAR_MS, graceMinutes * 60_000);
  const changes = await deps.store.records.changesNear(deployment.entityRef, {
    from: new Date(t - reach).toISOString(),
    to: new Date(t + reach).toISOString(),
  });
  const verdict = judgeDeploymentAuthorization(deployment, changes, {
    graceMinutes,
  });
  return verdict.unauthorized
    ? { unauthorized: true, unauthorizedReason: verdict.reason }
    : { unauthorized: false, unauthorizedReason: null };
}

/** A deployment with a patch applied: `null` clears a field. */
function patched(
  current: AuthorizationDeployment,
  patch: Record<string, unknown>,
): AuthorizationDeployment {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete next[key];
    } else if (value !== undefined) {
      next[key] = value;
    }
  }
  return next as AuthorizationDeployment;
}

/**
 * Adds the verdict to the patch of an edit or a move of a deployment when
 * the patch changes what the rule reads (its production flag or its time);
 * otherwise the verdict made when it was recorded stands, also when the
 * changes around it moved on since.
 */
export async function rejudgeDeployment(
  deps: AuthorizationDeps,
  current: AuthorizationDeployment,
  patch: Record<string, unknown>,
): Promise<void> {
  const next = patched(current, patch);
  if (authorizationInputsChanged(current, next)) {
    Object.assign(patch, await judgeDeployment(deps, next));
  }
}
