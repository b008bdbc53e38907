/*
 * Error budget and burn-rate maths over SLI buckets of five minutes. Pure:
 * the evaluation task and the pages work from stored buckets and a clock.
 *
 * Missing data is never read as good or bad: a bucket without events (or a
 * threshold metric without a value) is left out, a window without any data
 * has no SLI, no budget and no burn rate (undefined, not zero), and the share
 * of the window that had data is reported as its coverage.
 */
import { DateTime } from 'luxon';
import {
  SLI_RESOLUTION_MS,
  type BurnRateCondition,
  type SloAlertPolicy,
  type SloDefinition,
  type SloTimeWindow,
} from './declaration';

/**
 * The events of one five-minute bucket starting at `start` (epoch ms, a
 * multiple of five minutes). A threshold SLI's bucket is one time slice:
 * total 1, good 1 or 0.
 * @public
 */
export interface SliBucket {
  start: number;
  good: number;
  total: number;
}

/** The good and total events of the buckets in a window. @public */
export interface WindowTotals {
  good: number;
  total: number;
  /** Buckets in the window that had events. */
  bucketsWithData: number;
  /** Buckets the window spans. */
  buckets: number;
}

/** The start of the bucket `time` falls in. @public */
export function bucketStart(time: number): number {
  return Math.floor(time / SLI_RESOLUTION_MS) * SLI_RESOLUTION_MS;
}

/**
 * The window an SLO is judged over at `now`, [start, end): a rolling window
 * ends at the start of the current (incomplete) bucket; a calendar month
 * starts at midnight of its first day in the SLO's time zone.
 * @public
 */
export function sloWindowBounds(
  window: SloTimeWindow,
  now: number,
): { start: number; end: number } {
  const end = bucketStart(now);
  if (window.kind === 'rolling') {
    return { start: end - window.durationMs, end };
  }
  const start = DateTime.fromMillis(now, { zone: window.timeZone })
    .startOf('month')
    .toMillis();
  return { start, end: Math.max(start, end) };
}

/** Sums the buckets with `start <= bucket.start < end`. @public */
export function windowTotals(
  buckets: readonly SliBucket[],
  start: number,
  end: number,
): WindowTotals {
  let good = 0;
  let total = 0;
  let bucketsWithData = 0;
  for (const bucket of buckets) {
    if (bucket.start < start || bucket.start >= end || !(bucket.total > 0)) {
      continue;
    }
    total += bucket.total;
    good += Math.min(Math.max(bucket.good, 0), bucket.total);
    bucketsWithData += 1;
  }
  return {
    good,
    total,
    bucketsWithData,
    buckets: Math.max(0, Math.ceil((end - start) / SLI_RESOLUTION_MS)),
  };
}

/** good / total; undefined without events. @public */
export function sliOf(totals: Pick<WindowTotals, 'good' | 'total'>) {
  return totals.total > 0 ? totals.good / totals.total : undefined;
}

/**
 * The share of the error budget left: 1 untouched, 0 spent, below 0
 * overspent. The budget is `1 - target` of the events; undefined without an
 * SLI.
 * @public
 */
export function remainingErrorBudget(
  sli: number | undefined,
  target: number,
): number | undefined {
  if (sli === undefined) {
    return undefined;
  }
  return 1 - (1 - sli) / (1 - target);
}

/**
 * How fast a window spends the budget: its error rate over the budget's.
 * 1 spends exactly the budget over the SLO window; 14.4 spends a 30-day
 * budget in a little over two days. Undefined without events.
 * @public
 */
export function burnRate(
  totals: Pick<WindowTotals, 'good' | 'total'>,
  target: number,
): number | undefined {
  const sli = sliOf(totals);
  return sli === undefined ? undefined : (1 - sli) / (1 - target);
}

/** The burn rate of the window of `windowMs` that ends at `end`. @public */
export function burnRateOver(
  buckets: readonly SliBucket[],
  target: number,
  windowMs: number,
  end: number,
): number | undefined {
  return burnRate(windowTotals(buckets, end - windowMs, end), target);
}

/** One multi-window condition as evaluated. @public */
export interface BurnRateConditionState extends BurnRateCondition {
  longBurnRate?: number;
  shortBurnRate?: number;
  /** `firing` when both windows burn at the threshold or faster. */
  state: 'firing' | 'ok' | 'no-data';
}

/** One alert policy as evaluated: firing when any of its conditions is. @public */
export interface SloAlertPolicyState {
  name: string;
  severity: SloAlertPolicy['severity'];
  state: 'firing' | 'ok' | 'no-data';
  conditions: BurnRateConditionState[];
}

/**
 * Evaluates one multi-window, multi-burn-rate condition at `end`: it fires
 * when the long and the short window both burn at `threshold` or faster (the
 * long one says enough budget is gone, the short one that it is still
 * going). A window without data makes it `no-data`, neither firing nor ok.
 * @public
 */
export function evaluateBurnRateCondition(
  buckets: readonly SliBucket[],
  target: number,
  condition: BurnRateCondition,
  end: number,
): BurnRateConditionState {
  const longBurnRate = burnRateOver(
    buckets,
    target,
    condition.longWindowMs,
    end,
  );
  const shortBurnRate = burnRateOver(
    buckets,
    target,
    condition.shortWindowMs,
    end,
  );
  let state: BurnRateConditionState['state'];
  if (longBurnRate === undefined || shortBurnRate === undefined) {
    state = 'no-data';
  } else {
    state =
      longBurnRate >= condition.threshold &&
      shortBurnRate >= condition.threshold
        ? 'firing'
        : 'ok';
  }
  return {
    ...condition,
    ...(longBurnRate === undefined ? {} : { longBurnRate }),
    ...(shortBurnRate === undefined ? {} : { shortBurnRate }),
    state,
  };
}

