import type { ChangeRiskFactor, ChangeType, RiskLevel } from './types';
import {
  describeExhaustedBudgets,
  type ExhaustedErrorBudget,
} from './slo/errorBudgetPolicy';
import { overlappingFreezes } from './changeFreeze';
import {
  isWithinMaintenance,
  type MaintenanceWindow,
} from './maintenanceWindows';

/**
 * Points each risk factor adds to a change's score (capped at 100).
 * @public
 */
export const CHANGE_RISK_WEIGHTS = {
  /** By change type: standard changes are pre-approved, low-risk by definition. */
  type: { standard: 0, normal: 15, emergency: 30 } as Readonly<
    Record<ChangeType, number>
  >,
  /** The change touches a production environment. */
  production: 20,
  /** Per service that depends on this one, up to `dependentsMax`. */
  perDependent: 3,
  dependentsMax: 15,
  /** Per failed change on the service in the recent past, up to `failuresMax`. */
  perRecentFailure: 8,
  failuresMax: 24,
  /** No planned window: nobody can prepare for it. */
  noWindow: 10,
  /** A window longer than `longWindowHours`. */
  longWindow: 5,
  longWindowHours: 4,
  /** The window overlaps a change freeze. */
  freeze: 30,
  /** The service declares maintenance windows and the window is outside them. */
  outsideMaintenance: 10,
  /** A normal change of a service that has spent an SLO's error budget. */
  errorBudget: 20,
} as const;

/**
 * The lowest score of each level above `low`.
 * @public
 */
export const RISK_LEVEL_THRESHOLDS: Readonly<
  Record<Exclude<RiskLevel, 'low'>, number>
> = { medium: 25, high: 50, very_high: 75 };

/**
 * A period in which changes should not be made.
 * @public
 */
export interface FreezeWindow {
  start: string;
  end: string;
  reason: string;
}

/** @public */
export interface ChangeRiskInput {
  type: ChangeType;
  /** How many catalog entities depend on the changed one. */
  dependentCount: number;
  production: boolean;
  /** Failed changes on the same service in the recent past. */
  recentFailedChanges: number;
  plannedStart?: string;
  plannedEnd?: string;
  freezeWindows: FreezeWindow[];
  /**
   * The maintenance windows of the service (annotation or config); none
   * declared means no maintenance factor.
   */
  maintenanceWindows?: MaintenanceWindow[];
  /**
   * The service's SLOs whose error budget is spent; a normal change scores
   * higher while there are any.
   */
  exhaustedErrorBudgets?: ExhaustedErrorBudget[];
}

/** @public */
export interface ChangeRisk {
  score: number;
  level: RiskLevel;
  factors: ChangeRiskFactor[];
}

/**
 * The risk level of a score.
 * @public
 */
export function riskLevelFor(score: number): RiskLevel {
  if (score >= RISK_LEVEL_THRESHOLDS.very_high) {
    return 'very_high';
  }
  if (score >= RISK_LEVEL_THRESHOLDS.high) {
    return 'high';
  }
  if (score >= RISK_LEVEL_THRESHOLDS.medium) {
    return 'medium';
  }
  return 'low';
}

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Scores the risk of a change from 0 to 100 and explains each point, so
 * that approvers see why a change is risky, not only that it is.
 * @public
 */
export function assessChangeRisk(input: ChangeRiskInput): ChangeRisk {
  const w = CHANGE_RISK_WEIGHTS;
  const factors: ChangeRiskFactor[] = [];
  const add = (id: string, points: number, reason: string) => {
    if (points > 0) {
      factors.push({ id, points, reason });
    }
  };

  add('type', w.type[input.type], `${input.type} change`);
  if (input.production) {
    add('production', w.production, 'changes production');
  }
  const dependents = Math.max(0, Math.floor(input.dependentCount));
  add(
    'dependents',
    Math.min(dependents * w.perDependent, w.dependentsMax),
    `${plural(dependents, 'dependent service')}`,
  );
  const failures = Math.max(0, Math.floor(input.recentFailedChanges));
  add(
    'recent-failures',
    Math.min(failures * w.perRecentFailure, w.failuresMax),
    `${plural(failures, 'recently failed change')}`,
  );

  const exhausted = input.exhaustedErrorBudgets ?? [];
  if (input.type === 'normal' && exhausted.length > 0) {
    add(
      'error-budget',
      w.errorBudget,
      `error budget spent: ${describeExhaustedBudgets(exhausted)}`,
    );
  }

  const start = input.plannedStart ? Date.parse(input.plannedStart) : NaN;
  const end = input.plannedEnd ? Date.parse(input.plannedEnd) : NaN;
  if (Number.isNaN(start)) {
    add('no-window', w.noWindow, 'no planned window');
  } else {
    // Without an end the change is judged at its start.
    const until = Number.isNaN(end) ? start : end;
    if (until - start > w.longWindowHours * 3600_000) {
      add(
        'long-window',
        w.longWindow,
        `window longer than ${w.longWindowHours} h`,
      );
    }
    const frozen = overlappingFreezes(
      input.freezeWindows,
      input.plannedStart,
      input.plannedEnd,
    );
    if (frozen.length) {
      add(
        'freeze',
        w.freeze,
        `overlaps change freeze: ${frozen.map(f => f.reason).join(', ')}`,
      );
    }
    const maintenance = input.maintenanceWindows ?? [];
    if (
      maintenance.length > 0 &&
      !isWithinMaintenance(maintenance, input.plannedStart, input.plannedEnd)
    ) {
      add(
        'outside-maintenance',
        w.outsideMaintenance,
        `outside the maintenance windows: ${maintenance
          .map(m => m.label)
          .join('; ')}`,
      );
    }
  }

  const score = Math.min(
    100,
    factors.reduce((sum, f) => sum + f.points, 0),
  );
  return { score, level: riskLevelFor(score), factors };
}
