/*
 * A planned change's fields and the states it passes through: its risk is
 * scored by the rule the backend applies, so the demo explains its scores.
 */
import type {
  ChangeState,
  ChangeType,
} from '@valuestream/plugin-value-stream-common';
import {
  assessChangeRisk,
  CHANGE_STATES,
} from '@valuestream/plugin-value-stream-common';
import type { NewChange } from '../database/types';
import { DAY, HOUR } from './demoModel';
import type { EntityContext } from './demoPlanner';

/** A planned change as it is filed, with its risk scored and explained. */
export function changeInput(
  ctx: EntityContext,
  options: { title: string; proposesService?: boolean; at: number },
  type: ChangeType,
  by: string,
  draw: number,
): NewChange {
  const start = options.at + 3 * DAY;
  const plannedStart = new Date(start).toISOString();
  const plannedEnd = new Date(start + 2 * HOUR).toISOString();
  // The scored rule, as the backend applies it; with no catalog graph or
  // failure record at hand, the drawn number stands for what it counts.
  const risk = assessChangeRisk({
    type,
    dependentCount: draw % 6,
    production: draw % 3 !== 0,
    recentFailedChanges: draw > 70 ? 1 : 0,
    plannedStart,
    plannedEnd,
    freezeWindows: [],
  });
  return {
    entityRef: ctx.ref,
    title: options.title,
    description: `${options.title} on ${ctx.name}.`,
    type,
    state: 'new',
    requestedBy: by,
    plannedStart,
    plannedEnd,
    riskScore: risk.score,
    riskLevel: risk.level,
    riskFactors: risk.factors,
    proposesService: options.proposesService ?? false,
  };
}

/** The states a change passes through to reach `target`. */
export function changePath(target: ChangeState, type: ChangeType): string[] {
  if (target === 'rejected') return ['new', 'assess', 'authorize', 'rejected'];
  if (target === 'cancelled') return ['new', 'assess', 'cancelled'];
  if (target === 'failed') {
    return ['new', 'assess', 'authorize', 'scheduled', 'implement', 'failed'];
  }
  // CHANGE_STATES lists the normal path first, up to 'closed'; a standard
  // change is pre-authorized and skips assessment and authorization.
  const normal: string[] = CHANGE_STATES.slice(
    0,
    CHANGE_STATES.indexOf('closed') + 1,
  );
  const path =
    type === 'standard'
      ? normal.filter(s => s !== 'assess' && s !== 'authorize')
      : normal;
  const end = path.indexOf(target);
  return end >= 0 ? path.slice(0, end + 1) : path;
}
