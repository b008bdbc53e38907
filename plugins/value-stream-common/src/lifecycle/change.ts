import type { ChangeRecord, ChangeState } from '../types';
import { CHANGE_STATES } from '../types';
import { sameRef } from '../entityRefs';
import {
  defineLifecycle,
  type TransitionGuard,
  type TransitionRefusal,
} from './defineLifecycle';

function approvalCount(change: ChangeRecord) {
  return change.approvals.filter(a => a.decision === 'approved').length;
}

/**
 * A rejection is final, whatever the type; standard changes are
 * pre-authorized; the others need a yes.
 */
const needsApproval: TransitionGuard<ChangeRecord> = change => {
  if (change.approvals.some(a => a.decision === 'rejected')) {
    return 'an approver rejected it, and a rejection is final';
  }
  if (change.type === 'standard' || approvalCount(change) > 0) {
    return undefined;
  }
  return `${change.type === 'emergency' ? 'an' : 'a'} ${
    change.type
  } change needs at least one approval`;
};

const needsWindow: TransitionGuard<ChangeRecord> = (change, { input }) => {
  const start = input?.plannedStart ?? change.plannedStart;
  const end = input?.plannedEnd ?? change.plannedEnd;
  if (!start || !end) {
    return 'a planned window (plannedStart and plannedEnd) is required';
  }
  if (Date.parse(start) >= Date.parse(end)) {
    return 'plannedStart must be before plannedEnd';
  }
  return undefined;
};

/**
 * The window is part of what approvers decide on: once a change has a
 * decision, scheduling keeps the window it was decided with. Moving it is an
 * edit of the change, which voids the decisions.
 */
const keepsDecidedWindow: TransitionGuard<ChangeRecord> = (
  change,
  { input },
) => {
  if (change.approvals.length === 0) {
    return undefined;
  }
  const moved = (['plannedStart', 'plannedEnd'] as const).filter(
    key => input?.[key] !== undefined && input[key] !== change[key],
  );
  return moved.length > 0
    ? `the approvers decided on the planned window as it is, so scheduling cannot set ${moved.join(
        ' or ',
      )}; edit the change to move its window, which asks for approval again`
    : undefined;
};

const needsNote: TransitionGuard<ChangeRecord> = (_, { input }) =>
  input?.note ? undefined : 'a note saying what went wrong is required';

/**
 * The change (RFC) lifecycle. Normal changes pass assess and authorize;
 * standard changes are pre-authorized and may be scheduled at once; emergency
 * changes may go from authorize straight to implement once approved. A
 * rejection is final: the change can then only be rejected or cancelled.
 * @public
 */
export const changeLifecycle = defineLifecycle<ChangeRecord, ChangeState>({
  name: 'change',
  states: CHANGE_STATES,
  closedStates: ['closed', 'rejected', 'cancelled', 'failed'],
  transitions: {
    new: ['assess', 'scheduled', 'cancelled'],
    assess: ['authorize', 'rejected', 'cancelled'],
    authorize: ['scheduled', 'implement', 'rejected', 'cancelled'],
    scheduled: ['implement', 'cancelled'],
    implement: ['review', 'failed'],
    review: ['closed', 'failed'],
    closed: [],
    rejected: [],
    cancelled: [],
    failed: [],
  },
  only: {
    'new->scheduled': change => change.type === 'standard',
    'authorize->implement': change => change.type === 'emergency',
  },
  requires: {
    scheduled: [needsWindow, needsApproval, keepsDecidedWindow],
    'authorize->implement': [needsApproval],
    failed: [needsNote],
  },
  patch: (_, to, { input }) =>
    to === 'scheduled'
      ? {
          ...(input?.plannedStart ? { plannedStart: input.plannedStart } : {}),
          ...(input?.plannedEnd ? { plannedEnd: input.plannedEnd } : {}),
        }
      : {},
});

/**
 * The answer of {@link checkApproval}.
 * @public
 */
export type ApprovalCheckResult =
  | { ok: true }
  | { ok: false; reason: TransitionRefusal; message: string };

/**
 * Whether `actor` may record an approval decision on a change: only while it
 * is in `authorize`, never on a change they requested, once per approver.
 * @public
 */
export function checkApproval(
  change: ChangeRecord,
  actor: string,
): ApprovalCheckResult {
  if (change.state !== 'authorize') {
    return {
      ok: false,
      reason: 'illegal',
      message: `Cannot decide on a change in "${change.state}"; approvals are taken in "authorize"`,
    };
  }
  if (sameRef(change.requestedBy, actor)) {
    return {
      ok: false,
      reason: 'forbidden',
      message: 'Nobody approves a change they requested',
    };
  }
  if (change.approvals.some(a => sameRef(a.approver, actor))) {
    return {
      ok: false,
      reason: 'illegal',
      message: `${actor} has already decided on this change`,
    };
  }
  return { ok: true };
}

/**
 * Whether a change in `authorize` may take `actor`'s decision at all: the
 * first filter behind `GET /changes?awaitingApprovalBy=me`, before the
 * approval policy's `isAskedToDecide`.
 * @public
 */
export function isAwaitingApprovalBy(
  change: ChangeRecord,
  actor: string,
): boolean {
  return checkApproval(change, actor).ok;
}
