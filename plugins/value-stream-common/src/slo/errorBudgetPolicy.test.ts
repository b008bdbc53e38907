import type { Approval } from '../types';
import {
  checkErrorBudgetPolicy,
  exhaustedErrorBudgets,
} from './errorBudgetPolicy';

const SPENT = [{ name: 'checkout-latency', remainingBudget: -0.25 }];
const override: Approval = {
  id: 'a1',
  changeId: 'c1',
  approver: 'user:default/cab',
  decision: 'approved',
  freezeOverride: true,
  at: '2026-03-01T00:00:00Z',
};
const plain: Approval = { ...override, freezeOverride: false };

describe('exhaustedErrorBudgets', () => {
  it('keeps the measured or last-measured SLOs with no budget left', () => {
    expect(
      exhaustedErrorBudgets([
        { name: 'a', state: 'ok', remainingBudget: 0 },
        { name: 'b', state: 'stale', remainingBudget: -1 },
        { name: 'c', state: 'ok', remainingBudget: 0.01 },
        { name: 'd', state: 'no-source' },
        { name: 'e', state: 'pending' },
        { name: 'f', state: 'ok' },
      ]),
    ).toEqual([
      { name: 'a', remainingBudget: 0 },
      { name: 'b', remainingBudget: -1 },
    ]);
  });
});

describe('checkErrorBudgetPolicy', () => {
  it.each<[string, Parameters<typeof checkErrorBudgetPolicy>[0], boolean]>([
    [
      'policy off',
      {
        change: { type: 'normal', approvals: [] },
        to: 'scheduled',
        exhausted: SPENT,
        requireOverride: false,
      },
      true,
    ],
    [
      'no spent budget',
      {
        change: { type: 'normal', approvals: [] },
        to: 'scheduled',
        exhausted: [],
        requireOverride: true,
      },
      true,
    ],
    [
      'a standard change',
      {
        change: { type: 'standard', approvals: [] },
        to: 'scheduled',
        exhausted: SPENT,
        requireOverride: true,
      },
      true,
    ],
    [
      'an emergency change',
      {
        change: { type: 'emergency', approvals: [] },
        to: 'scheduled',
        exhausted: SPENT,
        requireOverride: true,
      },
      true,
    ],
    [
      'another move',
      {
        change: { type: 'normal', approvals: [] },
        to: 'authorize',
        exhausted: SPENT,
        requireOverride: true,
      },
      true,
    ],
    [
      'a plain approval only',
      {
        change: { type: 'normal', approvals: [plain] },
        to: 'scheduled',
        exhausted: SPENT,
        requireOverride: true,
      },
      false,
    ],
    [
      'no approval',
      {
        change: { type: 'normal', approvals: [] },
        to: 'scheduled',
        exhausted: SPENT,
        requireOverride: true,
      },
      false,
    ],
    [
      'the override',
      {
        change: { type: 'normal', approvals: [override] },
        to: 'scheduled',
        exhausted: SPENT,
        requireOverride: true,
      },
      true,
    ],
  ])('%s: ok is %s', (_, input, ok) => {
    expect(checkErrorBudgetPolicy(input).ok).toBe(ok);
  });

  it('names the spent budgets and the way through', () => {
    expect(
      checkErrorBudgetPolicy({
        change: { type: 'normal', approvals: [] },
        to: 'scheduled',
        exhausted: SPENT,
        requireOverride: true,
      }),
    ).toEqual({
      ok: false,
      reason: 'conflict',
      message:
        'The service has spent the error budget of checkout-latency (-25 %): under the error budget policy a normal change is not scheduled unless the change authority approves it as an override (freezeOverride)',
    });
    expect(
      checkErrorBudgetPolicy({
        change: { type: 'normal', approvals: [override] },
        to: 'scheduled',
        exhausted: SPENT,
        requireOverride: true,
      }),
    ).toEqual({ ok: true, overridden: SPENT });
  });
});
