import {
  APPROVER,
  NOW,
  REQUESTER,
  approval,
  change,
  deployment,
  incident,
  problem,
  release,
  serviceLevel,
} from '../testUtils';
import type { ChangeRecord, ChangeState, FieldChange } from '../types';
import { checkNewChange } from './changeEdits';
import { deploymentLifecycle } from './deployment';
import { checkEdit, type EditResult } from './edits';
import { applyEdit, fieldChanges } from './fieldChanges';
import { checkFieldOrder } from './fieldOrder';
import type { LifecycleRecords, LifecycleRecordType } from '.';

const window = {
  plannedStart: '2025-03-10T08:00:00.000Z',
  plannedEnd: '2025-03-10T10:00:00.000Z',
};
const approved = [approval('approved')];
const rejected = [approval('approved'), approval('rejected', 'user:default/b')];
const later = '2025-03-26T10:00:00.000Z';

/** What the table expects of an allowed edit. */
type Allowed = {
  fields: string[];
  voidsApprovals?: boolean;
  state?: string;
};

describe('checkEdit of a change', () => {
  it.each<[string, Partial<ChangeRecord>, Record<string, unknown>, Allowed]>([
    ['a title in new', {}, { title: 'Better title' }, { fields: ['title'] }],
    [
      'a window before any decision',
      { state: 'assess', ...window },
      { plannedEnd: later },
      { fields: ['plannedEnd'] },
    ],
    [
      'the same type (no change)',
      { type: 'normal' },
      { type: 'normal', title: 'Renamed' },
      { fields: ['title'] },
    ],
    [
      'a title after approval, keeping the approvals',
      { state: 'scheduled', approvals: approved, ...window },
      { title: 'Renamed' },
      { fields: ['title'] },
    ],
    [
      'the same window after approval (no change)',
      { state: 'scheduled', approvals: approved, ...window },
      { ...window },
      { fields: [] },
    ],
    [
      'a window after approval, voiding it',
      { state: 'scheduled', approvals: approved, ...window },
      { plannedEnd: later },
      { fields: ['plannedEnd'], voidsApprovals: true, state: 'authorize' },
    ],
    [
      'the scope after approval, voiding it',
      { state: 'authorize', approvals: approved },
      { description: 'Also migrate the replicas' },
      { fields: ['description'], voidsApprovals: true, state: 'authorize' },
    ],
    [
      'an emergency change being implemented',
      {
        type: 'emergency',
        state: 'implement',
        approvals: approved,
        ...window,
      },
      { plannedStart: '2025-03-10T07:00:00.000Z' },
      { fields: ['plannedStart'], voidsApprovals: true, state: 'authorize' },
    ],
    [
      'a title after a rejection',
      { state: 'authorize', approvals: rejected },
      { title: 'Renamed' },
      { fields: ['title'] },
    ],
    [
      'clearing the window before a decision',
      { state: 'new', ...window },
      { plannedStart: null, plannedEnd: null },
      { fields: ['plannedStart', 'plannedEnd'] },
    ],
  ])('allows %s', (_, fields, patch, expected) => {
    const result = checkEdit('change', change(fields), patch);
    expect(result).toMatchObject({
      ok: true,
      voidsApprovals: expected.voidsApprovals ?? false,
    });
    const ok = result as Extract<EditResult, { ok: true }>;
    expect(ok.changes.map(c => c.field)).toEqual(expected.fields);
    expect(ok.state).toBe(expected.state);
    // A voiding edit says why in the history; any other says nothing.
    expect(ok.note ?? '').toMatch(
      expected.voidsApprovals ? /^Approvals voided: .* changed after/ : /^$/,
    );
  });

  it.each<
    [string, Partial<ChangeRecord>, Record<string, unknown>, string, RegExp]
  >([
    ...(['closed', 'rejected', 'cancelled', 'failed'] as ChangeState[]).map(
      (
        state,
      ): [
        string,
        Partial<ChangeRecord>,
        Record<string, unknown>,
        string,
        RegExp,
      ] => [
        `any edit of a ${state} change`,
        { state },
        { title: 'Renamed' },
        'illegal',
        new RegExp(
          `^Cannot edit a change in "${state}": a closed change is immutable$`,
        ),
      ],
    ),
    [
      'retyping a new change',
      {},
      { type: 'emergency' },
      'illegal',
      /^A change's type is fixed at creation: this change is normal; raise a new emergency change instead$/,
    ],
    [
      'retyping to standard after a rejection',
      { state: 'authorize', approvals: rejected },
      { type: 'standard' },
      'illegal',
      /type is fixed at creation/,
    ],
    [
      'moving the target entity',
      {},
      { entityRef: 'component:default/other' },
      'illegal',
      /^Cannot change entityRef of a change/,
    ],
    [
      'a window after a rejection',
      { state: 'authorize', approvals: rejected, ...window },
      { plannedEnd: later },
      'illegal',
      /^Cannot change plannedEnd: user:default\/b rejected this change, and a rejection is final/,
    ],
    [
      'an end before the stored start',
      { ...window },
      { plannedEnd: '2025-03-10T07:00:00.000Z' },
      'invalid',
      /^plannedEnd: Must be after plannedStart \(2025-03-10T08:00:00.000Z\)$/,
    ],
    [
      'a start after the stored end',
      { ...window },
      { plannedStart: '2025-03-10T11:00:00.000Z' },
      'invalid',
      /^plannedEnd: Must be after plannedStart \(2025-03-10T11:00:00.000Z\)$/,
    ],
    [
      'a start equal to the stored end',
      { ...window },
      { plannedStart: window.plannedEnd },
      'invalid',
      /^plannedEnd: Must be after plannedStart/,
    ],
  ])('refuses %s', (_, fields, patch, reason, message) => {
    const result = checkEdit('change', change(fields), patch);
    expect(result).toMatchObject({ ok: false, reason });
    expect((result as { message: string }).message).toMatch(message);
  });

  it('names the bad field of an invalid edit', () => {
    expect(
      checkEdit('change', change(window), {
        plannedEnd: '2025-03-10T07:00:00.000Z',
      }),
    ).toEqual({
      ok: false,
      reason: 'invalid',
      message:
        'plannedEnd: Must be after plannedStart (2025-03-10T08:00:00.000Z)',
      fields: [
        {
          path: 'plannedEnd',
          message: 'Must be after plannedStart (2025-03-10T08:00:00.000Z)',
        },
      ],
    });
  });

  it('refuses a closed change before judging its fields', () => {
    expect(
      checkEdit('change', change({ state: 'cancelled', ...window }), {
        plannedEnd: '2025-03-10T07:00:00.000Z',
      }),
    ).toMatchObject({ ok: false, reason: 'illegal' });
  });
});

