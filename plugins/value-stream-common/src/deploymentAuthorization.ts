/*
 * Unauthorized change detection: whether a production deployment was made
 * under an authorized change. A pure rule, so that the backend that flags a
 * deployment and anyone who explains the flag judge it the same way.
 */
import { sameRef } from './entityRefs';
import { AUTHORIZED_CHANGE_STATES } from './metrics/dora';
import { spanOf, type TimeSpan } from './plannedWindows';
import type { ChangeRecord, ChangeState, DeploymentRecord } from './types';

/**
 * Minutes a change's window is widened by on each side when it is judged
 * against a deployment, unless configured
 * (`valueStream.unauthorizedDeployments.graceMinutes`): a pipeline that
 * starts a little before the window opens, or finishes a little after it
 * closes, still runs under the change.
 * @public
 */
export const DEFAULT_AUTHORIZATION_GRACE_MINUTES = 30;

/**
 * The `labels.type` of the event the backend records on a service when one
 * of its production deployments is flagged as unauthorized.
 * @public
 */
export const UNAUTHORIZED_DEPLOYMENT_EVENT_TYPE =
  'change.unauthorized-deployment';

/**
 * What the rule reads of a deployment.
 * @public
 */
export type AuthorizationDeployment = Pick<
  DeploymentRecord,
  'entityRef' | 'production' | 'createdAt'
> &
  Partial<Pick<DeploymentRecord, 'startedAt' | 'finishedAt' | 'changeId'>>;

/**
 * What the rule reads of a change.
 * @public
 */
export type AuthorizationChange = Pick<
  ChangeRecord,
  'id' | 'entityRef' | 'state' | 'title' | 'history'
> &
  Partial<Pick<ChangeRecord, 'plannedStart' | 'plannedEnd' | 'createdAt'>>;

/**
 * How a change covers a deployment: its planned window (the window the
 * approvers decided on) or its implementation (from the moment it entered
 * `implement` until it left it, open while it is still there).
 * @public
 */
export type AuthorizationCoverage = 'planned-window' | 'implementation';

/**
 * The verdict of {@link judgeDeploymentAuthorization}.
 * @public
 */
export interface DeploymentAuthorization {
  /** True when the deployment is a production deployment no change covers. */
  unauthorized: boolean;
  /** The change that covers it, when one does. */
  changeId?: string;
  /** How that change covers it. */
  coverage?: AuthorizationCoverage;
  /** Why, in words: stored with the flag and shown with it. */
  reason: string;
}

/**
 * Options of {@link judgeDeploymentAuthorization}.
 * @public
 */
export interface DeploymentAuthorizationOptions {
  /** Default {@link DEFAULT_AUTHORIZATION_GRACE_MINUTES}. */
  graceMinutes?: number;
}

const AUTHORIZED: ReadonlySet<ChangeState> = new Set(AUTHORIZED_CHANGE_STATES);

/**
 * The moment a deployment is judged at: when production started to change
 * (`startedAt`); for a deployment recorded only with its outcome, its
 * `finishedAt`; for one recorded with neither (a pending deployment), the
 * moment it was recorded (`createdAt`).
 * @public
 */
export function deploymentAuthorizationTime(
  deployment: Pick<DeploymentRecord, 'createdAt'> &
    Partial<Pick<DeploymentRecord, 'startedAt' | 'finishedAt'>>,
): string {
  return deployment.startedAt ?? deployment.finishedAt ?? deployment.createdAt;
}

function millis(at: string): number {
  return Date.parse(at);
}

/**
 * A change's implementation: from the first history entry that moved it to
 * `implement` until the next entry that moved it on (to `review` or
 * `failed`); open-ended while it is in `implement`. Undefined for a change
 * that never entered `implement`.
 * @public
 */
export function implementationSpan(
  change: Pick<AuthorizationChange, 'state' | 'history'>,
): TimeSpan | undefined {
  const history = [...change.history].sort(
    (a, b) => millis(a.at) - millis(b.at),
  );
  const index = history.findIndex(
    h => h.to === 'implement' && h.from !== 'implement',
  );
  if (index < 0) {
    return undefined;
  }
  const start = millis(history[index].at);
  const left = history
    .slice(index + 1)
    .find(h => h.from === 'implement' && h.to !== 'implement');
  if (left) {
    return { start, end: Math.max(start, millis(left.at)) };
  }
  return change.state === 'implement'
    ? { start, end: Number.POSITIVE_INFINITY }
    : undefined;
}

function widened(span: TimeSpan, graceMs: number): TimeSpan {
  return { start: span.start - graceMs, end: span.end + graceMs };
}

function within(t: number, span: TimeSpan): boolean {
  return t >= span.start && t <= span.end;
}

/**
 * How a change covers a deployment, if it does: it is a change of the same
 * entity that was authorized (its state is one of `AUTHORIZED_CHANGE_STATES`:
 * scheduled, implement, review, closed or failed), and the deployment's time
 * ({@link deploymentAuthorizationTime}) lies in its planned window or in its
 * implementation ({@link implementationSpan}), each widened by the grace on
 * both sides (ends included). A planned window with a start alone is the
 * instant of its start.
 * @public
 */
