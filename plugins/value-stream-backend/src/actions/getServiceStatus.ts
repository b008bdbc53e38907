import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  EntitySummary,
  PRIORITIES,
  STAGES,
} from '@valuestream/plugin-value-stream-common';
import type { ActionDeps } from './actionDeps';
import { entityRefField, entityRefOf, READ_ONLY } from './schemaParts';

/** Open records listed by name at most; the counts cover them all. */
const LISTED = 10;

/**
 * The entity summary slimmed to what answers "what is the state of X?":
 * stage and what holds it back, open work, and service level attainment.
 */
function statusOf(summary: EntitySummary) {
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    entityRef: summary.entityRef,
    stage: summary.stage,
    ...(summary.stageSince ? { stageSince: summary.stageSince } : {}),
    gaps: summary.checklist
      .filter(item => item.gap)
      .map(({ id, stage, label }) => ({ id, stage, label })),
    nextStageCriteria: summary.checklist
      .filter(item => item.stage === summary.stage && !item.met)
      .map(({ id, label }) => ({ id, label })),
    openIncidentCount: summary.openIncidents.length,
    openIncidents: summary.openIncidents.slice(0, LISTED).map(incident => ({
      id: incident.id,
      title: incident.title,
      priority: incident.priority,
      state: incident.state,
      major: incident.major,
      slaBreached:
        incident.sla.responseBreached || incident.sla.resolutionBreached,
      createdAt: incident.createdAt,
    })),
    openChangeCount: summary.openChanges.length,
    openChanges: summary.openChanges.slice(0, LISTED).map(change => ({
      id: change.id,
      title: change.title,
      type: change.type,
      state: change.state,
      ...(change.riskLevel ? { riskLevel: change.riskLevel } : {}),
      ...(change.plannedStart ? { plannedStart: change.plannedStart } : {}),
    })),
    openProblemCount: summary.openProblems.length,
    serviceLevels: summary.serviceLevels.map(attainment => ({
      name: attainment.serviceLevel.name,
      state: attainment.serviceLevel.state,
      availabilityTarget: attainment.serviceLevel.availabilityTarget,
      windowDays: attainment.windowDays,
      availability: round(attainment.availability),
      responseAttainment: round(attainment.responseAttainment),
      resolutionAttainment: round(attainment.resolutionAttainment),
      breaches: attainment.breaches,
      errorBudgetRemaining: round(attainment.errorBudgetRemaining),
    })),
  };
}

/** `value-stream:get-service-status` */
export function registerGetServiceStatus(
  registry: ActionsRegistryService,
  deps: ActionDeps,
): void {
  registry.register({
    name: 'get-service-status',
    title: 'Get the value stream status of a service',
    description: [
      'Answers "what is the state of this service?" from the value stream:',
      'its stage (demand, design, build, test, deploy, operate, retired),',
      'the exit criteria it skipped on the way (gaps) and those it still',
      'needs to leave its stage, its open incidents, changes and problems,',
      'and how well it meets its service levels over the last 30 days.',
      'Needs the value-stream.read permission and catalog read access to',
      'the entity.',
    ].join(' '),
    attributes: READ_ONLY,
    schema: {
      input: z => z.object({ entityRef: entityRefField(z) }),
      output: z =>
        z.object({
          entityRef: z.string(),
          stage: z.enum(STAGES),
          stageSince: z
            .string()
            .optional()
            .describe('When the service entered its stage'),
          gaps: z
            .array(
              z.object({
                id: z.string(),
                stage: z.string(),
                label: z.string(),
              }),
            )
            .describe(
              'Exit criteria of earlier stages the service skipped, e.g. operating without an agreed service level',
            ),
          nextStageCriteria: z
            .array(z.object({ id: z.string(), label: z.string() }))
            .describe('Unmet criteria the service needs to leave its stage'),
          openIncidentCount: z.number(),
          openIncidents: z
            .array(
              z.object({
                id: z.string(),
                title: z.string(),
                priority: z.enum(PRIORITIES),
                state: z.string(),
                major: z.boolean(),
                slaBreached: z.boolean(),
                createdAt: z.string(),
              }),
            )
            .describe(`The newest ${LISTED} open incidents`),
          openChangeCount: z.number(),
          openChanges: z
            .array(
              z.object({
                id: z.string(),
                title: z.string(),
                type: z.string(),
                state: z.string(),
                riskLevel: z.string().optional(),
                plannedStart: z.string().optional(),
              }),
            )
            .describe(`The newest ${LISTED} open changes`),
          openProblemCount: z.number(),
          serviceLevels: z
            .array(
              z.object({
                name: z.string(),
                state: z.string(),
                availabilityTarget: z.number().describe('Percent'),
                windowDays: z.number(),
                availability: z.number().describe('Measured percent'),
                responseAttainment: z
                  .number()
                  .describe('Percent of incidents answered within target'),
                resolutionAttainment: z
                  .number()
                  .describe('Percent of incidents resolved within target'),
                breaches: z.number(),
                errorBudgetRemaining: z
                  .number()
                  .describe(
                    'Percent of the error budget left; negative when overspent',
                  ),
              }),
            )
            .describe('Service levels and their attainment over the window'),
        }),
    },
    action: async ({ input, credentials }) => {
      const ctx = await deps.contextOf(credentials);
      const json = await deps.summaries.getSummaryJson(
        entityRefOf(input.entityRef),
        ctx,
      );
      return { output: statusOf(JSON.parse(json)) };
    },
  });
}
