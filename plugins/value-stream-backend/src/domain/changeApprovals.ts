/*
 * Deciding on changes: an approver's decision, and the changes that wait
 * for the caller's decision among the entities they may see.
 */
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  approvalSchema,
  ChangeRecord,
  changeApprovePermission,
  checkApproval,
  checkFreezeOverride,
  ListQuery,
  Page,
  parseOrThrow,
} from '@valuestream/plugin-value-stream-common';
import type { RecordStore } from '../database/RecordStore';
import { normalizeRef } from '../lib/refs';
import { type ApprovalPolicyService, fillPage } from './approvalPolicy';
import type { CatalogGateway } from './CatalogGateway';
import { invalidRecord } from './refusals';
import type { RequestContext } from './RequestContext';

/**
 * Records the caller's decision on a change, with the groups the approval
 * policy counts it by; a decision the policy does not ask of anyone like
 * the caller is refused. A freeze override is judged by its own rule: a yes
 * by a member of the change authority group, whatever the policy asks.
 */
export async function approveChange(
  records: Pick<RecordStore, 'get' | 'addApproval'>,
  id: string,
  body: unknown,
  ctx: RequestContext,
  deps: { policy: ApprovalPolicyService; changeAuthorityGroup: string },
): Promise<ChangeRecord> {
  const input = parseOrThrow(approvalSchema, body, 'approval');
  const change = await records.get('change', id);
  if (!change) {
    throw new NotFoundError(`No change with id ${id}`);
  }
  await ctx.authorizeOn(changeApprovePermission, change.entityRef);
  if (!ctx.isUser) {
    throw new NotAllowedError('Only a user can decide on a change');
  }
  const check = input.freezeOverride
    ? checkFreezeOverride(change, ctx.actorRef, {
        decision: input.decision,
        isChangeAuthority: ctx.ownershipRefs.some(
          ref => normalizeRef(ref) === deps.changeAuthorityGroup,
        ),
      })
    : checkApproval(change, ctx.actorRef);
  if (!check.ok) {
    if (check.reason === 'forbidden') {
      throw new NotAllowedError(check.message);
    }
    if (check.reason === 'invalid') {
      throw invalidRecord('approval', [
        { path: 'decision', message: check.message },
      ]);
    }
    throw new ConflictError(check.message);
  }
  const approverGroups = input.freezeOverride
    ? deps.policy.callerGroups(ctx)
    : await deps.policy.decisionGroups(change, ctx);
  const updated = await records.addApproval(id, {
    approval: {
      approver: ctx.actorRef,
      decision: input.decision,
      ...(input.comment ? { comment: input.comment } : {}),
      ...(input.freezeOverride ? { freezeOverride: true } : {}),
      approverGroups,
    },
    expectedVersion: change.version,
  });
  return updated;
}

/**
 * Changes in state authorize whose approval policy asks for the caller's
 * decision, among the entities they may approve on.
 */
export async function listAwaitingApproval(
  deps: {
    records: Pick<RecordStore, 'listChangesAwaitingApproval'>;
    catalog: CatalogGateway;
    policy: ApprovalPolicyService;
  },
  query: ListQuery,
  ctx: RequestContext,
): Promise<Page<ChangeRecord>> {
  if (!ctx.isUser) {
    throw new InputError(
      'Invalid query: awaitingApprovalBy: Only a user has changes to approve',
    );
  }
  const access = await ctx.entityAccess(changeApprovePermission);
  if (access.kind === 'none') {
    return { items: [] };
  }
  return fillPage(
    cursor =>
      deps.records.listChangesAwaitingApproval({
        excludeRequestedBy: ctx.actorRef,
        approverRef: ctx.actorRef,
        entityRefs: query.entityRef ? [query.entityRef] : undefined,
        cursor,
        limit: query.limit,
      }),
    async items => {
      const visible = await restrict(deps.catalog, { items }, access, ctx);
      return deps.policy.askedOf(visible.items, ctx);
    },
    { cursor: query.cursor, limit: query.limit },
  );
}

/** Keeps the items whose entity the caller may see. */
async function restrict<T extends { entityRef: string | null }>(
  catalog: CatalogGateway,
  page: Page<T>,
  access: Awaited<ReturnType<RequestContext['entityAccess']>>,
  ctx: RequestContext,
): Promise<Page<T>> {
  if (access.kind === 'all') {
    return page;
  }
  if (access.kind === 'none') {
    return {
      items: [],
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }
  const refs = page.items
    .map(item => item.entityRef)
    .filter((ref): ref is string => !!ref);
  const entities = await catalog.getEntities(refs, ctx.credentials);
  return {
    ...page,
    items: page.items.filter(item => {
      const entity = item.entityRef
        ? entities.get(normalizeRef(item.entityRef))
        : undefined;
      return !!entity && access.allows(entity);
    }),
  };
}
