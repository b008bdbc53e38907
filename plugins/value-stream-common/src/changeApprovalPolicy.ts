import { sameRef } from './entityRefs';
import type { ChangeRecord, RiskLevel } from './types';
import { RISK_LEVELS } from './types';

/*
 * Who has to decide on a change before it may be scheduled: the approval
 * policy (`valueStream.changeApproval`), the requirements it sets for one
 * change, and how far the decisions taken meet them. The backend enforces
 * the answers; the frontend shows them.
 */

/**
 * The approvals a change of one risk level needs from its authority.
 * @public
 */
export interface RiskLevelApprovals {
  /** How many approvals, from different approvers. */
  approvals: number;
  /**
   * How many of them come from approvers outside the requesting team (the
   * owner of the changed service). At most `approvals`.
   */
  outsideTeam: number;
}

/**
 * The approval policy of changes.
 * @public
 */
export interface ChangeApprovalPolicy {
  /**
   * The group whose members' approvals count for normal changes (the change
   * authority). Absent: any approver the permission policy allows counts,
   * which is how the suite behaved before the policy existed.
   */
  changeAuthority?: string;
  /** The approvals each risk level needs. */
  riskLevels: Readonly<Record<RiskLevel, RiskLevelApprovals>>;
  /**
   * The emergency change authority (ECAB): its members, not the change
   * authority, decide emergency changes. Absent: the change authority does.
   */
  emergencyAuthority?: string;
  /** Approvals an emergency change needs from its authority. */
  emergencyApprovals: number;
  /**
   * Whether normal and emergency changes also need an approval by the
   * changed service's owner (a member of the owning group other than the
   * requester).
   */
  ownerApproval: boolean;
}

/**
 * The policy when none is configured: one approval from anyone the
 * permission policy lets approve.
 * @public
 */
export const DEFAULT_CHANGE_APPROVAL_POLICY: ChangeApprovalPolicy = {
  riskLevels: {
    low: { approvals: 1, outsideTeam: 0 },
    medium: { approvals: 1, outsideTeam: 0 },
    high: { approvals: 1, outsideTeam: 0 },
    very_high: { approvals: 1, outsideTeam: 0 },
  },
  emergencyApprovals: 1,
  ownerApproval: false,
};

/**
 * One thing a change needs decided: `count` approvals from members of
 * `group` (anyone allowed to approve when absent), of which `outsideTeam`
 * from outside the requesting team.
 * @public
 */
export interface ApprovalRequirement {
  /** `authority`: the change authority or ECAB; `owner`: the service's owner. */
  id: 'authority' | 'owner';
  group?: string;
  count: number;
  outsideTeam: number;
}

/**
 * How far the decisions taken meet one requirement.
 * @public
 */
export interface ApprovalRequirementStatus extends ApprovalRequirement {
  /** Approvers whose approval counts for it, in the order they decided. */
  approvedBy: string[];
  /** Approvals still needed. */
  missing: number;
  /** Of the approvals still needed, how many must come from outside the team. */
  missingOutsideTeam: number;
}

/**
 * Who still has to decide on a change.
 * @public
 */
export interface ChangeApprovalStatus {
  /** A standard change: its model pre-authorized it, nobody decides. */
  preAuthorized: boolean;
  /** The requesting team: the owner of the changed service, when known. */
  requestingTeam?: string;
  /** The risk level the requirements were taken from. */
  riskLevel: RiskLevel;
  requirements: ApprovalRequirementStatus[];
  /** An approver rejected the change; a rejection is final. */
  rejectedBy?: string;
  /** Every requirement is met and nobody rejected the change. */
  complete: boolean;
}

/**
 * The decisions of a change as the policy counts them.
 * @public
 */
export type PolicyChange = Pick<
  ChangeRecord,
  'type' | 'riskLevel' | 'requestedBy' | 'approvals'
>;

/**
 * The risk level the policy applies: a change without a score is treated as
 * very high, so that it is never let through more easily.
 */
function levelOf(change: Pick<ChangeRecord, 'riskLevel'>): RiskLevel {
  return change.riskLevel && RISK_LEVELS.includes(change.riskLevel)
    ? change.riskLevel
    : 'very_high';
}

/**
 * What a change needs decided under the policy. A standard change needs
 * nothing: its model authorized it. An emergency change is decided by ECAB
 * when the policy names one. The owner's approval is asked only when the
 * service has a known owner.
 * @public
 */
export function approvalRequirements(
  policy: ChangeApprovalPolicy,
  change: Pick<ChangeRecord, 'type' | 'riskLevel'>,
  owner?: string,
): ApprovalRequirement[] {
  if (change.type === 'standard') {
    return [];
  }
  const level = policy.riskLevels[levelOf(change)];
  const emergency = change.type === 'emergency';
  const count = Math.max(
    1,
    emergency ? policy.emergencyApprovals : level.approvals,
  );
  const authority = emergency
    ? policy.emergencyAuthority ?? policy.changeAuthority
    : policy.changeAuthority;
  const requirements: ApprovalRequirement[] = [
    {
      id: 'authority',
      ...(authority ? { group: authority } : {}),
      count,
      outsideTeam: Math.min(count, Math.max(0, level.outsideTeam)),
    },
  ];
  if (policy.ownerApproval && owner) {
    requirements.push({ id: 'owner', group: owner, count: 1, outsideTeam: 0 });
  }
  return requirements;
}

