/*
 * `valueStream.changeApproval`: the approval policy of changes, read once at
 * startup with `valueStream.changeAuthorityGroup`.
 */
import type { Config } from '@backstage/config';
import {
  type ChangeApprovalPolicy,
  DEFAULT_CHANGE_APPROVAL_POLICY,
  RISK_LEVELS,
  type RiskLevelApprovals,
} from '@valuestream/plugin-value-stream-common';

const KEY = 'valueStream.changeApproval';

function invalid(key: string, message: string): Error {
  return new Error(`Invalid config ${KEY}.${key}: ${message}`);
}

function count(
  config: Config,
  key: string,
  min: number,
  path = key,
): number | Error {
  const value = config.getOptionalNumber(key) ?? min;
  if (!Number.isInteger(value) || value < min || value > 10) {
    return invalid(
      path,
      `must be a whole number from ${min} to 10, got ${value}`,
    );
  }
  return value;
}

function orThrow<T>(value: T | Error): T {
  if (value instanceof Error) {
    throw value;
  }
  return value;
}

function readLevel(
  config: Config | undefined,
  level: string,
): RiskLevelApprovals {
  if (!config) {
    return DEFAULT_CHANGE_APPROVAL_POLICY.riskLevels.low;
  }
  const path = `riskLevels.${level}`;
  const approvals = orThrow(count(config, 'approvals', 1, `${path}.approvals`));
  const outsideTeam = orThrow(
    count(config, 'outsideTeam', 0, `${path}.outsideTeam`),
  );
  if (outsideTeam > approvals) {
    throw invalid(
      `riskLevels.${level}.outsideTeam`,
      `must not be more than approvals (${approvals}), got ${outsideTeam}`,
    );
  }
  return { approvals, outsideTeam };
}

/**
 * The approval policy. Without `valueStream.changeApproval` a change needs
 * one approval from anyone the permission policy lets approve, as before
 * the policy existed; with it, the approvals counted come from members of
 * `changeAuthorityGroup` (ECAB's for emergency changes when set).
 */
export function readChangeApprovalPolicy(
  valueStream: Config | undefined,
  changeAuthorityGroup: string,
): ChangeApprovalPolicy {
  const config = valueStream?.getOptionalConfig('changeApproval');
  if (!config) {
    return DEFAULT_CHANGE_APPROVAL_POLICY;
  }
  const levels = config.getOptionalConfig('riskLevels');
  for (const key of levels?.keys() ?? []) {
    if (!(RISK_LEVELS as readonly string[]).includes(key)) {
      throw invalid(
        `riskLevels.${key}`,
        `unknown risk level, expected one of ${RISK_LEVELS.join(', ')}`,
      );
    }
  }
  const emergencyAuthority = config
    .getOptionalString('emergencyAuthorityGroup')
    ?.toLocaleLowerCase('en-US');
  return {
    changeAuthority: changeAuthorityGroup,
    riskLevels: Object.fromEntries(
      RISK_LEVELS.map(level => [
        level,
        readLevel(levels?.getOptionalConfig(level), level),
      ]),
    ) as ChangeApprovalPolicy['riskLevels'],
    ...(emergencyAuthority ? { emergencyAuthority } : {}),
    emergencyApprovals: orThrow(count(config, 'emergencyApprovals', 1)),
    ownerApproval: config.getOptionalBoolean('ownerApproval') ?? false,
  };
}
