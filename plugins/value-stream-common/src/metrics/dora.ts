import type {
  ChangeRecord,
  ChangeState,
  DeploymentRecord,
  IncidentRecord,
} from '../types';
import { sameRef } from '../entityRefs';
import { median, millis, percentile } from './stats';
import { DORA_THRESHOLDS, DoraBand, MetricWindow, TrendPoint } from './types';

/**
 * What the DORA metrics read of a deployment.
 * @public
 */
export type MetricDeployment = Pick<
  DeploymentRecord,
  'id' | 'entityRef' | 'production' | 'state' | 'createdAt'
> &
  Partial<
    Pick<
      DeploymentRecord,
      'startedAt' | 'finishedAt' | 'changeId' | 'unauthorized'
    >
  >;

/**
 * What the DORA metrics read of a change.
 * @public
 */
export type MetricChange = Pick<
  ChangeRecord,
  'id' | 'entityRef' | 'state' | 'createdAt' | 'history'
>;

/**
 * What the DORA metrics read of an incident.
 * @public
 */
export type MetricIncident = Pick<
  IncidentRecord,
  'id' | 'entityRef' | 'createdAt'
> &
  Partial<Pick<IncidentRecord, 'resolvedAt' | 'causedByChangeId'>>;

/**
 * When a deployment took effect: its finish, else its start, else its
 * creation.
 * @public
 */
export function deploymentTime(deployment: MetricDeployment): string {
  return deployment.finishedAt ?? deployment.startedAt ?? deployment.createdAt;
}

function inWindow(at: string, window: MetricWindow | undefined): boolean {
  if (!window) {
    return true;
  }
  const t = millis(at);
  return t >= millis(window.from) && t < millis(window.to);
}

function isSuccessfulProduction(d: MetricDeployment): boolean {
  return d.production && d.state === 'success';
}

function bandAtLeast(
  value: number,
  t: { elite: number; high: number; medium: number },
): DoraBand {
  if (value >= t.elite) return 'elite';
  if (value >= t.high) return 'high';
  if (value >= t.medium) return 'medium';
  return 'low';
}

function bandLessThan(
  value: number,
  t: { elite: number; high: number; medium: number },
): DoraBand {
  if (value < t.elite) return 'elite';
  if (value < t.high) return 'high';
  if (value < t.medium) return 'medium';
  return 'low';
}

function bandAtMost(
  value: number,
  t: { elite: number; high: number; medium: number },
): DoraBand {
  if (value <= t.elite) return 'elite';
  if (value <= t.high) return 'high';
  if (value <= t.medium) return 'medium';
  return 'low';
}

// ----------------------------------------------------- deployment frequency

/**
 * Deployment frequency over a window.
 * @public
 */
export interface DeploymentFrequency {
  window: MetricWindow;
  /** Length of the window in days. */
  days: number;
  /** Successful production deployments in the window. */
  count: number;
  perDay: number;
  perWeek: number;
  band: DoraBand;
  /** One point per counted deployment, for {@link trend}. */
  samples: Array<TrendPoint & { deploymentId: string; entityRef: string }>;
}

/**
 * How often deployments reach production: successful production
 * deployments whose time ({@link deploymentTime}) falls in the window, per
 * day and per week, with the DORA band. Pass the deployments of one service
 * or team: across a whole portfolio the rate is the sum of all of them.
 * @public
 */
export function deploymentFrequency(
  deployments: readonly MetricDeployment[],
  window: MetricWindow,
): DeploymentFrequency {
  const samples = deployments
    .filter(
      d => isSuccessfulProduction(d) && inWindow(deploymentTime(d), window),
    )
    .map(d => ({
      at: deploymentTime(d),
      value: 1,
      deploymentId: d.id,
      entityRef: d.entityRef,
    }))
    .sort((a, b) => millis(a.at) - millis(b.at));
  const days = Math.max(
    0,
    (millis(window.to) - millis(window.from)) / 86_400_000,
  );
  const perDay = days > 0 ? samples.length / days : 0;
  return {
    window,
    days,
    count: samples.length,
    perDay,
    perWeek: perDay * 7,
    band: bandAtLeast(perDay, DORA_THRESHOLDS.deploymentsPerDay),
    samples,
  };
}

// --------------------------------------------------- lead time for changes

/**
 * The change states that mean the change was authorized at some point.
 * @public
 */
export const AUTHORIZED_CHANGE_STATES: readonly ChangeState[] = [
  'scheduled',
  'implement',
  'review',
  'closed',
  'failed',
];

const AUTHORIZED_STATES: ReadonlySet<ChangeState> = new Set(
  AUTHORIZED_CHANGE_STATES,
);

/**
 * When a change was authorized: the first history entry that moved it to
 * scheduled, implement, review, closed or failed. A change that stands in
 * one of these states without such an entry (pre-authorized, or imported)
 * counts as authorized at creation. Undefined otherwise.
 * @public
 */
