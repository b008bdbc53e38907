import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { STAGES } from '@valuestream/plugin-value-stream-common';
import { exampleStep, toEntityName, waitForEntityMsInput } from './util';
import { callValueStream, retryWhileNotFound } from './valueStreamApi';

/** The id the action is registered under. */
const GET_STAGE_ACTION_ID = 'valuestream:stage:get';

/**
 * Creates the `valuestream:stage:get` action: reads the value stream stage of
 * an entity and a summary of its checklist.
 *
 * @public
 */
export function createValueStreamGetStageAction(options: {
  auth: AuthService;
  discovery: DiscoveryService;
}) {
  return createTemplateAction({
    id: GET_STAGE_ACTION_ID,
    description:
      'Reads the Value Stream stage of an entity and a summary of its stage checklist. ' +
      'Set waitForEntityMs to wait for an entity that was registered a moment ago.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Read the stage of the service just registered',
        example: exampleStep('stage', 'valuestream:stage:get', {
          waitForEntityMs: 60000,
        }),
      },
    ],
    schema: {
      input: {
        entityRef: z =>
          z.string().describe('Entity ref, e.g. component:default/name'),
        waitForEntityMs: waitForEntityMsInput,
      },
      output: {
        stage: z => z.enum(STAGES).describe('The computed stage'),
        stageSince: z =>
          z.string().optional().describe('When the entity entered the stage'),
        checklist: z =>
          z
            .object({
              total: z.number(),
              met: z.number(),
              gaps: z.number(),
              unmet: z.array(z.string()),
            })
            .describe(
              'Criteria of the checklist: how many in all, met, and gaps (unmet criteria of ' +
                'earlier stages), and the labels of the unmet criteria of the current and earlier stages',
            ),
      },
    },
    async handler(ctx) {
      const entity = toEntityName(ctx.input.entityRef);

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would read the stage of ${entity.ref}`);
        ctx.output('stage', 'demand');
        ctx.output('checklist', { total: 0, met: 0, gaps: 0, unmet: [] });
        return;
      }

      const credentials = await ctx.getInitiatorCredentials();
      const summary = await retryWhileNotFound(
        () =>
          callValueStream(
            options,
            {
              credentials,
              what: `read the stage of ${entity.ref}`,
              signal: ctx.signal,
            },
            api => api.getSummary(entity.ref),
          ),
        {
          waitMs: ctx.input.waitForEntityMs ?? 0,
          signal: ctx.signal,
          onRetry: (_e, ms) =>
            ctx.logger.info(
              `${entity.ref} not found yet, retrying in ${ms} ms`,
            ),
        },
      );

      const stageIndex = STAGES.indexOf(summary.stage);
      const unmet = summary.checklist
        .filter(item => !item.met && STAGES.indexOf(item.stage) <= stageIndex)
        .map(item => item.label);
      const checklist = {
        total: summary.checklist.length,
        met: summary.checklist.filter(item => item.met).length,
        gaps: summary.checklist.filter(item => item.gap).length,
        unmet,
      };
      ctx.logger.info(
        `${entity.ref} is in stage ${summary.stage}; ${checklist.met}/${checklist.total} criteria met`,
      );
      ctx.output('stage', summary.stage);
      if (summary.stageSince) {
        ctx.output('stageSince', summary.stageSince);
      }
      ctx.output('checklist', checklist);
    },
  });
}
