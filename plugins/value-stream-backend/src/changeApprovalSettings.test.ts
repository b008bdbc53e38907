import { ConfigReader } from '@backstage/config';
import { DEFAULT_CHANGE_APPROVAL_POLICY } from '@valuestream/plugin-value-stream-common';
import { readValueStreamSettings } from './settings';

const read = (valueStream: object) =>
  readValueStreamSettings(new ConfigReader({ valueStream })).changeApproval;

describe('valueStream.changeApproval', () => {
  it('keeps the old behaviour without it: one approval from anyone allowed', () => {
    expect(read({ changeAuthorityGroup: 'group:default/cab' })).toEqual(
      DEFAULT_CHANGE_APPROVAL_POLICY,
    );
  });

  it('reads the counts per risk level, ECAB and owner approval', () => {
    expect(
      read({
        changeAuthorityGroup: 'group:default/CAB',
        changeApproval: {
          riskLevels: {
            high: { approvals: 2 },
            very_high: { approvals: 2, outsideTeam: 1 },
          },
          emergencyAuthorityGroup: 'group:default/ECAB',
          emergencyApprovals: 2,
          ownerApproval: true,
        },
      }),
    ).toEqual({
      changeAuthority: 'group:default/cab',
      riskLevels: {
        low: { approvals: 1, outsideTeam: 0 },
        medium: { approvals: 1, outsideTeam: 0 },
        high: { approvals: 2, outsideTeam: 0 },
        very_high: { approvals: 2, outsideTeam: 1 },
      },
      emergencyAuthority: 'group:default/ecab',
      emergencyApprovals: 2,
      ownerApproval: true,
    });
  });

  it.each([
    [
      { riskLevels: { high: { approvals: 1, outsideTeam: 2 } } },
      'Invalid config valueStream.changeApproval.riskLevels.high.outsideTeam: must not be more than approvals (1), got 2',
    ],
    [
      { riskLevels: { critical: { approvals: 3 } } },
      'Invalid config valueStream.changeApproval.riskLevels.critical: unknown risk level, expected one of low, medium, high, very_high',
    ],
    [
      { riskLevels: { low: { approvals: 0 } } },
      'Invalid config valueStream.changeApproval.riskLevels.low.approvals: must be a whole number from 1 to 10, got 0',
    ],
    [
      { emergencyApprovals: 1.5 },
      'Invalid config valueStream.changeApproval.emergencyApprovals: must be a whole number from 1 to 10, got 1.5',
    ],
  ])('refuses %o', (changeApproval, message) => {
    expect(() => read({ changeApproval })).toThrow(message);
  });
});
