/*
 * The risk of a change, from what it touches: the entity's dependents, its
 * recent failed changes, whether it runs in production, freeze windows, the
 * entity's maintenance windows and the error budgets its SLOs have spent.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  assessChangeRisk,
  ChangeRecord,
  ConfiguredMaintenanceWindows,
  FreezeWindow,
  maintenanceWindowsOf,
} from '@valuestream/plugin-value-stream-common';
import type { ValueStreamStore } from '../database/ValueStreamStore';
import { entityRefOf } from './CatalogGateway';
import type { ImpactService } from './ImpactService';
import type { RequestContext } from './RequestContext';
import { exhaustedBudgetsOf } from './slo/errorBudgets';

/** How far back failed changes count towards the risk of a new one. */
const RECENT_FAILURE_DAYS = 90;

function daysBefore(now: string, days: number): string {
  return new Date(Date.parse(now) - days * 86_400_000).toISOString();
}

/** What of a change its risk depends on. */
export interface ChangeRiskInput {
  type: ChangeRecord['type'];
  plannedStart?: string | null;
  plannedEnd?: string | null;
}

/** Assesses the risk of a change on an entity. */
export async function assessRisk(
  deps: {
    impact: Pick<ImpactService, 'downstreamDependents'>;
    store: ValueStreamStore;
    freezeWindows: FreezeWindow[];
    /** From config, for entities without the maintenance-windows annotation. */
    maintenanceWindows?: ConfiguredMaintenanceWindows;
    logger: LoggerService;
  },
  request: { entity: Entity; change: ChangeRiskInput; now: string },
  ctx: RequestContext,
) {
  const { entity, change, now } = request;
  const entityRef = entityRefOf(entity);
  const [dependents, failed, production, exhausted] = await Promise.all([
    // What a change touches, through up to three hops of relations.
    deps.impact.downstreamDependents(entity, entityRef, ctx),
    deps.store.records.list('change', {
      entityRefs: [entityRef],
      states: ['failed'],
      from: daysBefore(now, RECENT_FAILURE_DAYS),
      limit: 50,
    }),
    deps.store.stages.latestProductionVersions([entityRef]),
    exhaustedBudgetsOf(deps.store, entityRef),
  ]);
  deps.logger.debug(
    `Risk of change on ${entityRef}: ${dependents.length} dependents, ${failed.items.length} recent failures`,
  );
  return assessChangeRisk({
    type: change.type,
    dependentCount: dependents.length,
    production:
      entity.spec?.lifecycle === 'production' || production.has(entityRef),
    recentFailedChanges: failed.items.length,
    plannedStart: change.plannedStart ?? undefined,
    plannedEnd: change.plannedEnd ?? undefined,
    freezeWindows: deps.freezeWindows,
    maintenanceWindows: maintenanceWindowsOf(entity, deps.maintenanceWindows),
    exhaustedErrorBudgets: exhausted,
  });
}
