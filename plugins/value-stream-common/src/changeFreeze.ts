import type { FreezeWindow } from './changeRisk';
import { spanOf, spansOverlap } from './plannedWindows';
import type { ChangeRecord, ChangeState } from './types';
import { sameRef } from './entityRefs';

/**
 * The moves a freeze holds back: a normal or standard change whose window
 * overlaps a freeze is neither scheduled nor implemented.
 * @public
 */
export const FREEZE_GUARDED_STATES: readonly ChangeState[] = [
  'scheduled',
  'implement',
];

/**
 * The freeze windows that a planned window overlaps. A window without an end
 * is judged at its start; without a start, at `fallback` (the moment a
 * change without a window is implemented).
 * @public
 */
export function overlappingFreezes(
  freezeWindows: readonly FreezeWindow[],
  plannedStart?: string | null,
  plannedEnd?: string | null,
  fallback?: string,
): FreezeWindow[] {
  const span = spanOf(plannedStart, plannedEnd) ?? spanOf(fallback);
  if (!span) {
    return [];
  }
  return freezeWindows.filter(freeze => {
    const frozen = spanOf(freeze.start, freeze.end);
    return frozen !== undefined && spansOverlap(span, frozen);
  });
}

/**
 * Whether the change authority approved the change as a freeze override.
 * @public
 */
export function hasFreezeOverride(change: Pick<ChangeRecord, 'approvals'>) {
  return change.approvals.some(
    a => a.decision === 'approved' && a.freezeOverride === true,
  );
}

/** @public */
export type ChangeFreezeCheck =
  | { ok: true; overridden: FreezeWindow[] }
  | { ok: false; reason: 'conflict'; message: string; freezes: FreezeWindow[] };

function describe(freeze: FreezeWindow): string {
  return `"${freeze.reason}" (${freeze.start} to ${freeze.end})`;
}

/**
 * Whether a change may move to `to` with regard to the freeze windows. A
 * normal or standard change whose planned window overlaps a freeze is not
 * scheduled or implemented, unless the change authority approved it as a
 * freeze override; emergency changes pass. `overridden` lists the freezes
 * an override let the change through.
 * @public
 */
export function checkChangeFreeze(input: {
  change: Pick<
    ChangeRecord,
    'type' | 'plannedStart' | 'plannedEnd' | 'approvals'
  >;
  to: string;
  freezeWindows: readonly FreezeWindow[];
  /** The moment of the move: a change without a window is judged then. */
  now: string;
}): ChangeFreezeCheck {
  const { change, to } = input;
  if (
    change.type === 'emergency' ||
    !(FREEZE_GUARDED_STATES as readonly string[]).includes(to)
  ) {
    return { ok: true, overridden: [] };
  }
  const freezes = overlappingFreezes(
    input.freezeWindows,
    change.plannedStart,
    change.plannedEnd,
    input.now,
  );
  if (freezes.length === 0) {
    return { ok: true, overridden: [] };
  }
  if (hasFreezeOverride(change)) {
    return { ok: true, overridden: freezes };
  }
  const verb = to === 'scheduled' ? 'scheduled' : 'implemented';
  return {
    ok: false,
    reason: 'conflict',
    freezes,
    message: `The planned window overlaps the change freeze ${freezes
      .map(describe)
      .join(', ')}: a ${
      change.type
    } change is not ${verb} in a freeze unless the change authority approves it as a freeze override; only emergency changes pass without one`,
  };
}

/** @public */
export type FreezeOverrideCheck =
  | { ok: true }
  | {
      ok: false;
      reason: 'illegal' | 'forbidden' | 'invalid';
      message: string;
    };

/**
 * Whether `actor` may approve a change as a freeze override: a yes by a
 * member of the change authority, never the requester, once per approver,
 * for a change with a planned window, while it waits for a decision
 * (`authorize`) or for its implementation (`scheduled`), or, for a standard
 * change, which never passes `authorize`, while it is `new`.
 * @public
 */
export function checkFreezeOverride(
  change: Pick<
    ChangeRecord,
    'type' | 'state' | 'requestedBy' | 'approvals' | 'plannedStart'
  >,
  actor: string,
  options: { decision: string; isChangeAuthority: boolean },
): FreezeOverrideCheck {
  if (options.decision !== 'approved') {
    return {
      ok: false,
      reason: 'invalid',
      message: 'A freeze override is an approval: its decision is approved',
    };
  }
  const open =
    change.state === 'authorize' ||
    change.state === 'scheduled' ||
    (change.type === 'standard' && change.state === 'new');
  if (!open) {
    return {
      ok: false,
      reason: 'illegal',
      message: `Cannot approve a freeze override on a ${change.type} change in "${change.state}"; it is given in "authorize" or "scheduled" (a standard change also in "new")`,
    };
  }
  if (!change.plannedStart) {
    return {
      ok: false,
      reason: 'illegal',
      message:
        'A freeze override is given for a planned window, and this change has none yet',
    };
  }
  if (!options.isChangeAuthority) {
    return {
      ok: false,
      reason: 'forbidden',
      message:
        'Only a member of the change authority approves a freeze override',
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
