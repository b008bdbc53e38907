/*
 * The fields the backend derives when a record is opened or edited: a
 * change's risk (score, level and the factors that explain it), a
 * deployment's production flag and timestamps, an incident's priority and
 * SLA clock, a change's conflicts with other changes. The rules are
 * -common's; this reads what they need.
 */
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  ChangeRecord,
  COLLECTION_BODY_SCHEMAS,
  type DeploymentRecord,
  type Collection,
  IncidentRecord,
  isProductionEnvironment,
  pauseSlaClock,
  priorityFor,
  resumeSlaClock,
  SlaClockState,
} from '@valuestream/plugin-value-stream-common';
import type { RecordKind } from '../database/types';
import { normalizeRef } from '../lib/refs';
import { findConflicts } from './changeConflicts';
import { assessRisk, ChangeRiskInput } from './changeRisk';
import { judgeDeployment, rejudgeDeployment } from './deploymentAuthorization';
import type { ImpactService } from './ImpactService';
import { newIncident, retargetClock, slaTargetsOf } from './incidents';
import type { AnyRecord } from './RecordService';
import type { RequestContext } from './RequestContext';
import type { ServiceDeps } from './ServiceDeps';

/** A create or update body of a collection, as its schema parses it. */
type CreateBody<C extends Collection> = ReturnType<
  (typeof COLLECTION_BODY_SCHEMAS)[C]['create']['parse']
>;
type UpdateBody<C extends Collection> = ReturnType<
  (typeof COLLECTION_BODY_SCHEMAS)[C]['update']['parse']
>;

/** What deriving fields reads. */
export interface RecordFieldDeps extends ServiceDeps {
  impact: ImpactService;
}

/** The risk of a change on an entity, with the factors that explain it. */
async function changeRiskFields(
  deps: RecordFieldDeps,
  entity: Entity,
  change: ChangeRiskInput,
  now: string,
  ctx: RequestContext,
): Promise<Pick<ChangeRecord, 'riskScore' | 'riskLevel' | 'riskFactors'>> {
  const risk = await assessRisk(
    {
      impact: deps.impact,
      store: deps.store,
      freezeWindows: deps.settings.freezeWindows,
      maintenanceWindows: deps.settings.maintenanceWindows,
      logger: deps.logger,
    },
    { entity, change, now },
    ctx,
  );
  return {
    riskScore: risk.score,
    riskLevel: risk.level,
    riskFactors: risk.factors,
  };
}

/** Whether an environment counts as production, by config or by name. */
function isProduction(deps: RecordFieldDeps, environment: string): boolean {
  const configured = deps.settings.productionEnvironments;
  if (configured) {
    const name = environment.toLocaleLowerCase('en-US');
    return configured.some(env => env.toLocaleLowerCase('en-US') === name);
  }
  return isProductionEnvironment(environment);
}

/** What the store needs beyond the request body to open a record. */
export async function initialFields(
  deps: RecordFieldDeps,
  type: RecordKind,
  input: Record<string, unknown>,
  entity: Entity,
  now: string,
  ctx: RequestContext,
): Promise<Record<string, unknown>> {
  switch (type) {
    case 'change': {
      const change = input as CreateBody<'changes'>;
      return {
        state: 'new',
        requestedBy: ctx.actorRef,
        ...(await changeRiskFields(deps, entity, change, now, ctx)),
        conflicts: await findConflicts(deps, change),
      };
    }
    case 'deployment': {
      const deployment = input as CreateBody<'deployments'>;
      const finished =
        deployment.state === 'success' || deployment.state === 'failure';
      const fields = {
        production:
          deployment.production ?? isProduction(deps, deployment.environment),
        ...(deployment.state !== 'pending' && !deployment.startedAt
          ? { startedAt: now }
          : {}),
        ...(finished && !deployment.finishedAt ? { finishedAt: now } : {}),
      };
      // Judged as it is recorded: a pending deployment at this moment.
      return {
        ...fields,
        ...(await judgeDeployment(deps, {
          ...deployment,
          ...fields,
          entityRef: normalizeRef(deployment.entityRef),
          createdAt: now,
        })),
      };
    }
    case 'incident': {
      const incident = input as CreateBody<'incidents'>;
      const priority = priorityFor(
        incident.impact,
        incident.urgency,
        deps.settings.priorityMatrix,
      );
      return newIncident(
        { ...incident, priority, source: 'portal' },
        {
          reporter: ctx.actorRef,
          openedAt: now,
          targets: await slaTargetsOf(deps.store.records, incident.entityRef),
        },
      );
    }
    case 'release':
      return { state: 'planned' };
    case 'problem':
      return { state: 'new' };
    case 'serviceLevel':
      return { state: 'draft', fromAnnotation: false };
    default:
      throw new NotFoundError(`No record type ${type}`);
  }
}

/**
 * Adds to an edit's patch what follows from it: a change's risk when its
 * window moves, a deployment's production flag, an incident's priority and
 * SLA clock.
 */
export async function derivedFields(
  deps: RecordFieldDeps,
  type: RecordKind,
  current: AnyRecord,
  patch: Record<string, unknown>,
  ctx: RequestContext,
): Promise<void> {
  const now = new Date().toISOString();
  switch (type) {
    case 'change': {
      const input = patch as UpdateBody<'changes'>;
      const reassess =
        input.plannedStart !== undefined || input.plannedEnd !== undefined;
      const entity = reassess
        ? await deps.catalog.getEntity(current.entityRef)
        : undefined;
      if (entity) {
        const change = { ...(current as ChangeRecord), ...input };
        Object.assign(
          patch,
          await changeRiskFields(deps, entity, change, now, ctx),
        );
      }
      // Conflicts are found again on every edit and on scheduling (a
      // transition's patch names its state), not on the other moves.
      if (patch.state === undefined || patch.state === 'scheduled') {
        patch.conflicts = await findConflicts(deps, {
          ...(current as ChangeRecord),
          ...input,
        });
      }
      return;
    }
    case 'deployment': {
      const input = patch as UpdateBody<'deployments'>;
      if (input.environment !== undefined && input.production === undefined) {
        patch.production = isProduction(deps, input.environment);
      }
      // A new production flag or time is judged again (see
      // rejudgeDeployment); a move that stamps the start or finish too.
      await rejudgeDeployment(deps, current as DeploymentRecord, patch);
      return;
    }
    case 'incident': {
      const incident = current as IncidentRecord;
      const input = patch as UpdateBody<'incidents'>;
      let sla: SlaClockState = incident.sla;
      if (input.impact !== undefined || input.urgency !== undefined) {
        const priority = priorityFor(
          input.impact ?? incident.impact,
          input.urgency ?? incident.urgency,
          deps.settings.priorityMatrix,
        );
        if (priority !== incident.priority) {
          patch.priority = priority;
          const targets = await slaTargetsOf(
            deps.store.records,
            incident.entityRef,
          );
          sla = retargetClock(incident, targets[priority]);
        }
      }
      if (
        input.waitingOnReporter !== undefined &&
        input.waitingOnReporter !== incident.waitingOnReporter
      ) {
        sla = input.waitingOnReporter
          ? pauseSlaClock(sla, now)
          : resumeSlaClock(sla, now);
      }
      if (sla !== incident.sla) {
        patch.sla = sla;
      }
      return;
    }
    default:
      return;
  }
}
