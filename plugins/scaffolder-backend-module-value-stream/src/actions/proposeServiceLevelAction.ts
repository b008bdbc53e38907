import type {
  AuthService,
  DiscoveryService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  createServiceLevelSchema,
  DEFAULT_SLA_TARGETS,
} from '@valuestream/plugin-value-stream-common';
import { callValueStream, retryWhileNotFound } from './valueStreamApi';
import {
  entityRefInput,
  exampleStep,
  toEntityName,
  validateBody,
  waitForEntityMsInput,
} from './util';

/** The id the action is registered under. */
const PROPOSE_SERVICE_LEVEL_ACTION_ID = 'valuestream:service-level:propose';

const TIERS_KEY = 'valueStream.serviceLevelTiers';

/**
 * Builds the create body of a service level from the tier's config under
 * `valueStream.serviceLevelTiers.<tier>`, read as the Value Stream backend
 * reads it (tier names without regard to case, missing priority targets from
 * `DEFAULT_SLA_TARGETS`), and validates it with the API's schema, so that a
 * broken tier fails before anything is sent.
 */
function serviceLevelBodyFromTier(
  config: RootConfigService,
  entityRef: string,
  tier: string,
) {
  const tiers = config.getOptionalConfig(TIERS_KEY);
  const known = tiers?.keys() ?? [];
  const key = known.find(
    k => k.toLocaleLowerCase('en-US') === tier.toLocaleLowerCase('en-US'),
  );
  if (!key) {
    throw new InputError(
      `Unknown service level tier "${tier}": ${TIERS_KEY} defines ${
        known.length ? known.join(', ') : 'no tiers'
      }`,
    );
  }
  const tierConfig = tiers!.getConfig(key);
  const name =
    tierConfig.getOptionalString('name') ??
    `${key.charAt(0).toLocaleUpperCase('en-US')}${key.slice(1)} service level`;
  const configured = tierConfig.getOptional('targets');
  return validateBody(
    createServiceLevelSchema,
    {
      entityRef,
      name,
      tier: key.toLocaleLowerCase('en-US'),
      availabilityTarget: tierConfig.getOptional('availabilityTarget'),
      targets:
        configured && typeof configured === 'object'
          ? { ...DEFAULT_SLA_TARGETS, ...configured }
          : DEFAULT_SLA_TARGETS,
      slos: tierConfig.getOptional('slos') ?? [],
    },
    `service level tier ${TIERS_KEY}.${key}`,
  );
}

/**
 * Creates the `valuestream:service-level:propose` action: creates a service
 * level from a configured tier and moves it from draft to proposed, ready for
 * agreement.
 *
 * @public
 */
export function createValueStreamProposeServiceLevelAction(options: {
  auth: AuthService;
  discovery: DiscoveryService;
  config: RootConfigService;
}) {
  return createTemplateAction({
    id: PROPOSE_SERVICE_LEVEL_ACTION_ID,
    description:
      'Proposes a Value Stream service level for an entity from a tier in ' +
      'valueStream.serviceLevelTiers (availability and P1..P4 targets): creates it and moves it from draft to proposed.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Propose the tier chosen in the form',
        example: exampleStep(
          'service-level',
          'valuestream:service-level:propose',
          { tier: '${{ parameters.tier }}' },
        ),
      },
    ],
    schema: {
      input: {
        entityRef: entityRefInput,
        tier: z =>
          z
            .string()
            .min(1)
            .describe('Tier name, a key of valueStream.serviceLevelTiers'),
        waitForEntityMs: waitForEntityMsInput,
      },
      output: {
        serviceLevelId: z => z.string().describe('Id of the service level'),
        state: z => z.string().describe('State of the service level: proposed'),
      },
    },
    async handler(ctx) {
      const entity = toEntityName(ctx.input.entityRef);
      const body = serviceLevelBodyFromTier(
        options.config,
        entity.ref,
        ctx.input.tier,
      );

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would propose "${body.name}" (${body.availabilityTarget} %) for ${entity.ref}`,
        );
        ctx.output('serviceLevelId', 'dry-run-service-level-id');
        ctx.output('state', 'proposed');
        return;
      }

      const credentials = await ctx.getInitiatorCredentials();
      const created = await ctx.checkpoint({
        key: `valuestream.service-level.create.${entity.ref}`,
        fn: async () => {
          const request = async () => {
            // The backend proposes a service level from the entity's
            // valuestream.io/service-level-tier on its own schedule: reuse
            // one of the same tier rather than proposing a second.
            const existing = await callValueStream(
              options,
              {
                credentials,
                what: `list the service levels of ${entity.ref}`,
                signal: ctx.signal,
              },
              api =>
                api.listRecords('service-levels', {
                  entityRef: entity.ref,
                  state: ['draft', 'proposed', 'agreed'],
                  limit: 50,
                }),
            );
            const same = existing.items.find(item => item.tier === body.tier);
            if (same) {
              ctx.logger.info(
                `${entity.ref} already has ${same.state} service level ${same.id} of tier ${body.tier}`,
              );
              return same;
            }
            return callValueStream(
              options,
              {
                credentials,
                what: `create the service level for ${entity.ref}`,
                signal: ctx.signal,
              },
              api => api.createRecord('service-levels', body),
            );
          };
          const record = await retryWhileNotFound(request, {
            waitMs: ctx.input.waitForEntityMs ?? 0,
            signal: ctx.signal,
            onRetry: (_e, ms) =>
              ctx.logger.info(
                `${entity.ref} is not known yet, retrying in ${ms} ms`,
              ),
          });
          return {
            id: record.id,
            version: record.version,
            state: record.state,
          };
        },
      });

      let state = created.state;
      if (state === 'draft') {
        state = await ctx.checkpoint({
          key: `valuestream.service-level.propose.${created.id}`,
          fn: async () => {
            const record = await callValueStream(
              options,
              {
                credentials,
                what: `propose service level ${created.id}`,
                signal: ctx.signal,
              },
              api =>
                api.transitionRecord('service-levels', created.id, {
                  to: 'proposed',
                  version: created.version,
                  note: `Proposed from tier ${ctx.input.tier} by the software template`,
                }),
            );
            return record.state;
          },
        });
      }

      ctx.logger.info(
        `Service level ${created.id} (${body.name}) for ${entity.ref} is ${state}`,
      );
      ctx.output('serviceLevelId', created.id);
      ctx.output('state', state);
    },
  });
}
