import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  CHANGE_TYPES,
  ChangeRecord,
} from '@valuestream/plugin-value-stream-common';
import { COLLECTIONS } from '../domain/collections';
import { ActionDeps, auditedCreate } from './actionDeps';
import {
  changeOutline,
  changeOutputFields,
  entityRefField,
  entityRefOf,
} from './schemaParts';

const NAME = 'request-change';

/** `value-stream:request-change` */
export function registerRequestChange(
  registry: ActionsRegistryService,
  deps: ActionDeps,
): void {
  registry.register({
    name: NAME,
    title: 'Request a change to a service',
    description: [
      'Opens a change request on a service, requested by the caller, in',
      'state "new", and assesses its risk. It is not approved or scheduled:',
      'the change authority assesses and authorizes it in the portal, and',
      'nobody approves their own change. Each call opens a new change.',
      'Needs the value-stream.change.create permission on the service.',
    ].join(' '),
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefField(z),
          title: z.string().min(1).max(200).describe('What changes, briefly'),
          description: z
            .string()
            .min(1)
            .max(10_000)
            .describe('Why, what is done, how it is tested and rolled back'),
          type: z
            .enum(CHANGE_TYPES)
            .default('normal')
            .describe(
              'standard: pre-approved routine; normal: assessed and authorized; emergency: to restore service now',
            ),
          plannedStart: z
            .string()
            .datetime({ offset: true })
            .optional()
            .describe('ISO 8601 date-time with a zone'),
          plannedEnd: z
            .string()
            .datetime({ offset: true })
            .optional()
            .describe('ISO 8601 date-time with a zone, after plannedStart'),
        }),
      output: z => z.object({ ...changeOutputFields(z), state: z.string() }),
    },
    action: async ({ input, credentials }) => {
      const ctx = await deps.contextOf(credentials);
      const { entityRef, plannedStart, plannedEnd, ...rest } = input;
      const change = (await auditedCreate(
        deps,
        ctx,
        { collection: 'changes', action: `value-stream:${NAME}` },
        () =>
          deps.records.create(
            COLLECTIONS.changes,
            {
              ...rest,
              entityRef: entityRefOf(entityRef),
              ...(plannedStart ? { plannedStart } : {}),
              ...(plannedEnd ? { plannedEnd } : {}),
            },
            ctx,
          ),
      )) as ChangeRecord;
      return { output: { ...changeOutline(change), state: change.state } };
    },
  });
}
