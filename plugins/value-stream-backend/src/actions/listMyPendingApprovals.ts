import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { ChangeRecord } from '@valuestream/plugin-value-stream-common';
import { COLLECTIONS } from '../domain/collections';
import type { ActionDeps } from './actionDeps';
import {
  changeOutline,
  changeOutputFields,
  entityRefField,
  entityRefOf,
  pageInputFields,
  pageOutput,
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
      '(value-stream.change.approve), not requested by the user and not',
      'decided by them yet. Newest first, paged by cursor. Only a user, not',
      'a service, has approvals. The decision itself is made in the portal.',
    ].join(' '),
    attributes: { readOnly: true, destructive: false, idempotent: true },
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
        {
          awaitingApprovalBy: 'me',
          limit: input.limit,
          ...(input.entityRef
            ? { entityRef: entityRefOf(input.entityRef) }
            : {}),
          ...(input.cursor ? { cursor: input.cursor } : {}),
        },
        ctx,
      );
      return {
        output: {
          items: (page.items as ChangeRecord[]).map(change => ({
            ...changeOutline(change),
            approvalCount: change.approvals.length,
          })),
          ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        },
      };
    },
  });
}
