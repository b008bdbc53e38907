/*
 * The error budget policy: a service that has spent its error budget takes
 * its normal changes more carefully. Each SLO whose budget is spent adds a
 * risk factor to them, and where `valueStream.slo.budgetPolicy.requireOverride`
 * says so they are scheduled only with the change authority's override, the
 * same approval that lets a change through a freeze.
 */
import { hasFreezeOverride } from '../changeFreeze';
import type { ChangeRecord } from '../types';

/** An SLO whose error budget is spent. @public */
export interface ExhaustedErrorBudget {
  name: string;
  /** 0 or below: -0.5 is half a budget overspent. */
  remainingBudget: number;
}

/**
 * The SLOs whose budget is spent, of those measured (`ok`) or last measured
 * (`stale`); an SLO without a measurement spends nothing.
 * @public
 */
export function exhaustedErrorBudgets(
  slos: ReadonlyArray<{
    name: string;
    state: string;
    remainingBudget?: number;
  }>,
): ExhaustedErrorBudget[] {
  return slos
    .filter(
      s =>
        (s.state === 'ok' || s.state === 'stale') &&
        s.remainingBudget !== undefined &&
        s.remainingBudget <= 0,
    )
    .map(s => ({ name: s.name, remainingBudget: s.remainingBudget! }));
}

/** `checkout-latency (-95 %)`. @public */
export function describeExhaustedBudgets(
  budgets: readonly ExhaustedErrorBudget[],
): string {
  return budgets
    .map(b => `${b.name} (${Math.round(b.remainingBudget * 100)} %)`)
    .join(', ');
}

/** @public */
export type ErrorBudgetPolicyCheck =
  | { ok: true; overridden: ExhaustedErrorBudget[] }
  | { ok: false; reason: 'conflict'; message: string };

/**
 * Whether a change may move to `to` under the error budget policy: with
 * `requireOverride`, a normal change of a service with a spent budget is
 * scheduled only once the change authority approved it as an override
 * (`freezeOverride`). Standard and emergency changes pass, and so does every
 * other move. `overridden` lists the budgets an override let it through.
 * @public
 */
export function checkErrorBudgetPolicy(input: {
  change: Pick<ChangeRecord, 'type' | 'approvals'>;
  to: string;
  exhausted: readonly ExhaustedErrorBudget[];
  requireOverride: boolean;
}): ErrorBudgetPolicyCheck {
  const { change, to, exhausted } = input;
  if (
    !input.requireOverride ||
    change.type !== 'normal' ||
    to !== 'scheduled' ||
    exhausted.length === 0
  ) {
    return { ok: true, overridden: [] };
  }
  if (hasFreezeOverride(change)) {
    return { ok: true, overridden: [...exhausted] };
  }
  return {
    ok: false,
    reason: 'conflict',
    message: `The service has spent the error budget of ${describeExhaustedBudgets(
      exhausted,
    )}: under the error budget policy a normal change is not scheduled unless the change authority approves it as an override (freezeOverride)`,
  };
}
