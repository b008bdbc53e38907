/*
 * The error budgets a service has spent, as the last SLO evaluation left
 * them: what the error budget policy judges its changes by.
 */
import {
  exhaustedErrorBudgets,
  type ExhaustedErrorBudget,
} from '@valuestream/plugin-value-stream-common';
import type { ValueStreamStore } from '../../database/ValueStreamStore';

/** The entity's SLOs whose budget is spent, from the store. */
export async function exhaustedBudgetsOf(
  store: Pick<ValueStreamStore, 'slos'>,
  entityRef: string,
): Promise<ExhaustedErrorBudget[]> {
  const statuses = await store.slos.listStatuses({
    entityRefs: [entityRef],
    sort: 'name',
    order: 'asc',
  });
  return exhaustedErrorBudgets(
    statuses.map(s => ({
      name: s.name,
      state: s.state,
      remainingBudget: s.evaluation?.remainingBudget,
    })),
  );
}
