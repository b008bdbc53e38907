import type {
  AuthService,
  DiscoveryService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CHANGE_TYPES,
  createChangeSchema,
  type ValueStreamApi,
} from '@valuestream/plugin-value-stream-common';
import { callValueStream, retryWhileNotFound } from './valueStreamApi';
import {
  entityRefInput,
  exampleStep,
  toEntityName,
  validateBody,
  valueStreamTabUrl,
  waitForEntityMsInput,
} from './util';

/** The id the action is registered under. */
const CREATE_CHANGE_ACTION_ID = 'valuestream:change:create';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id of the model a template names: an id as it is, a name among the
 * approved, unexpired models that cover the entity (case aside).
 */
async function modelIdOf(
  api: ValueStreamApi,
  model: string,
  entityRef: string,
): Promise<string> {
  if (UUID.test(model)) {
    return model;
  }
  const { items } = await api.listStandardChangeModels({
    entityRef,
    limit: 200,
  });
  const wanted = model.trim().toLocaleLowerCase('en-US');
  const found = items.find(m => m.name.toLocaleLowerCase('en-US') === wanted);
  if (!found) {
    const names = items.map(m => `"${m.name}"`).join(', ') || 'none';
    throw new InputError(
      `No approved standard-change model named "${model}" covers ${entityRef}; the ones that do: ${names}`,
    );
  }
  return found.id;
}

/**
 * Creates the `valuestream:change:create` action: opens a change (RFC) for an
 * entity, by default the change that proposes a new service, which is the
 * demand stage's evidence.
 *
 * @public
 */
export function createValueStreamChangeAction(options: {
  auth: AuthService;
  discovery: DiscoveryService;
  config: RootConfigService;
}) {
  return createTemplateAction({
    id: CREATE_CHANGE_ACTION_ID,
    description:
      'Opens a Value Stream change (RFC) for an entity, on behalf of the user who runs the template. ' +
      'By default it is the change that proposes a new service.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Propose the service just registered',
        example: exampleStep('change', 'valuestream:change:create', {
          title: 'Introduce ${{ parameters.name }}',
          description: '${{ parameters.description }}',
        }),
      },
      {
        description: 'A standard change from an approved model',
        example: exampleStep('change', 'valuestream:change:create', {
          title: 'Rotate the database credentials',
          description: 'The quarterly rotation.',
          standardChangeModel: 'Rotate credentials through the vault',
          proposesService: false,
        }),
      },
    ],
    schema: {
      input: {
        entityRef: entityRefInput,
        title: z => z.string().min(1).max(200).describe('Title of the change'),
        description: z =>
          z.string().min(1).describe('What changes and why (the RFC text)'),
        type: z =>
          z
            .enum(CHANGE_TYPES)
            .optional()
            .describe(
              'standard, normal or emergency. Default standard with a standardChangeModel, else normal',
            ),
        standardChangeModel: z =>
          z
            .string()
            .min(1)
            .max(200)
            .optional()
            .describe(
              'Id or name of the approved standard-change model the change follows; it must cover the entity, and the change is then a pre-authorized standard change',
            ),
        proposesService: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Whether this change proposes the service (demand stage evidence). Default true',
            ),
        plannedStart: z =>
          z
            .string()
            .optional()
            .describe('Start of the planned window, ISO 8601 date-time'),
        plannedEnd: z =>
          z
            .string()
            .optional()
            .describe('End of the planned window, ISO 8601 date-time'),
        waitForEntityMs: waitForEntityMsInput,
      },
      output: {
        changeId: z => z.string().describe('Id of the new change'),
        changeUrl: z =>
          z.string().describe("Portal link to the entity's value stream tab"),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const entity = toEntityName(input.entityRef);
      const model = input.standardChangeModel?.trim();
      const body = validateBody(
        createChangeSchema,
        {
          entityRef: entity.ref,
          title: input.title,
          description: input.description,
          type: input.type ?? (model ? 'standard' : 'normal'),
          proposesService: input.proposesService ?? true,
          plannedStart: input.plannedStart || undefined,
          plannedEnd: input.plannedEnd || undefined,
        },
        'change',
      );
      const changeUrl = valueStreamTabUrl(options.config, entity);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would open a ${body.type} change "${body.title}" for ${
            entity.ref
          }${model ? ` from the standard-change model ${model}` : ''}`,
        );
        ctx.output('changeId', 'dry-run-change-id');
        ctx.output('changeUrl', changeUrl);
        return;
      }

      const credentials = await ctx.getInitiatorCredentials();
      // Runs once per task: a retried task does not open a second change.
      const change = await ctx.checkpoint({
        key: `valuestream.change.create.${entity.ref}`,
        fn: async () => {
          const record = await retryWhileNotFound(
            () =>
              callValueStream(
                options,
                {
                  credentials,
                  what: `create the change for ${entity.ref}`,
                  signal: ctx.signal,
                },
                async api =>
                  api.createRecord('changes', {
                    ...body,
                    ...(model
                      ? {
                          standardChangeModelId: await modelIdOf(
                            api,
                            model,
                            entity.ref,
                          ),
                        }
                      : {}),
                  }),
              ),
            {
              waitMs: input.waitForEntityMs ?? 0,
              signal: ctx.signal,
              onRetry: (_e, ms) =>
                ctx.logger.info(
                  `${entity.ref} is not known yet, retrying in ${ms} ms`,
                ),
            },
          );
          return { id: record.id, state: record.state };
        },
      });

      ctx.logger.info(
        `Opened change ${change.id} (${change.state}) for ${entity.ref}`,
      );
      ctx.output('changeId', change.id);
      ctx.output('changeUrl', changeUrl);
    },
  });
}
