/*
 * What a change's move to scheduled or implement must also pass besides its
 * lifecycle: the freeze windows, the error budget policy, and, where
 * conflicts block scheduling, its conflicts. All are refusals of -common's
 * rules, as 409s.
 */
import { ConflictError } from '@backstage/errors';
import {
  ChangeRecord,
  checkChangeFreeze,
  checkErrorBudgetPolicy,
  conflictRefusal,
  type ExhaustedErrorBudget,
} from '@valuestream/plugin-value-stream-common';
import type { ValueStreamSettings } from '../settings';

/**
 * Throws a `ConflictError` when the change, as the move's patch leaves it
 * (its conflicts found again), may not move to `to`.
 */
export function checkChangeMove(
  settings: Pick<
    ValueStreamSettings,
    'freezeWindows' | 'changeConflicts' | 'slo'
  >,
  change: ChangeRecord,
  to: string,
  patch: Record<string, unknown>,
  now: string,
  /** The service's SLOs whose error budget is spent. */
  exhaustedBudgets: readonly ExhaustedErrorBudget[] = [],
): void {
  const next = { ...change, ...patch } as ChangeRecord;
  const freeze = checkChangeFreeze({
    change: next,
    to,
    freezeWindows: settings.freezeWindows,
    now,
  });
  if (!freeze.ok) {
    throw new ConflictError(freeze.message);
  }
  const budget = checkErrorBudgetPolicy({
    change: next,
    to,
    exhausted: exhaustedBudgets,
    requireOverride: settings.slo.requireOverride,
  });
  if (!budget.ok) {
    throw new ConflictError(budget.message);
  }
  if (to === 'scheduled' && settings.changeConflicts.blockScheduling) {
    const refusal = conflictRefusal(next.conflicts ?? []);
    if (refusal) {
      throw new ConflictError(refusal);
    }
  }
}