/**
 * Evaluates alert policies at `end`: a policy fires when any condition
 * fires, is ok when at least one condition has data and none fires, and is
 * `no-data` otherwise.
 * @public
 */
export function evaluateSloAlerts(
  buckets: readonly SliBucket[],
  target: number,
  policies: readonly SloAlertPolicy[],
  end: number,
): SloAlertPolicyState[] {
  return policies.map(policy => {
    const conditions = policy.conditions.map(c =>
      evaluateBurnRateCondition(buckets, target, c, end),
    );
    let state: SloAlertPolicyState['state'] = 'no-data';
    if (conditions.some(c => c.state === 'firing')) {
      state = 'firing';
    } else if (conditions.some(c => c.state === 'ok')) {
      state = 'ok';
    }
    return { name: policy.name, severity: policy.severity, state, conditions };
  });
}

/**
 * The burn-rate state of an SLO: the most urgent firing severity, else `ok`
 * when any policy had data, else `no-data`.
 * @public
 */
export type BurnRateState = 'page' | 'ticket' | 'ok' | 'no-data';

/** @public */
export function burnRateStateOf(
  policies: readonly SloAlertPolicyState[],
): BurnRateState {
  const firing = policies.filter(p => p.state === 'firing');
  if (firing.some(p => p.severity === 'page')) {
    return 'page';
  }
  if (firing.length > 0) {
    return 'ticket';
  }
  return policies.some(p => p.state === 'ok') ? 'ok' : 'no-data';
}

/** What an SLO stands at, at one time. @public */
export interface SloEvaluation {
  windowStart: string;
  windowEnd: string;
  /** good / total over the window; undefined without data. */
  sli?: number;
  /** 1 untouched, 0 spent, below 0 overspent; undefined without data. */
  remainingBudget?: number;
  /** The share of the window's buckets that had data, 0 to 1. */
  coverage: number;
  good: number;
  total: number;
  /** Burn rate by window (`5m`, `1h`, ...) of every alert condition. */
  burnRates: Record<string, number | null>;
  alerts: SloAlertPolicyState[];
  burnRateState: BurnRateState;
}

/** `5m`, `2h`, `3d` for a window of whole minutes. @public */
export function formatSloWindow(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes % 1440 === 0) {
    return `${minutes / 1440}d`;
  }
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

/**
 * Evaluates an SLO over its buckets at `now`: SLI, remaining budget and
 * coverage over its window, the burn rate of every alert window, and its
 * alert policies.
 * @public
 */
export function evaluateSlo(
  slo: Pick<SloDefinition, 'target' | 'timeWindow' | 'alertPolicies'>,
  buckets: readonly SliBucket[],
  now: number,
): SloEvaluation {
  const { start, end } = sloWindowBounds(slo.timeWindow, now);
  const totals = windowTotals(buckets, start, end);
  const sli = sliOf(totals);
  const remainingBudget = remainingErrorBudget(sli, slo.target);
  const alerts = evaluateSloAlerts(buckets, slo.target, slo.alertPolicies, end);
  const burnRates: Record<string, number | null> = {};
  for (const condition of alerts.flatMap(p => p.conditions)) {
    burnRates[formatSloWindow(condition.longWindowMs)] =
      condition.longBurnRate ?? null;
    burnRates[formatSloWindow(condition.shortWindowMs)] =
      condition.shortBurnRate ?? null;
  }
  return {
    windowStart: new Date(start).toISOString(),
    windowEnd: new Date(end).toISOString(),
    ...(sli === undefined ? {} : { sli }),
    ...(remainingBudget === undefined ? {} : { remainingBudget }),
    coverage: totals.buckets ? totals.bucketsWithData / totals.buckets : 0,
    good: totals.good,
    total: totals.total,
    burnRates,
    alerts,
    burnRateState: burnRateStateOf(alerts),
  };
}

/**
 * The remaining budget after each hour of the window, from its start up to
 * `end`: the burn-down chart. A point before any data has no budget.
 * @public
 */
export function budgetBurndown(
  buckets: readonly SliBucket[],
  target: number,
  start: number,
  end: number,
  stepMs: number = 60 * 60_000,
): Array<{ at: string; remainingBudget: number | null }> {
  const sorted = buckets
    .filter(b => b.start >= start && b.start < end && b.total > 0)
    .sort((a, b) => a.start - b.start);
  const points: Array<{ at: string; remainingBudget: number | null }> = [];
  let good = 0;
  let total = 0;
  let index = 0;
  for (let at = start + stepMs; at < end + stepMs; at += stepMs) {
    const until = Math.min(at, end);
    while (index < sorted.length && sorted[index].start < until) {
      total += sorted[index].total;
      good += Math.min(Math.max(sorted[index].good, 0), sorted[index].total);
      index += 1;
    }
    const remaining = remainingErrorBudget(sliOf({ good, total }), target);
    points.push({
      at: new Date(until).toISOString(),
      remainingBudget: remaining ?? null,
    });
  }
  return points;
}

/**
 * The SLI of a threshold metric's value: a good time slice (1) when the
 * value meets the objective's operator and value, a bad one (0) otherwise.
 * @public
 */
export function thresholdSliceIsGood(
  value: number,
  op: 'lt' | 'lte' | 'gt' | 'gte',
  threshold: number,
): boolean {
  switch (op) {
    case 'lt':
      return value < threshold;
    case 'lte':
      return value <= threshold;
    case 'gt':
      return value > threshold;
    default:
      return value >= threshold;
  }
}
