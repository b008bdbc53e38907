import { APPROVER, NOW, REQUESTER, approval, change } from '../testUtils';
import type { ChangeRecord } from '../types';
import { changeLifecycle, checkApproval, isAwaitingApprovalBy } from './change';
import type { TransitionContext } from './defineLifecycle';

const ctx: TransitionContext = { actor: APPROVER, now: NOW };
const window = {
  plannedStart: '2025-03-10T08:00:00.000Z',
  plannedEnd: '2025-03-10T10:00:00.000Z',
};
const approved = [approval('approved')];

describe('changeLifecycle', () => {
  it.each<[string, Partial<ChangeRecord>, string, TransitionContext['input']]>([
    ['new -> assess', { state: 'new' }, 'assess', undefined],
    ['new -> cancelled', { state: 'new' }, 'cancelled', undefined],
    ['assess -> authorize', { state: 'assess' }, 'authorize', undefined],
    ['assess -> rejected', { state: 'assess' }, 'rejected', undefined],
    [
      'authorize -> scheduled (approved, window on record)',
      { state: 'authorize', approvals: approved, ...window },
      'scheduled',
      undefined,
    ],
    [
      'standard authorize -> scheduled (window in input)',
      { type: 'standard', state: 'authorize' },
      'scheduled',
      window,
    ],
    [
      'authorize -> scheduled (approved, the decided window repeated)',
      { state: 'authorize', approvals: approved, ...window },
      'scheduled',
      window,
    ],
    ['authorize -> rejected', { state: 'authorize' }, 'rejected', undefined],
    ['authorize -> cancelled', { state: 'authorize' }, 'cancelled', undefined],
    ['scheduled -> implement', { state: 'scheduled' }, 'implement', undefined],
    ['scheduled -> cancelled', { state: 'scheduled' }, 'cancelled', undefined],
    ['implement -> review', { state: 'implement' }, 'review', undefined],
    [
      'implement -> failed with a note',
      { state: 'implement' },
      'failed',
      { note: 'rolled back' },
    ],
    ['review -> closed', { state: 'review' }, 'closed', undefined],
    [
      'review -> failed with a note',
      { state: 'review' },
      'failed',
      { note: 'broke later' },
    ],
    [
      'standard new -> scheduled without approval',
      { type: 'standard', ...window },
      'scheduled',
      undefined,
    ],
    [
      'standard authorize -> scheduled without approval',
      { type: 'standard', state: 'authorize', ...window },
      'scheduled',
      undefined,
    ],
    [
      'emergency authorize -> implement approved',
      { type: 'emergency', state: 'authorize', approvals: approved },
      'implement',
      undefined,
    ],
    [
      'emergency authorize -> scheduled approved',
      { type: 'emergency', state: 'authorize', approvals: approved, ...window },
      'scheduled',
      undefined,
    ],
  ])('allows %s', (_, fields, to, input) => {
    const result = changeLifecycle.checkTransition(change(fields), to, {
      ...ctx,
      input,
    });
    expect(result).toMatchObject({ ok: true, patch: { state: to } });
  });

  it.each<
    [
      string,
      Partial<ChangeRecord>,
      string,
      TransitionContext['input'],
      string,
      string,
    ]
  >([
    [
      'normal new -> scheduled',
      {},
      'scheduled',
      window,
      'illegal',
      'Cannot move change from "new" to "scheduled"; allowed: assess, cancelled',
    ],
    [
      'emergency new -> scheduled',
      { type: 'emergency' },
      'scheduled',
      window,
      'illegal',
      'Cannot move change from "new" to "scheduled"; allowed: assess, cancelled',
    ],
    [
      'standard new -> implement',
      { type: 'standard' },
      'implement',
      undefined,
      'illegal',
      'Cannot move change from "new" to "implement"; allowed: assess, scheduled, cancelled',
    ],
    [
      'normal authorize -> implement',
      { state: 'authorize', approvals: approved },
      'implement',
      undefined,
      'illegal',
      'Cannot move change from "authorize" to "implement"; allowed: scheduled, rejected, cancelled',
    ],
    [
      'closed -> review',
      { state: 'closed' },
      'review',
      undefined,
      'illegal',
      'Cannot move change from "closed" to "review"; allowed: none',
    ],
    [
      'implement -> cancelled',
      { state: 'implement' },
      'cancelled',
      undefined,
      'illegal',
      'Cannot move change from "implement" to "cancelled"; allowed: review, failed',
    ],
    [
      'new -> bogus',
      {},
      'bogus',
      undefined,
      'illegal',
      'Cannot move change from "new" to "bogus"; allowed: assess, cancelled',
    ],
    [
      'normal scheduled without approval',
      { state: 'authorize', ...window },
      'scheduled',
      undefined,
      'requirement',
      'Cannot move change from "authorize" to "scheduled": a normal change needs at least one approval',
    ],
    [
      'normal scheduled with a rejection',
      {
        state: 'authorize',
        approvals: [
          approval('approved'),
          approval('rejected', 'user:default/other'),
        ],
        ...window,
      },
      'scheduled',
      undefined,
      'requirement',
      'Cannot move change from "authorize" to "scheduled": an approver rejected it, and a rejection is final',
    ],
    [
      'standard scheduled with a rejection',
      {
        type: 'standard',
        state: 'authorize',
        approvals: [approval('rejected')],
        ...window,
      },
      'scheduled',
      undefined,
      'requirement',
      'Cannot move change from "authorize" to "scheduled": an approver rejected it, and a rejection is final',
    ],
    [
      'emergency implement with a rejection',
      {
        type: 'emergency',
        state: 'authorize',
        approvals: [approval('approved'), approval('rejected', REQUESTER)],
      },
      'implement',
      undefined,
      'requirement',
      'Cannot move change from "authorize" to "implement": an approver rejected it, and a rejection is final',
    ],
    [
      'approved, moving the decided window at scheduling',
      { state: 'authorize', approvals: approved, ...window },
      'scheduled',
      { plannedEnd: '2025-03-26T10:00:00.000Z' },
      'requirement',
      'Cannot move change from "authorize" to "scheduled": the approvers decided on the planned window as it is, so scheduling cannot set plannedEnd; edit the change to move its window, which asks for approval again',
    ],
    [
      'approved without a window, setting one at scheduling',
      { state: 'authorize', approvals: approved },
      'scheduled',
      window,
      'requirement',
      'Cannot move change from "authorize" to "scheduled": the approvers decided on the planned window as it is, so scheduling cannot set plannedStart or plannedEnd; edit the change to move its window, which asks for approval again',
    ],
    [
      'scheduled without window',
      { state: 'authorize', approvals: approved },
      'scheduled',
      undefined,
      'requirement',
      'Cannot move change from "authorize" to "scheduled": a planned window (plannedStart and plannedEnd) is required',
    ],
    [
      'scheduled with half a window',
      {
        state: 'authorize',
        approvals: approved,
        plannedStart: window.plannedStart,
      },
      'scheduled',
      undefined,
      'requirement',
      'Cannot move change from "authorize" to "scheduled": a planned window (plannedStart and plannedEnd) is required',
    ],
    [
      'scheduled with a reversed window',
      { type: 'standard', state: 'authorize' },
      'scheduled',
      { plannedStart: window.plannedEnd, plannedEnd: window.plannedStart },
      'requirement',
      'Cannot move change from "authorize" to "scheduled": plannedStart must be before plannedEnd',
    ],
    [
      'input window overriding a good record window badly',
      { type: 'standard', state: 'authorize', ...window },
      'scheduled',
      { plannedEnd: '2025-03-10T07:00:00.000Z' },
      'requirement',
      'Cannot move change from "authorize" to "scheduled": plannedStart must be before plannedEnd',
    ],
    [
      'scheduled with nothing',
      { state: 'authorize' },
      'scheduled',
      undefined,
      'requirement',
      'Cannot move change from "authorize" to "scheduled": a planned window (plannedStart and plannedEnd) is required; a normal change needs at least one approval',
    ],
    [
      'emergency implement without approval',
      { type: 'emergency', state: 'authorize' },
      'implement',
      undefined,
      'requirement',
      'Cannot move change from "authorize" to "implement": an emergency change needs at least one approval',
    ],
    [
      'standard new -> scheduled without window',
      { type: 'standard' },
      'scheduled',
      undefined,
      'requirement',
      'Cannot move change from "new" to "scheduled": a planned window (plannedStart and plannedEnd) is required',
    ],
    [
      'failed without a note',
      { state: 'implement' },
      'failed',
      undefined,
      'requirement',
      'Cannot move change from "implement" to "failed": a note saying what went wrong is required',
    ],
  ])('refuses %s', (_, fields, to, input, reason, message) => {
    expect(
      changeLifecycle.checkTransition(change(fields), to, { ...ctx, input }),
    ).toEqual({
      ok: false,
      reason,
      message,
    });
  });

  it('copies the planned window of the request into the patch', () => {
    const result = changeLifecycle.checkTransition(
      change({ type: 'standard', state: 'authorize' }),
      'scheduled',
      { ...ctx, input: window },
    );
    expect(result).toEqual({
      ok: true,
      patch: { state: 'scheduled', ...window },
    });
  });

  it.each<[Partial<ChangeRecord>, string[]]>([
    [{}, ['assess', 'cancelled']],
    [{ type: 'standard' }, ['assess', 'scheduled', 'cancelled']],
    [{ state: 'authorize' }, ['scheduled', 'rejected', 'cancelled']],
    [
      { state: 'authorize', type: 'emergency' },
      ['scheduled', 'implement', 'rejected', 'cancelled'],
    ],
    [{ state: 'failed' }, []],
  ])('allows from %j: %j', (fields, expected) => {
    expect(changeLifecycle.allowedTransitions(change(fields))).toEqual(
      expected,
    );
  });
});