/** Whether claims (a user and their groups) include `ref`. */
function holds(claims: readonly string[], ref: string): boolean {
  return claims.some(claim => sameRef(claim, ref));
}

/** A decider's claims: the user and the groups they belong to. */
function claimsOf(approver: string, groups: readonly string[] = []) {
  return [approver, ...groups];
}

/** Whether someone with these claims counts for a requirement. */
function qualifies(
  requirement: ApprovalRequirement,
  claims: readonly string[],
): boolean {
  return !requirement.group || holds(claims, requirement.group);
}

function isOutside(claims: readonly string[], team: string | undefined) {
  return !team || !holds(claims, team);
}

/**
 * Who still has to decide on a change: each requirement of the policy and
 * the approvals that count for it. An approval counts for every requirement
 * its approver qualifies for (a board member who is also the owner meets
 * both); the requester's own decision never counts.
 * @public
 */
export function changeApprovalStatus(
  policy: ChangeApprovalPolicy,
  change: PolicyChange,
  owner?: string,
): ChangeApprovalStatus {
  const riskLevel = levelOf(change);
  const rejection = change.approvals.find(a => a.decision === 'rejected');
  const approvals = change.approvals.filter(
    a => a.decision === 'approved' && !sameRef(a.approver, change.requestedBy),
  );
  const requirements = approvalRequirements(policy, change, owner).map(
    (requirement): ApprovalRequirementStatus => {
      const counted = approvals.filter(a =>
        qualifies(requirement, claimsOf(a.approver, a.approverGroups)),
      );
      const outside = counted.filter(a =>
        isOutside(claimsOf(a.approver, a.approverGroups), owner),
      );
      const missingOutsideTeam = Math.max(
        0,
        requirement.outsideTeam - outside.length,
      );
      return {
        ...requirement,
        approvedBy: counted.map(a => a.approver),
        missing: Math.max(
          0,
          requirement.count - counted.length,
          missingOutsideTeam,
        ),
        missingOutsideTeam,
      };
    },
  );
  return {
    preAuthorized: change.type === 'standard',
    ...(owner ? { requestingTeam: owner } : {}),
    riskLevel,
    requirements,
    ...(rejection ? { rejectedBy: rejection.approver } : {}),
    complete: !rejection && requirements.every(r => r.missing === 0),
  };
}

/**
 * Whether someone with these claims may decide on the change at all: they
 * qualify for one of its requirements. Whether the state and the
 * requester allow it is `checkApproval`'s answer.
 * @public
 */
export function mayDecide(
  status: ChangeApprovalStatus,
  approver: string,
  groups: readonly string[],
): boolean {
  const claims = claimsOf(approver, groups);
  return status.requirements.some(r => qualifies(r, claims));
}

/**
 * Whether the policy asks for this person's decision: their approval would
 * bring an unmet requirement closer. An approver from inside the requesting
 * team is not asked once only approvals from outside it are missing.
 * @public
 */
export function isAskedToDecide(
  status: ChangeApprovalStatus,
  approver: string,
  groups: readonly string[],
): boolean {
  if (status.rejectedBy || status.complete) {
    return false;
  }
  const claims = claimsOf(approver, groups);
  const outside = isOutside(claims, status.requestingTeam);
  return status.requirements.some(
    r =>
      r.missing > 0 &&
      qualifies(r, claims) &&
      (outside || r.missing > r.missingOutsideTeam),
  );
}

function who(requirement: ApprovalRequirement): string {
  if (requirement.id === 'owner') {
    return `the owner ${requirement.group}`;
  }
  return requirement.group ?? 'an approver';
}

/**
 * What a change still waits for, in words: one line per unmet requirement,
 * for refusals and logs (the frontend words its own from the status).
 * @public
 */
export function describeMissingApprovals(
  status: ChangeApprovalStatus,
): string[] {
  if (status.rejectedBy) {
    return [`${status.rejectedBy} rejected it, and a rejection is final`];
  }
  return status.requirements
    .filter(r => r.missing > 0)
    .map(r => {
      const n = r.missing;
      const approvals = `${n} more approval${n === 1 ? '' : 's'} from ${who(
        r,
      )}`;
      if (r.missingOutsideTeam === 0 || !status.requestingTeam) {
        return approvals;
      }
      const team = status.requestingTeam;
      return r.missingOutsideTeam === n
        ? `${approvals}, from outside ${team}`
        : `${approvals}, at least ${r.missingOutsideTeam} from outside ${team}`;
    });
}
