/*
 * Change control: how many production deployments went out without an
 * authorized change, per service, over time.
 */
import { deploymentAuthorizationTime } from '../deploymentAuthorization';
import type { MetricDeployment } from './dora';
import { millis } from './stats';
import type { MetricWindow, TrendPoint } from './types';

/**
 * Unauthorized production deployments of one window.
 * @public
 */
export interface UnauthorizedDeployments {
  /** Production deployments (any state) whose time falls in the window. */
  productionDeployments: number;
  /** Of those, the ones flagged as unauthorized. */
  count: number;
  /** count / productionDeployments, 0..1; absent without production deployments. */
  rate?: number;
  /** The services with unauthorized deployments, most first, then by ref. */
  byEntity: Array<{ entityRef: string; count: number }>;
  deploymentIds: string[];
  /** One point per unauthorized deployment, for {@link trend} with `count`. */
  samples: Array<TrendPoint & { deploymentId: string; entityRef: string }>;
}

/**
 * The production deployments flagged as unauthorized whose time (the one
 * they were judged at: `startedAt`, else `finishedAt`, else `createdAt`)
 * falls in the window, in all and per service, against all production
 * deployments of the window. Pass the deployments of one service, a
 * system's or a team's.
 * @public
 */
export function unauthorizedDeployments(
  deployments: readonly MetricDeployment[],
  window: MetricWindow,
): UnauthorizedDeployments {
  const from = millis(window.from);
  const to = millis(window.to);
  const production = deployments
    .filter(d => d.production)
    .map(d => ({ d, at: deploymentAuthorizationTime(d) }))
    .filter(({ at }) => millis(at) >= from && millis(at) < to)
    .sort((a, b) => millis(a.at) - millis(b.at));
  const flagged = production.filter(({ d }) => d.unauthorized);
  const perEntity = new Map<string, number>();
  for (const { d } of flagged) {
    const ref = d.entityRef.toLocaleLowerCase('en-US');
    perEntity.set(ref, (perEntity.get(ref) ?? 0) + 1);
  }
  return {
    productionDeployments: production.length,
    count: flagged.length,
    ...(production.length > 0
      ? { rate: flagged.length / production.length }
      : {}),
    byEntity: [...perEntity]
      .map(([entityRef, count]) => ({ entityRef, count }))
      .sort(
        (a, b) => b.count - a.count || a.entityRef.localeCompare(b.entityRef),
      ),
    deploymentIds: flagged.map(({ d }) => d.id),
    samples: flagged.map(({ d, at }) => ({
      at,
      value: 1,
      deploymentId: d.id,
      entityRef: d.entityRef,
    })),
  };
}