describe('checkApproval', () => {
  it.each<[string, Partial<ChangeRecord>, string, unknown]>([
    [
      'an approver in authorize',
      { state: 'authorize' },
      APPROVER,
      { ok: true },
    ],
    [
      'a second approver',
      { state: 'authorize', approvals: approved },
      'user:default/second',
      { ok: true },
    ],
    [
      'the requester',
      { state: 'authorize' },
      REQUESTER,
      {
        ok: false,
        reason: 'forbidden',
        message: 'Nobody approves a change they requested',
      },
    ],
    [
      'the requester in other case',
      { state: 'authorize' },
      'User:default/Requester',
      {
        ok: false,
        reason: 'forbidden',
        message: 'Nobody approves a change they requested',
      },
    ],
    [
      'an approver deciding twice',
      { state: 'authorize', approvals: approved },
      APPROVER,
      {
        ok: false,
        reason: 'illegal',
        message: 'user:default/approver has already decided on this change',
      },
    ],
    [
      'a change in assess',
      { state: 'assess' },
      APPROVER,
      {
        ok: false,
        reason: 'illegal',
        message:
          'Cannot decide on a change in "assess"; approvals are taken in "authorize"',
      },
    ],
    [
      'a scheduled change',
      { state: 'scheduled' },
      APPROVER,
      {
        ok: false,
        reason: 'illegal',
        message:
          'Cannot decide on a change in "scheduled"; approvals are taken in "authorize"',
      },
    ],
  ])('judges %s', (_, fields, actor, expected) => {
    expect(checkApproval(change(fields), actor)).toEqual(expected);
  });

  it.each<[Partial<ChangeRecord>, string, boolean]>([
    [{ state: 'authorize' }, APPROVER, true],
    [{ state: 'authorize' }, REQUESTER, false],
    [{ state: 'authorize', approvals: approved }, APPROVER, false],
    [{ state: 'assess' }, APPROVER, false],
  ])('isAwaitingApprovalBy %j %s is %s', (fields, actor, expected) => {
    expect(isAwaitingApprovalBy(change(fields), actor)).toBe(expected);
  });
});
