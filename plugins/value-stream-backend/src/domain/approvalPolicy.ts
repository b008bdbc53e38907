/*
 * The approval policy of changes, applied: who still has to decide on a
 * change, whether a caller's decision counts, which changes wait for the
 * caller, and whether a change has what it needs to leave `authorize`.
 * The rules are -common's; this reads the owner of the service from the
 * catalog and the caller's groups from their credentials.
 */
import { ConflictError, NotAllowedError } from '@backstage/errors';
import {
  type ChangeApprovalPolicy,
  changeApprovalStatus,
  type ChangeApprovalStatus,
  type ChangeRecord,
  describeMissingApprovals,
  isAskedToDecide,
  mayDecide,
  type Page,
} from '@valuestream/plugin-value-stream-common';
import { encodeCursor } from '../database/cursor';
import { normalizeRef } from '../lib/refs';
import { type CatalogGateway, ownerRefOf } from './CatalogGateway';
import type { RequestContext } from './RequestContext';

/** How many store pages one list request reads at most to fill its page. */
const MAX_SCANNED_PAGES = 20;

/** The groups among a user's ownership refs, lower-case. */
function groupsOf(ownershipRefs: readonly string[]): string[] {
  return [
    ...new Set(
      ownershipRefs.map(normalizeRef).filter(ref => ref.startsWith('group:')),
    ),
  ];
}

/**
 * Reads pages of a store list until `limit` items pass `keep`, the list
 * ends, or {@link MAX_SCANNED_PAGES} pages were read; the cursor continues
 * after the last item examined. A page may come back short, never wrong.
 */
export async function fillPage<T extends { id: string; createdAt: string }>(
  fetch: (cursor: string | undefined) => Promise<Page<T>>,
  keep: (items: T[]) => Promise<T[]>,
  options: { cursor?: string; limit: number },
): Promise<Page<T>> {
  const items: T[] = [];
  let cursor = options.cursor;
  for (let scanned = 0; scanned < MAX_SCANNED_PAGES; scanned++) {
    const page = await fetch(cursor);
    const kept = new Set(await keep(page.items));
    for (const [index, item] of page.items.entries()) {
      if (!kept.has(item)) {
        continue;
      }
      items.push(item);
      const more = index < page.items.length - 1 || !!page.nextCursor;
      if (items.length === options.limit) {
        return more
          ? {
              items,
              nextCursor: encodeCursor({
                createdAt: item.createdAt,
                id: item.id,
              }),
            }
          : { items };
      }
    }
    if (!page.nextCursor) {
      return { items };
    }
    cursor = page.nextCursor;
  }
  return { items, nextCursor: cursor };
}

/** The approval policy of `valueStream.changeApproval`, applied. */
export class ApprovalPolicyService {
  readonly #policy: ChangeApprovalPolicy;
  readonly #catalog: CatalogGateway;

  constructor(options: {
    policy: ChangeApprovalPolicy;
    catalog: CatalogGateway;
  }) {
    this.#policy = options.policy;
    this.#catalog = options.catalog;
  }

  /** The owners of the services of some changes, by lower-case ref. */
  async ownersOf(
    entityRefs: readonly string[],
    ctx: RequestContext,
  ): Promise<Map<string, string | undefined>> {
    // The plugin's own credentials: the policy does not depend on which
    // entities the caller may see.
    void ctx;
    const entities = await this.#catalog.getEntities([...entityRefs]);
    const owners = new Map<string, string | undefined>();
    for (const ref of entityRefs) {
      const entity = entities.get(normalizeRef(ref));
      const owner = entity && ownerRefOf(entity);
      owners.set(normalizeRef(ref), owner && normalizeRef(owner));
    }
    return owners;
  }

  /** Who still has to decide on a change. */
  async status(
    change: ChangeRecord,
    ctx: RequestContext,
  ): Promise<ChangeApprovalStatus> {
    const owners = await this.ownersOf([change.entityRef], ctx);
    return changeApprovalStatus(
      this.#policy,
      change,
      owners.get(normalizeRef(change.entityRef)),
    );
  }

  /**
   * The groups to record with a decision the policy does not judge: a
   * freeze override, which the change authority gives by its own rule.
   */
  callerGroups(ctx: RequestContext): string[] {
    return groupsOf(ctx.ownershipRefs);
  }

  /**
   * The groups to record with the caller's decision; a `NotAllowedError`
   * when the policy asks nothing of anyone like them on this change (the
   * change authority decides normal changes, ECAB emergency ones).
   */
  async decisionGroups(
    change: ChangeRecord,
    ctx: RequestContext,
  ): Promise<string[]> {
    const groups = groupsOf(ctx.ownershipRefs);
    const status = await this.status(change, ctx);
    if (status.preAuthorized) {
      throw new NotAllowedError(
        'A standard change is pre-authorized by its model; nobody decides on it',
      );
    }
    if (!mayDecide(status, ctx.actorRef, groups)) {
      const deciders = status.requirements
        .map(r => r.group)
        .filter((group): group is string => !!group);
      throw new NotAllowedError(
        `Your decision does not count on this ${
          change.type
        } change: it is decided by members of ${deciders.join(' and ')}`,
      );
    }
    return groups;
  }

  /**
   * Throws a `ConflictError` naming what is missing while a change lacks the
   * approvals the policy asks before it leaves `authorize`.
   */
  async checkReady(change: ChangeRecord, ctx: RequestContext): Promise<void> {
    const status = await this.status(change, ctx);
    if (!status.complete) {
      throw new ConflictError(
        `Cannot move change from "${
          change.state
        }" yet: it needs ${describeMissingApprovals(status).join('; ')}`,
      );
    }
  }

  /** The changes of a store page whose policy asks for the caller's decision. */
  async askedOf(
    changes: ChangeRecord[],
    ctx: RequestContext,
  ): Promise<ChangeRecord[]> {
    const groups = groupsOf(ctx.ownershipRefs);
    const owners = await this.ownersOf(
      [...new Set(changes.map(c => c.entityRef))],
      ctx,
    );
    return changes.filter(change =>
      isAskedToDecide(
        changeApprovalStatus(
          this.#policy,
          change,
          owners.get(normalizeRef(change.entityRef)),
        ),
        ctx.actorRef,
        groups,
      ),
    );
  }
}