describe('checkEdit of the other records', () => {
  it.each<
    [
      string,
      LifecycleRecordType,
      LifecycleRecords[LifecycleRecordType],
      Record<string, unknown>,
      Partial<EditResult>,
    ]
  >([
    [
      'a deployment finish after its stored start',
      'deployment',
      deployment({ startedAt: '2025-03-10T08:00:00.000Z' }),
      { finishedAt: '2025-03-10T08:05:00.000Z' },
      { ok: true },
    ],
    [
      'a deployment finish at its stored start',
      'deployment',
      deployment({ startedAt: '2025-03-10T08:00:00.000Z' }),
      { finishedAt: '2025-03-10T08:00:00.000Z' },
      { ok: true },
    ],
    [
      'a deployment finish before its stored start',
      'deployment',
      deployment({ startedAt: '2025-03-10T08:00:00.000Z' }),
      { finishedAt: '2025-03-10T07:59:00.000Z' },
      { ok: false, reason: 'invalid' },
    ],
    [
      'a deployment start after its stored finish',
      'deployment',
      deployment({
        startedAt: '2025-03-10T08:00:00.000Z',
        finishedAt: '2025-03-10T08:05:00.000Z',
      }),
      { startedAt: '2025-03-10T09:00:00.000Z' },
      { ok: false, reason: 'invalid' },
    ],
    [
      'a deployment version when its stored pair is out of order',
      'deployment',
      deployment({
        startedAt: '2025-03-10T09:00:00.000Z',
        finishedAt: '2025-03-10T08:05:00.000Z',
      }),
      { deployedVersion: '1.0.1' },
      { ok: true },
    ],
    [
      'the name of an agreed service level',
      'serviceLevel',
      serviceLevel({ state: 'agreed' }),
      { name: 'Platinum' },
      { ok: true },
    ],
    [
      'the target of an agreed service level',
      'serviceLevel',
      serviceLevel({ state: 'agreed' }),
      { availabilityTarget: 99 },
      {
        ok: false,
        reason: 'illegal',
        message:
          'Cannot change availabilityTarget of an agreed service level; retire it and propose a new one',
      },
    ],
    [
      'the same target of an agreed service level',
      'serviceLevel',
      serviceLevel({ state: 'agreed' }),
      { availabilityTarget: 99.9 },
      { ok: true },
    ],
    [
      'the target of a draft service level',
      'serviceLevel',
      serviceLevel(),
      { availabilityTarget: 99 },
      { ok: true },
    ],
    [
      'an incident title',
      'incident',
      incident(),
      { title: 'Slow' },
      { ok: true },
    ],
    [
      'a problem root cause',
      'problem',
      problem(),
      { rootCause: 'A pool too small' },
      { ok: true },
    ],
    ['a release tag', 'release', release(), { gitTag: 'v1.0.0' }, { ok: true }],
  ])('%s', (_, type, record, patch, expected) => {
    expect(checkEdit(type, record, patch)).toMatchObject(expected);
  });

  it('records every changed field of any record with before and after', () => {
    const result = checkEdit('incident', incident({ assignee: APPROVER }), {
      title: 'Slow',
      description: '500s',
      assignee: null,
      knowledgeLinks: ['https://wiki.example.com/runbook'],
    });
    expect(result).toEqual({
      ok: true,
      voidsApprovals: false,
      changes: [
        { field: 'title', before: 'Down', after: 'Slow' },
        { field: 'assignee', before: APPROVER, after: null },
        {
          field: 'knowledgeLinks',
          before: [],
          after: ['https://wiki.example.com/runbook'],
        },
      ],
    });
  });
});

