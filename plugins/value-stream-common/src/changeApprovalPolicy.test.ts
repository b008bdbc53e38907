import {
  approvalRequirements,
  type ChangeApprovalPolicy,
  changeApprovalStatus,
  DEFAULT_CHANGE_APPROVAL_POLICY,
  describeMissingApprovals,
  isAskedToDecide,
  mayDecide,
} from './changeApprovalPolicy';
import { approval, change, REQUESTER } from './testUtils/records';
import type { Approval, ChangeType, RiskLevel } from './types';

const CAB = 'group:default/cab';
const ECAB = 'group:default/ecab';
const TEAM = 'group:default/checkout';

/** The example policy of the issue, with ECAB and owner approval. */
const POLICY: ChangeApprovalPolicy = {
  changeAuthority: CAB,
  riskLevels: {
    low: { approvals: 1, outsideTeam: 0 },
    medium: { approvals: 1, outsideTeam: 0 },
    high: { approvals: 2, outsideTeam: 1 },
    very_high: { approvals: 2, outsideTeam: 1 },
  },
  emergencyAuthority: ECAB,
  emergencyApprovals: 1,
  ownerApproval: false,
};

/** People and the groups they belong to. */
const PEOPLE: Record<string, string[]> = {
  'user:default/ann': [CAB],
  'user:default/ben': [CAB],
  'user:default/cat': [CAB, TEAM],
  'user:default/gus': [CAB, TEAM],
  'user:default/dan': [ECAB],
  'user:default/eve': [TEAM],
  'user:default/fay': [],
};

function approvedBy(...names: string[]): Approval[] {
  return names.map(name => ({
    ...approval('approved', `user:default/${name}`),
    approverGroups: PEOPLE[`user:default/${name}`],
  }));
}

function changeOf(
  type: ChangeType,
  riskLevel: RiskLevel | undefined,
  approvals: Approval[] = [],
) {
  return change({ type, riskLevel, state: 'authorize', approvals });
}

describe('approvalRequirements', () => {
  it.each<[string, ChangeType, RiskLevel | undefined, object[]]>([
    ['a standard change needs nobody', 'standard', 'low', []],
    [
      'a low-risk normal change: one from the change authority',
      'normal',
      'low',
      [{ id: 'authority', group: CAB, count: 1, outsideTeam: 0 }],
    ],
    [
      'a medium-risk normal change: one',
      'normal',
      'medium',
      [{ id: 'authority', group: CAB, count: 1, outsideTeam: 0 }],
    ],
    [
      'a high-risk normal change: two, one from outside the team',
      'normal',
      'high',
      [{ id: 'authority', group: CAB, count: 2, outsideTeam: 1 }],
    ],
    [
      'a very high-risk normal change: two, one from outside the team',
      'normal',
      'very_high',
      [{ id: 'authority', group: CAB, count: 2, outsideTeam: 1 }],
    ],
    [
      'a change without a score: as very high',
      'normal',
      undefined,
      [{ id: 'authority', group: CAB, count: 2, outsideTeam: 1 }],
    ],
    [
      'an emergency change: one from ECAB',
      'emergency',
      'low',
      [{ id: 'authority', group: ECAB, count: 1, outsideTeam: 0 }],
    ],
    [
      'a very high-risk emergency change: ECAB, from outside the team',
      'emergency',
      'very_high',
      [{ id: 'authority', group: ECAB, count: 1, outsideTeam: 1 }],
    ],
  ])('%s', (_, type, riskLevel, expected) => {
    expect(approvalRequirements(POLICY, { type, riskLevel }, TEAM)).toEqual(
      expected,
    );
  });

  it.each<[string, ChangeApprovalPolicy, ChangeType, object[]]>([
    [
      'the default policy: one from anyone allowed to approve',
      DEFAULT_CHANGE_APPROVAL_POLICY,
      'normal',
      [{ id: 'authority', count: 1, outsideTeam: 0 }],
    ],
    [
      'no ECAB: the change authority decides emergencies',
      { ...POLICY, emergencyAuthority: undefined },
      'emergency',
      [{ id: 'authority', group: CAB, count: 1, outsideTeam: 0 }],
    ],
    [
      'owner approval: the owning team too',
      { ...POLICY, ownerApproval: true },
      'normal',
      [
        { id: 'authority', group: CAB, count: 1, outsideTeam: 0 },
        { id: 'owner', group: TEAM, count: 1, outsideTeam: 0 },
      ],
    ],
    [
      'owner approval of an emergency change',
      { ...POLICY, ownerApproval: true },
      'emergency',
      [
        { id: 'authority', group: ECAB, count: 1, outsideTeam: 0 },
        { id: 'owner', group: TEAM, count: 1, outsideTeam: 0 },
      ],
    ],
  ])('%s', (_, policy, type, expected) => {
    expect(
      approvalRequirements(policy, { type, riskLevel: 'low' }, TEAM),
    ).toEqual(expected);
  });

  it('asks no owner approval of a service without an owner', () => {
    expect(
      approvalRequirements(
        { ...POLICY, ownerApproval: true },
        { type: 'normal', riskLevel: 'low' },
      ).map(r => r.id),
    ).toEqual(['authority']);
  });
});

