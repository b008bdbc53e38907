import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type {
  ChangeRecord,
  Page,
} from '@valuestream/plugin-value-stream-common';
import { COLLECTIONS } from '../domain/collections';
import type { ActionDeps } from './actionDeps';
import {
  changeOutline,
  changeOutputFields,
  entityRefField,
  pageInputFields,
  pageOf,
  pageOutput,
  pageQueryOf,
  READ_ONLY,
} from './schemaParts';

/** `value-stream:list-my-pending-approvals` */
export function registerListMyPendingApprovals(
  registry: ActionsRegistryService,
  deps: ActionDeps,
): void {
  registry.register({
    name: 'list-my-pending-approvals',
    title: 'List changes awaiting my approval',
    description: [
      'Lists the change requests in state "authorize" that wait for the',
      "calling user's decision: those on services the user may approve",
      '(value-stream.change.approve) whose approval policy still asks for',
      "someone like the user (the change authority's members, ECAB's for",
      "emergency changes, the owning team's when owner approval is on),",
      'not requested by the user and not decided by them yet. Newest first,',
      'paged by cursor. Only a user, not a service, has approvals. The',
      'decision itself is made in the portal.',
    ].join(' '),
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefField(
            z,
            'Only changes of this service.',
          ).optional(),
          ...pageInputFields(z, 20),
        }),
      output: z =>
        pageOutput(
          z,
          z.object({
            ...changeOutputFields(z),
            approvalCount: z
              .number()
              .describe('Decisions other approvers have recorded'),
          }),
        ),
    },
    action: async ({ input, credentials }) => {
      const ctx = await deps.contextOf(credentials);
      const page = await deps.records.list(
        COLLECTIONS.changes,
        { awaitingApprovalBy: 'me', ...pageQueryOf(input) },
        ctx,
      );
      return {
        output: pageOf(page as Page<ChangeRecord>, change => ({
          ...changeOutline(change),
          approvalCount: change.approvals.length,
        })),
      };
    },
  });
}
