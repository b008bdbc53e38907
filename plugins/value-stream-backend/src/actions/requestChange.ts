import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  CHANGE_TYPES,
  ChangeRecord,
} from '@valuestream/plugin-value-stream-common';
import { ActionDeps, createRecordAs } from './actionDeps';
import {
  changeOutline,
  changeOutputFields,
  CREATES_RECORD,
  newRecordFields,
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
      'nobody approves their own change. A standard change names the',
      'approved standard-change model it follows and is then',
      'pre-authorized. Each call opens a new change.',
      'Needs the value-stream.change.create permission on the service.',
    ].join(' '),
    attributes: CREATES_RECORD,
    schema: {
      input: z =>
        z.object({
          ...newRecordFields(z, {
            title: 'What changes, briefly',
            description: 'Why, what is done, how it is tested and rolled back',
          }),
          type: z
            .enum(CHANGE_TYPES)
            .default('normal')
            .describe(
              'standard: a pre-authorized routine change from an approved standard-change model (name it in standardChangeModelId); normal: assessed and authorized; emergency: to restore service now',
            ),
          standardChangeModelId: z
            .string()
            .min(1)
            .max(100)
            .optional()
            .describe(
              "Id of the approved standard-change model a standard change follows; required for type standard, refused for the others. The model must cover the service and its risk ceiling the change's risk; GET /standard-change-models?entityRef=<service> lists the ones that apply",
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
      const change = (await createRecordAs(
        deps,
        credentials,
        { action: NAME, collection: 'changes' },
        input,
      )) as ChangeRecord;
      return { output: { ...changeOutline(change), state: change.state } };
    },
  });
}
