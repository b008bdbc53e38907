import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  IMPACTS,
  IncidentRecord,
  PRIORITIES,
  URGENCIES,
} from '@valuestream/plugin-value-stream-common';
import { ActionDeps, createRecordAs } from './actionDeps';
import { CREATES_RECORD, newRecordFields } from './schemaParts';

const NAME = 'raise-incident';

/** `value-stream:raise-incident` */
export function registerRaiseIncident(
  registry: ActionsRegistryService,
  deps: ActionDeps,
): void {
  registry.register({
    name: NAME,
    title: 'Raise an incident on a service',
    description: [
      'Opens an incident on a service, reported by the caller. The priority',
      'follows from impact and urgency (ITIL matrix by default: high/high is',
      'P1, high/medium or medium/high P2, and so on down to P4), and the SLA',
      'clock starts from the service level targets. For "raise a P2" use',
      'impact high and urgency medium. Each call opens a new incident, so',
      'check get-service-status for an open one first. Needs the',
      'value-stream.incident.create permission on the service.',
    ].join(' '),
    attributes: CREATES_RECORD,
    schema: {
      input: z =>
        z.object({
          ...newRecordFields(z, {
            title: 'What is broken, briefly',
            description: 'Symptoms, who is affected and since when',
          }),
          impact: z
            .enum(IMPACTS)
            .describe('How many users or how much business is affected'),
          urgency: z.enum(URGENCIES).describe('How fast it must be resolved'),
          major: z
            .boolean()
            .optional()
            .describe('A major incident, run by the major incident process'),
          contactChannel: z
            .string()
            .min(1)
            .max(200)
            .optional()
            .describe('Where responders coordinate, e.g. a chat channel'),
        }),
      output: z =>
        z.object({
          id: z.string(),
          entityRef: z.string(),
          title: z.string(),
          priority: z.enum(PRIORITIES),
          state: z.string(),
          major: z.boolean(),
          reporter: z.string(),
          createdAt: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const incident = (await createRecordAs(
        deps,
        credentials,
        { action: NAME, collection: 'incidents' },
        input,
      )) as IncidentRecord;
      return {
        output: {
          id: incident.id,
          entityRef: incident.entityRef,
          title: incident.title,
          priority: incident.priority,
          state: incident.state,
          major: incident.major,
          reporter: incident.reporter,
          createdAt: incident.createdAt,
        },
      };
    },
  });
}
