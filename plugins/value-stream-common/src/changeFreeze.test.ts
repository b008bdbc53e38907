import {
  checkChangeFreeze,
  checkFreezeOverride,
  overlappingFreezes,
} from './changeFreeze';
import { approval, change, REQUESTER } from './testUtils/records';
import type { ChangeRecord, ChangeState, ChangeType } from './types';

const freeze = {
  reason: 'Year-end freeze',
  start: '2030-12-20T00:00:00.000Z',
  end: '2031-01-04T00:00:00.000Z',
};
const audit = {
  reason: 'Audit',
  start: '2030-12-31T00:00:00.000Z',
  end: '2031-01-01T00:00:00.000Z',
};
const IN_FREEZE = {
  plannedStart: '2030-12-22T10:00:00.000Z',
  plannedEnd: '2030-12-22T11:00:00.000Z',
};
const BEFORE = {
  plannedStart: '2030-12-19T10:00:00.000Z',
  plannedEnd: '2030-12-19T11:00:00.000Z',
};
const NOW = '2030-12-01T00:00:00.000Z';
const override = { ...approval('approved'), freezeOverride: true };

describe('overlappingFreezes', () => {
  it.each<[string, string | undefined, string | undefined, string[]]>([
    [
      'inside one freeze',
      IN_FREEZE.plannedStart,
      IN_FREEZE.plannedEnd,
      ['Year-end freeze'],
    ],
    [
      'inside two',
      '2030-12-31T10:00:00.000Z',
      '2030-12-31T11:00:00.000Z',
      ['Year-end freeze', 'Audit'],
    ],
    [
      'across the start',
      '2030-12-19T23:00:00.000Z',
      '2030-12-20T01:00:00.000Z',
      ['Year-end freeze'],
    ],
    [
      'ending as it starts',
      '2030-12-19T23:00:00.000Z',
      '2030-12-20T00:00:00.000Z',
      [],
    ],
    [
      'starting as it ends',
      '2031-01-04T00:00:00.000Z',
      '2031-01-04T01:00:00.000Z',
      [],
    ],
    [
      'a start alone, inside',
      IN_FREEZE.plannedStart,
      undefined,
      ['Year-end freeze'],
    ],
    ['before it', BEFORE.plannedStart, BEFORE.plannedEnd, []],
    ['no window, judged now (outside)', undefined, undefined, []],
  ])('%s', (_, start, end, names) => {
    expect(
      overlappingFreezes([freeze, audit], start, end, NOW).map(f => f.reason),
    ).toEqual(names);
  });

  it('judges a change without a window at the fallback moment', () => {
    expect(
      overlappingFreezes(
        [freeze],
        undefined,
        undefined,
        IN_FREEZE.plannedStart,
      ),
    ).toEqual([freeze]);
  });
});

describe('checkChangeFreeze', () => {
  const check = (
    type: ChangeType,
    to: ChangeState,
    fields: Partial<ChangeRecord> = IN_FREEZE,
  ) =>
    checkChangeFreeze({
      change: change({ type, ...fields }),
      to,
      freezeWindows: [freeze],
      now: NOW,
    });

  it.each<[ChangeType, ChangeState, Partial<ChangeRecord>, boolean]>([
    ['normal', 'scheduled', IN_FREEZE, false],
    ['normal', 'implement', IN_FREEZE, false],
    ['standard', 'scheduled', IN_FREEZE, false],
    ['standard', 'implement', IN_FREEZE, false],
    ['emergency', 'scheduled', IN_FREEZE, true],
    ['emergency', 'implement', IN_FREEZE, true],
    ['normal', 'assess', IN_FREEZE, true],
    ['normal', 'authorize', IN_FREEZE, true],
    ['normal', 'cancelled', IN_FREEZE, true],
    ['normal', 'review', IN_FREEZE, true],
    ['normal', 'scheduled', BEFORE, true],
    [
      'normal',
      'scheduled',
      { ...IN_FREEZE, approvals: [approval('approved')] },
      false,
    ],
    ['normal', 'scheduled', { ...IN_FREEZE, approvals: [override] }, true],
    ['standard', 'implement', { ...IN_FREEZE, approvals: [override] }, true],
    [
      'normal',
      'scheduled',
      { ...IN_FREEZE, approvals: [{ ...override, decision: 'rejected' }] },
      false,
    ],
  ])('a %s change moving to %s (%#) passes: %s', (type, to, fields, ok) => {
    expect(check(type, to, fields).ok).toBe(ok);
  });

  it('names the freeze in its refusal, and the override it took', () => {
    const refused = check('normal', 'scheduled');
    expect(refused).toEqual({
      ok: false,
      reason: 'conflict',
      freezes: [freeze],
      message:
        'The planned window overlaps the change freeze "Year-end freeze" (2030-12-20T00:00:00.000Z to 2031-01-04T00:00:00.000Z): a normal change is not scheduled in a freeze unless the change authority approves it as a freeze override; only emergency changes pass without one',
    });
    expect(
      check('normal', 'scheduled', { ...IN_FREEZE, approvals: [override] }),
    ).toEqual({ ok: true, overridden: [freeze] });
  });
});

describe('checkFreezeOverride', () => {
  const CAB = 'user:default/cab-member';
  const allowed = (
    fields: Partial<ChangeRecord>,
    options: Partial<{ decision: string; isChangeAuthority: boolean }> = {},
    actor = CAB,
  ) =>
    checkFreezeOverride(change({ ...IN_FREEZE, ...fields }), actor, {
      decision: 'approved',
      isChangeAuthority: true,
      ...options,
    });

  it.each<[string, Partial<ChangeRecord>, object, string, string | true]>([
    ['a normal change in authorize', { state: 'authorize' }, {}, CAB, true],
    ['a normal change in scheduled', { state: 'scheduled' }, {}, CAB, true],
    [
      'a standard change in new',
      { type: 'standard', state: 'new' },
      {},
      CAB,
      true,
    ],
    ['a normal change in new', { state: 'new' }, {}, CAB, 'illegal'],
    ['a change in implement', { state: 'implement' }, {}, CAB, 'illegal'],
    [
      'a change without a window',
      {
        type: 'standard',
        state: 'new',
        plannedStart: undefined,
        plannedEnd: undefined,
      },
      {},
      CAB,
      'illegal',
    ],
    [
      'a rejection',
      { state: 'authorize' },
      { decision: 'rejected' },
      CAB,
      'invalid',
    ],
    [
      'someone outside the change authority',
      { state: 'authorize' },
      { isChangeAuthority: false },
      CAB,
      'forbidden',
    ],
    ['the requester', { state: 'authorize' }, {}, REQUESTER, 'forbidden'],
    [
      'a second decision',
      { state: 'authorize', approvals: [approval('approved', CAB)] },
      {},
      CAB,
      'illegal',
    ],
  ])('%s', (_, fields, options, actor, expected) => {
    const result = allowed(fields, options, actor);
    expect(result.ok ? true : result.reason).toBe(expected);
  });
});
