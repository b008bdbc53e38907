import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  IMPACTS,
  IncidentRecord,
  PRIORITIES,
  URGENCIES,
} from '@valuestream/plugin-value-stream-common';
import { COLLECTIONS } from '../domain/collections';
import { ActionDeps, auditedCreate } from './actionDeps';
import { entityRefField, entityRefOf } from './schemaParts';

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
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefField(z),
          title: z.string().min(1).max(200).describe('What is broken, briefly'),
          description: z
            .string()
            .min(1)
            .max(10_000)
            .describe('Symptoms, who is affected and since when'),
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
      const ctx = await deps.contextOf(credentials);
      const { entityRef, major, contactChannel, ...rest } = input;
      const incident = (await auditedCreate(
        deps,
        ctx,
        { collection: 'incidents', action: `value-stream:${NAME}` },
        () =>
          deps.records.create(
            COLLECTIONS.incidents,
            {
              ...rest,
              entityRef: entityRefOf(entityRef),
              ...(major !== undefined ? { major } : {}),
              ...(contactChannel ? { contactChannel } : {}),
            },
            ctx,
          ),
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