export function changeAuthorizedAt(change: MetricChange): string | undefined {
  const entry = [...change.history]
    .sort((a, b) => millis(a.at) - millis(b.at))
    .find(h => AUTHORIZED_STATES.has(h.to as ChangeState));
  if (entry) {
    return entry.at;
  }
  return AUTHORIZED_STATES.has(change.state) ? change.createdAt : undefined;
}

/**
 * The lead time of one change.
 * @public
 */
export interface LeadTimeSample extends TrendPoint {
  changeId: string;
  entityRef: string;
  deploymentId: string;
  /** When the change reached production (the deployment's time). */
  at: string;
  value: number;
  leadTimeMs: number;
  /** How the deployment was found. */
  linkedBy: 'changeId' | 'entity';
}

/**
 * Lead time for changes.
 * @public
 */
export interface LeadTimeForChanges {
  /** Changes that reached production (in the window, when one was given). */
  count: number;
  /** Changes, neither rejected nor cancelled, with no production deployment yet. */
  pending: number;
  medianMs?: number;
  p90Ms?: number;
  band?: DoraBand;
  samples: LeadTimeSample[];
}

/**
 * Lead time for changes: from a change's creation to the first successful
 * production deployment linked to it by `changeId`, or, when none is, the
 * first successful production deployment of the same entity at or after the
 * change was authorized ({@link changeAuthorizedAt}). Rejected and cancelled
 * changes are left out. With a window, only changes that reached production
 * in it count. Median and p90 (nearest rank) in milliseconds; the band
 * follows the median.
 * @public
 */
export function leadTimeForChanges(
  changes: readonly MetricChange[],
  deployments: readonly MetricDeployment[],
  options: { window?: MetricWindow } = {},
): LeadTimeForChanges {
  const production = deployments
    .filter(isSuccessfulProduction)
    .map(d => ({ d, t: millis(deploymentTime(d)) }))
    .sort((a, b) => a.t - b.t);

  const samples: LeadTimeSample[] = [];
  let pending = 0;
  for (const change of changes) {
    if (change.state === 'rejected' || change.state === 'cancelled') {
      continue;
    }
    const created = millis(change.createdAt);
    let found = production.find(
      p => p.d.changeId === change.id && p.t >= created,
    );
    let linkedBy: LeadTimeSample['linkedBy'] = 'changeId';
    if (!found) {
      const authorized = changeAuthorizedAt(change);
      if (authorized) {
        const from = Math.max(millis(authorized), created);
        found = production.find(
          p => sameRef(p.d.entityRef, change.entityRef) && p.t >= from,
        );
        linkedBy = 'entity';
      }
    }
    if (!found) {
      pending += 1;
      continue;
    }
    const at = deploymentTime(found.d);
    if (!inWindow(at, options.window)) {
      continue;
    }
    const leadTimeMs = found.t - created;
    samples.push({
      changeId: change.id,
      entityRef: change.entityRef,
      deploymentId: found.d.id,
      at,
      value: leadTimeMs,
      leadTimeMs,
      linkedBy,
    });
  }
  samples.sort((a, b) => millis(a.at) - millis(b.at));
  const values = samples.map(s => s.leadTimeMs);
  const medianMs = median(values);
  return {
    count: samples.length,
    pending,
    ...(medianMs !== undefined
      ? {
          medianMs,
          p90Ms: percentile(values, 90),
          band: bandLessThan(medianMs, DORA_THRESHOLDS.leadTimeMs),
        }
      : {}),
    samples,
  };
}

// ------------------------------------------------------ change failure rate

/**
 * Options of {@link changeFailureRate}.
 * @public
 */
export interface ChangeFailureRateOptions {
  window?: MetricWindow;
  /**
   * An incident on an entity opened within this many hours after a
   * successful production deployment of it counts against that deployment.
   * Default 24.
   */
  incidentWindowHours?: number;
}

/**
 * Change failure rate.
 * @public
 */
export interface ChangeFailureRate {
  /** Production deployments that finished (success or failure) in the window. */
  total: number;
  failed: number;
  /** failed / total, 0..1; absent without deployments. */
  rate?: number;
  band?: DoraBand;
  failedDeploymentIds: string[];
  /** One point per deployment, value 1 when it failed and 0 when not, for {@link trend} with `mean`. */
  samples: Array<TrendPoint & { deploymentId: string; value: number }>;
}

/**
 * Change failure rate: the share of production deployments that failed or
 * caused an incident. A deployment failed when its state is `failure`. An
 * incident counts against one successful production deployment: one linked
 * to its `causedByChangeId` (the latest at or before the incident, else the
 * earliest), or else the latest deployment of the same entity at most
 * `incidentWindowHours` before the incident was opened.
 * @public
 */