describe('fieldChanges', () => {
  it.each<
    [string, Record<string, unknown>, Record<string, unknown>, FieldChange[]]
  >([
    ['nothing for undefined', { a: 1 }, { a: undefined }, []],
    ['nothing for an equal value', { a: 'x' }, { a: 'x' }, []],
    [
      'nothing for an equal object in another key order',
      { t: { a: 1, b: 2 } },
      { t: { b: 2, a: 1 } },
      [],
    ],
    ['a set field', {}, { a: 'x' }, [{ field: 'a', before: null, after: 'x' }]],
    [
      'a cleared field',
      { a: 'x' },
      { a: null },
      [{ field: 'a', before: 'x', after: null }],
    ],
    [
      'a changed list',
      { l: [1, 2] },
      { l: [1, 3] },
      [{ field: 'l', before: [1, 2], after: [1, 3] }],
    ],
    [
      'not the bookkeeping or derived detail',
      { version: 1 },
      { version: 2, sla: {}, riskFactors: [], approvals: [] },
      [],
    ],
  ])('finds %s', (_, record, patch, expected) => {
    expect(fieldChanges(record, patch)).toEqual(expected);
  });

  it('applies an edit: undefined keeps, null clears', () => {
    expect(
      applyEdit({ a: 1, b: 2, c: 3 }, { a: undefined, b: null, c: 4 }),
    ).toEqual({
      a: 1,
      c: 4,
    });
  });
});

describe('checkFieldOrder', () => {
  it.each<
    [
      string,
      LifecycleRecordType,
      Record<string, unknown>,
      string[] | undefined,
      string[],
    ]
  >([
    ['an ordered window', 'change', window, undefined, []],
    [
      'half a window',
      'change',
      { plannedStart: window.plannedEnd },
      undefined,
      [],
    ],
    [
      'a reversed window',
      'change',
      { plannedStart: window.plannedEnd, plannedEnd: window.plannedStart },
      undefined,
      ['plannedEnd'],
    ],
    [
      'a reversed window the edit left alone',
      'change',
      { plannedStart: window.plannedEnd, plannedEnd: window.plannedStart },
      ['title'],
      [],
    ],
    [
      'a run that ends as it starts',
      'deployment',
      { startedAt: NOW, finishedAt: NOW },
      undefined,
      [],
    ],
    [
      'a run that ends before it starts',
      'deployment',
      { startedAt: NOW, finishedAt: '2025-03-03T09:00:00.000Z' },
      undefined,
      ['finishedAt'],
    ],
    ['an incident (no pairs)', 'incident', { title: 'x' }, undefined, []],
  ])('%s', (_, type, record, touched, paths) => {
    expect(checkFieldOrder(type, record, touched).map(p => p.path)).toEqual(
      paths,
    );
  });
});

describe('checkNewChange', () => {
  const context = { entity: { kind: 'component' }, now: NOW };

  it.each(['normal', 'emergency'] as const)(
    'opens a %s change without a model',
    type => {
      expect(checkNewChange({ type }, context)).toEqual({ ok: true });
    },
  );

  it('refuses a standard change that names no model, naming the field', () => {
    expect(checkNewChange({ type: 'standard' }, context)).toMatchObject({
      ok: false,
      reason: 'invalid',
      fields: [{ path: 'standardChangeModelId' }],
    });
  });
});

describe('deployment transitions keep the run in order', () => {
  const ctx = { actor: REQUESTER, now: NOW };

  it.each<[string, Parameters<typeof deployment>[0], string, boolean]>([
    [
      'finishing a run started before now',
      { startedAt: '2025-03-03T09:00:00.000Z' },
      'success',
      true,
    ],
    ['finishing a run with no start', {}, 'failure', true],
    ['starting a run', {}, 'in_progress', true],
    [
      'finishing a run that starts after now',
      { startedAt: '2025-03-03T11:00:00.000Z' },
      'success',
      false,
    ],
    [
      'finishing a run that starts later but has its finish',
      {
        startedAt: '2025-03-03T11:00:00.000Z',
        finishedAt: '2025-03-03T12:00:00.000Z',
      },
      'success',
      true,
    ],
  ])('%s', (_, fields, to, ok) => {
    const result = deploymentLifecycle.checkTransition(
      deployment(fields),
      to,
      ctx,
    );
    expect(result.ok).toBe(ok);
    expect((result as { message?: string }).message ?? '').toMatch(
      ok ? /^$/ : /: it would finish .* before it started/,
    );
  });
});