describe('changeApprovalStatus', () => {
  it.each<
    [
      string,
      ChangeApprovalPolicy,
      ChangeType,
      RiskLevel,
      string[],
      boolean,
      string[],
    ]
  >([
    [
      'low, no approval yet',
      POLICY,
      'normal',
      'low',
      [],
      false,
      [`1 more approval from ${CAB}`],
    ],
    ['low, one board member', POLICY, 'normal', 'low', ['ann'], true, []],
    [
      'low, someone off the board does not count',
      POLICY,
      'normal',
      'low',
      ['fay'],
      false,
      [`1 more approval from ${CAB}`],
    ],
    [
      'high, none yet',
      POLICY,
      'normal',
      'high',
      [],
      false,
      [`2 more approvals from ${CAB}, at least 1 from outside ${TEAM}`],
    ],
    [
      'high, one from outside',
      POLICY,
      'normal',
      'high',
      ['ann'],
      false,
      [`1 more approval from ${CAB}`],
    ],
    [
      'high, one from inside the team',
      POLICY,
      'normal',
      'high',
      ['cat'],
      false,
      [`1 more approval from ${CAB}, from outside ${TEAM}`],
    ],
    [
      'high, inside and outside',
      POLICY,
      'normal',
      'high',
      ['cat', 'ann'],
      true,
      [],
    ],
    [
      'high, two from outside',
      POLICY,
      'normal',
      'high',
      ['ann', 'ben'],
      true,
      [],
    ],
    [
      'very high, board members only from inside: still one from outside',
      {
        ...POLICY,
        riskLevels: {
          ...POLICY.riskLevels,
          very_high: { approvals: 1, outsideTeam: 1 },
        },
      },
      'normal',
      'very_high',
      ['cat'],
      false,
      [`1 more approval from ${CAB}, from outside ${TEAM}`],
    ],
    [
      'emergency, a board member is not ECAB',
      POLICY,
      'emergency',
      'low',
      ['ann'],
      false,
      [`1 more approval from ${ECAB}`],
    ],
    [
      'emergency, an ECAB member',
      POLICY,
      'emergency',
      'low',
      ['dan'],
      true,
      [],
    ],
    [
      'owner approval, the board alone',
      { ...POLICY, ownerApproval: true },
      'normal',
      'low',
      ['ann'],
      false,
      [`1 more approval from the owner ${TEAM}`],
    ],
    [
      'owner approval, board and owner',
      { ...POLICY, ownerApproval: true },
      'normal',
      'low',
      ['ann', 'eve'],
      true,
      [],
    ],
    [
      'owner approval, a board member of the owning team meets both',
      { ...POLICY, ownerApproval: true },
      'normal',
      'low',
      ['cat'],
      true,
      [],
    ],
    [
      'the default policy, anyone',
      DEFAULT_CHANGE_APPROVAL_POLICY,
      'normal',
      'high',
      ['fay'],
      true,
      [],
    ],
    [
      'a standard change is pre-authorized',
      POLICY,
      'standard',
      'low',
      [],
      true,
      [],
    ],
  ])('%s', (_, policy, type, level, approvers, complete, missing) => {
    const status = changeApprovalStatus(
      policy,
      changeOf(type, level, approvedBy(...approvers)),
      TEAM,
    );
    expect(status.complete).toBe(complete);
    expect(describeMissingApprovals(status)).toEqual(missing);
    expect(status.preAuthorized).toBe(type === 'standard');
  });

  it('never counts the requester, and a rejection is final', () => {
    const own = changeApprovalStatus(
      POLICY,
      changeOf('normal', 'low', [
        { ...approval('approved', REQUESTER), approverGroups: [CAB] },
      ]),
      TEAM,
    );
    expect(own.complete).toBe(false);

    const rejected = changeApprovalStatus(
      POLICY,
      changeOf('normal', 'low', [
        ...approvedBy('ann'),
        { ...approval('rejected', 'user:default/ben'), approverGroups: [CAB] },
      ]),
      TEAM,
    );
    expect(rejected).toMatchObject({
      complete: false,
      rejectedBy: 'user:default/ben',
    });
    expect(describeMissingApprovals(rejected)).toEqual([
      'user:default/ben rejected it, and a rejection is final',
    ]);
  });

  it('counts approvals recorded without groups only where anyone counts', () => {
    const legacy = change({
      state: 'authorize',
      riskLevel: 'low',
      approvals: [approval('approved', 'user:default/ann')],
    });
    expect(
      changeApprovalStatus(DEFAULT_CHANGE_APPROVAL_POLICY, legacy, TEAM)
        .complete,
    ).toBe(true);
    expect(changeApprovalStatus(POLICY, legacy, TEAM).complete).toBe(false);
  });
});