export function changeFailureRate(
  deployments: readonly MetricDeployment[],
  incidents: readonly MetricIncident[],
  options: ChangeFailureRateOptions = {},
): ChangeFailureRate {
  const windowMs = (options.incidentWindowHours ?? 24) * 3_600_000;
  const successes = deployments
    .filter(isSuccessfulProduction)
    .map(d => ({ d, t: millis(deploymentTime(d)) }))
    .sort((a, b) => a.t - b.t);

  const failed = new Set<string>();
  for (const d of deployments) {
    if (d.production && d.state === 'failure') {
      failed.add(d.id);
    }
  }
  for (const incident of incidents) {
    const opened = millis(incident.createdAt);
    let culprit: (typeof successes)[number] | undefined;
    if (incident.causedByChangeId) {
      const linked = successes.filter(
        s => s.d.changeId === incident.causedByChangeId,
      );
      culprit = linked.filter(s => s.t <= opened).pop() ?? linked[0];
    }
    if (!culprit) {
      culprit = successes
        .filter(
          s =>
            sameRef(s.d.entityRef, incident.entityRef) &&
            s.t <= opened &&
            opened - s.t <= windowMs,
        )
        .pop();
    }
    if (culprit) {
      failed.add(culprit.d.id);
    }
  }

  const counted = deployments
    .filter(
      d =>
        d.production &&
        (d.state === 'success' || d.state === 'failure') &&
        inWindow(deploymentTime(d), options.window),
    )
    .sort((a, b) => millis(deploymentTime(a)) - millis(deploymentTime(b)));
  const samples = counted.map(d => ({
    at: deploymentTime(d),
    value: failed.has(d.id) ? 1 : 0,
    deploymentId: d.id,
  }));
  const failedCount = samples.filter(s => s.value === 1).length;
  const rate = counted.length ? failedCount / counted.length : undefined;
  return {
    total: counted.length,
    failed: failedCount,
    ...(rate !== undefined
      ? { rate, band: bandAtMost(rate, DORA_THRESHOLDS.changeFailureRate) }
      : {}),
    failedDeploymentIds: samples
      .filter(s => s.value === 1)
      .map(s => s.deploymentId),
    samples,
  };
}

// --------------------------------------------------------- time to restore

/**
 * Time to restore service.
 * @public
 */
export interface TimeToRestore {
  /** Resolved incidents (in the window by `resolvedAt`, when one was given). */
  count: number;
  medianMs?: number;
  p90Ms?: number;
  band?: DoraBand;
  samples: Array<TrendPoint & { incidentId: string; value: number }>;
}

/**
 * Time to restore service: the median time from an incident's creation to
 * its resolution, over incidents that have a `resolvedAt` (in the window,
 * when given). p90 by nearest rank; the band follows the median.
 * @public
 */
export function timeToRestore(
  incidents: readonly MetricIncident[],
  options: { window?: MetricWindow } = {},
): TimeToRestore {
  const samples = incidents
    .filter(
      (i): i is MetricIncident & { resolvedAt: string } =>
        !!i.resolvedAt && inWindow(i.resolvedAt, options.window),
    )
    .map(i => ({
      at: i.resolvedAt,
      value: millis(i.resolvedAt) - millis(i.createdAt),
      incidentId: i.id,
    }))
    .filter(s => s.value >= 0)
    .sort((a, b) => millis(a.at) - millis(b.at));
  const values = samples.map(s => s.value);
  const medianMs = median(values);
  return {
    count: samples.length,
    ...(medianMs !== undefined
      ? {
          medianMs,
          p90Ms: percentile(values, 90),
          band: bandLessThan(medianMs, DORA_THRESHOLDS.timeToRestoreMs),
        }
      : {}),
    samples,
  };
}

// ------------------------------------------------------------------- all four

/**
 * The four DORA metrics of one window.
 * @public
 */
export interface DoraMetrics {
  window: MetricWindow;
  deploymentFrequency: DeploymentFrequency;
  leadTimeForChanges: LeadTimeForChanges;
  changeFailureRate: ChangeFailureRate;
  timeToRestore: TimeToRestore;
}

/**
 * The four DORA metrics of one window over the records of a service or team.
 * @public
 */
export function doraMetrics(
  records: {
    deployments: readonly MetricDeployment[];
    changes: readonly MetricChange[];
    incidents: readonly MetricIncident[];
  },
  window: MetricWindow,
  options: Omit<ChangeFailureRateOptions, 'window'> = {},
): DoraMetrics {
  return {
    window,
    deploymentFrequency: deploymentFrequency(records.deployments, window),
    leadTimeForChanges: leadTimeForChanges(
      records.changes,
      records.deployments,
      {
        window,
      },
    ),
    changeFailureRate: changeFailureRate(
      records.deployments,
      records.incidents,
      {
        ...options,
        window,
      },
    ),
    timeToRestore: timeToRestore(records.incidents, { window }),
  };
}