export function coverageOf(
  change: AuthorizationChange,
  deployment: AuthorizationDeployment,
  options: DeploymentAuthorizationOptions = {},
): AuthorizationCoverage | undefined {
  if (
    !sameRef(change.entityRef, deployment.entityRef) ||
    !AUTHORIZED.has(change.state)
  ) {
    return undefined;
  }
  const graceMs =
    Math.max(0, options.graceMinutes ?? DEFAULT_AUTHORIZATION_GRACE_MINUTES) *
    60_000;
  const t = millis(deploymentAuthorizationTime(deployment));
  if (Number.isNaN(t)) {
    return undefined;
  }
  const planned = spanOf(change.plannedStart, change.plannedEnd);
  if (planned && within(t, widened(planned, graceMs))) {
    return 'planned-window';
  }
  const implementation = implementationSpan(change);
  if (implementation && within(t, widened(implementation, graceMs))) {
    return 'implementation';
  }
  return undefined;
}

function windowText(change: AuthorizationChange): string {
  if (change.plannedStart) {
    return change.plannedEnd
      ? `planned ${change.plannedStart} to ${change.plannedEnd}`
      : `planned at ${change.plannedStart}`;
  }
  return 'without a planned window';
}

function changeText(change: AuthorizationChange): string {
  return `"${change.title}" (${change.id}, ${change.state}, ${windowText(
    change,
  )})`;
}

/** The candidate closest in time to `t`, to name in a reason. */
function nearest(
  changes: AuthorizationChange[],
  t: number,
): AuthorizationChange | undefined {
  const distance = (c: AuthorizationChange) => {
    const span =
      spanOf(c.plannedStart, c.plannedEnd) ?? implementationSpan(c) ?? null;
    if (!span) {
      return Number.POSITIVE_INFINITY;
    }
    if (t < span.start) return span.start - t;
    if (t > span.end) return t - span.end;
    return 0;
  };
  return [...changes].sort((a, b) => distance(a) - distance(b))[0];
}

/**
 * Whether a deployment was authorized. A deployment that is not a
 * production deployment is never unauthorized. A production deployment is
 * unauthorized unless a change covers it ({@link coverageOf}); the change
 * the deployment names (`changeId`) is preferred when it covers it, then
 * the newest covering change. Changes of other entities are ignored, so
 * callers may pass any candidates.
 * @public
 */
export function judgeDeploymentAuthorization(
  deployment: AuthorizationDeployment,
  changes: readonly AuthorizationChange[],
  options: DeploymentAuthorizationOptions = {},
): DeploymentAuthorization {
  if (!deployment.production) {
    return { unauthorized: false, reason: 'Not a production deployment' };
  }
  const at = deploymentAuthorizationTime(deployment);
  const own = changes
    .filter(c => sameRef(c.entityRef, deployment.entityRef))
    .sort(
      (a, b) =>
        Number(b.id === deployment.changeId) -
          Number(a.id === deployment.changeId) ||
        (b.createdAt ?? '').localeCompare(a.createdAt ?? '') ||
        b.id.localeCompare(a.id),
    );
  for (const change of own) {
    const coverage = coverageOf(change, deployment, options);
    if (coverage) {
      return {
        unauthorized: false,
        changeId: change.id,
        coverage,
        reason:
          coverage === 'planned-window'
            ? `Covered by the planned window of change "${change.title}" (${change.id})`
            : `Made while change "${change.title}" (${change.id}) was being implemented`,
      };
    }
  }
  const grace = options.graceMinutes ?? DEFAULT_AUTHORIZATION_GRACE_MINUTES;
  const authorized = own.filter(c => AUTHORIZED.has(c.state));
  const named = deployment.changeId
    ? changes.find(c => c.id === deployment.changeId)
    : undefined;
  const parts = [
    `No authorized change of ${deployment.entityRef} covers ${at} (${grace} minutes' grace)`,
  ];
  if (named && !sameRef(named.entityRef, deployment.entityRef)) {
    parts.push(
      `the change it names, ${named.id}, is a change of ${named.entityRef}`,
    );
  } else if (named && !AUTHORIZED.has(named.state)) {
    parts.push(
      `the change it names, "${named.title}" (${named.id}), was not authorized (${named.state})`,
    );
  }
  const closest = nearest(authorized, millis(at));
  if (closest && closest !== named) {
    parts.push(`the nearest authorized change is ${changeText(closest)}`);
  } else if (closest) {
    parts.push(`the change it names is ${changeText(closest)}`);
  } else if (!named) {
    parts.push('the entity has no authorized change near that time');
  }
  return { unauthorized: true, reason: `${parts.join('; ')}.` };
}

/**
 * Whether an edit of a deployment changes what {@link judgeDeploymentAuthorization}
 * reads of it, so that it is judged again: its production flag or its time.
 * Other edits, and later moves of the changes, leave the verdict as it was
 * made when the deployment was recorded.
 * @public
 */
export function authorizationInputsChanged(
  before: AuthorizationDeployment,
  after: AuthorizationDeployment,
): boolean {
  return (
    before.production !== after.production ||
    millis(deploymentAuthorizationTime(before)) !==
      millis(deploymentAuthorizationTime(after))
  );
}