describe('who is asked to decide', () => {
  it.each<
    [
      string,
      ChangeApprovalPolicy,
      ChangeType,
      RiskLevel,
      string[],
      string,
      boolean,
      boolean,
    ]
  >([
    // [case, policy, type, level, approved so far, person, may decide, asked]
    [
      'a board member on a fresh change',
      POLICY,
      'normal',
      'low',
      [],
      'ann',
      true,
      true,
    ],
    ['someone off the board', POLICY, 'normal', 'low', [], 'fay', false, false],
    [
      'a board member once it is approved',
      POLICY,
      'normal',
      'low',
      ['ann'],
      'ben',
      true,
      false,
    ],
    [
      'high: an inside member while two are missing',
      POLICY,
      'normal',
      'high',
      [],
      'cat',
      true,
      true,
    ],
    [
      'high: an inside member once an outside one approved',
      POLICY,
      'normal',
      'high',
      ['ben'],
      'cat',
      true,
      true,
    ],
    [
      'high: an inside member when the outside one is what is missing',
      POLICY,
      'normal',
      'high',
      ['gus'],
      'cat',
      true,
      false,
    ],
    [
      'high: an outside member when the outside one is missing',
      POLICY,
      'normal',
      'high',
      ['cat'],
      'ann',
      true,
      true,
    ],
    ['emergency: ECAB', POLICY, 'emergency', 'low', [], 'dan', true, true],
    [
      'emergency: the board is not ECAB',
      POLICY,
      'emergency',
      'low',
      [],
      'ann',
      false,
      false,
    ],
    [
      'owner approval: a team member',
      { ...POLICY, ownerApproval: true },
      'normal',
      'low',
      ['ann'],
      'eve',
      true,
      true,
    ],
    [
      'no owner approval: a team member',
      POLICY,
      'normal',
      'low',
      [],
      'eve',
      false,
      false,
    ],
    [
      'the default policy: anyone',
      DEFAULT_CHANGE_APPROVAL_POLICY,
      'normal',
      'very_high',
      [],
      'fay',
      true,
      true,
    ],
    [
      'a standard change: nobody',
      POLICY,
      'standard',
      'low',
      [],
      'ann',
      false,
      false,
    ],
  ])('%s', (_, policy, type, level, approvers, person, may, asked) => {
    const status = changeApprovalStatus(
      policy,
      changeOf(type, level, approvedBy(...approvers)),
      TEAM,
    );
    const ref = `user:default/${person}`;
    expect(mayDecide(status, ref, PEOPLE[ref])).toBe(may);
    expect(isAskedToDecide(status, ref, PEOPLE[ref])).toBe(asked);
  });

  it('asks nobody once a rejection is recorded', () => {
    const status = changeApprovalStatus(
      POLICY,
      changeOf('normal', 'high', [
        { ...approval('rejected', 'user:default/ben'), approverGroups: [CAB] },
      ]),
      TEAM,
    );
    expect(isAskedToDecide(status, 'user:default/ann', [CAB])).toBe(false);
    expect(mayDecide(status, 'user:default/ann', [CAB])).toBe(true);
  });
});
