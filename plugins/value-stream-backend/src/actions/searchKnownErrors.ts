import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { ActionDeps } from './actionDeps';
import {
  entityRefField,
  pageInputFields,
  pageOf,
  pageOutput,
  pageQueryOf,
  READ_ONLY,
} from './schemaParts';

/** `value-stream:search-known-errors` */
export function registerSearchKnownErrors(
  registry: ActionsRegistryService,
  deps: ActionDeps,
): void {
  registry.register({
    name: 'search-known-errors',
    title: 'Search known errors',
    description: [
      'Searches the known errors: problems whose root cause is found, with',
      'the workaround to apply until they are fixed. Use it when an incident',
      'looks familiar. Filters by service and by text in the title or the',
      'workaround (case-insensitive); newest first, paged by cursor. A page',
      'can hold fewer items than the limit and still have a nextCursor when',
      'the search read its maximum. Needs the value-stream.read permission.',
    ].join(' '),
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          text: z
            .string()
            .max(200)
            .optional()
            .describe('Words to find in the title or the workaround'),
          entityRef: entityRefField(
            z,
            'Only known errors of this service.',
          ).optional(),
          ...pageInputFields(z, 10),
        }),
      output: z =>
        pageOutput(
          z,
          z.object({
            id: z.string(),
            entityRef: z.string(),
            title: z.string(),
            rootCause: z.string().optional(),
            workaround: z.string().optional(),
            incidentCount: z
              .number()
              .describe('Incidents linked to the problem'),
            updatedAt: z.string(),
          }),
        ),
    },
    action: async ({ input, credentials }) => {
      const ctx = await deps.contextOf(credentials);
      const page = await deps.records.searchKnownErrors(
        { ...pageQueryOf(input), ...(input.text ? { text: input.text } : {}) },
        ctx,
      );
      return {
        output: pageOf(page, problem => ({
          id: problem.id,
          entityRef: problem.entityRef,
          title: problem.title,
          ...(problem.rootCause ? { rootCause: problem.rootCause } : {}),
          ...(problem.workaround ? { workaround: problem.workaround } : {}),
          incidentCount: problem.incidentIds.length,
          updatedAt: problem.updatedAt,
        })),
      };
    },
  });
}
