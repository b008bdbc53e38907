import { screen } from '@testing-library/react';
import type { ChangeApprovalStatus as Status } from '@valuestream/plugin-value-stream-common';
import {
  fakeValueStreamApi,
  renderWithApis,
} from '../../../__testUtils__/render';
import { ChangeApprovalStatus } from './ChangeApprovalStatus';

const CAB = 'group:default/change-advisory-board';
const TEAM = 'group:default/checkout';

const status = (fields: Partial<Status>): Status => ({
  preAuthorized: false,
  requestingTeam: TEAM,
  riskLevel: 'high',
  requirements: [],
  complete: false,
  ...fields,
});

async function renderStatus(value: Status) {
  const api = fakeValueStreamApi({
    getChangeApprovalStatus: jest.fn().mockResolvedValue(value),
  });
  await renderWithApis(<ChangeApprovalStatus changeId="chg-1" />, { api });
  expect(api.getChangeApprovalStatus).toHaveBeenCalledWith('chg-1');
}

describe('ChangeApprovalStatus', () => {
  it('says how many approvals are missing, from whom and from outside which team', async () => {
    await renderStatus(
      status({
        requirements: [
          {
            id: 'authority',
            group: CAB,
            count: 2,
            outsideTeam: 1,
            approvedBy: ['user:default/tomasz-kowalski'],
            missing: 1,
            missingOutsideTeam: 1,
          },
          {
            id: 'owner',
            group: TEAM,
            count: 1,
            outsideTeam: 0,
            approvedBy: [],
            missing: 1,
            missingOutsideTeam: 0,
          },
        ],
      }),
    );
    expect(
      await screen.findByText(
        `1 more approval from ${CAB}, from outside ${TEAM}`,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(`the approval of the service owner ${TEAM}`),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Approved so far: tomasz-kowalski'),
    ).toBeInTheDocument();
  });

  it('counts what is missing from outside the team when only some must be', async () => {
    await renderStatus(
      status({
        requirements: [
          {
            id: 'authority',
            group: CAB,
            count: 2,
            outsideTeam: 1,
            approvedBy: [],
            missing: 2,
            missingOutsideTeam: 1,
          },
        ],
      }),
    );
    expect(
      await screen.findByText(
        `2 more approvals from ${CAB}, at least 1 from outside ${TEAM}`,
      ),
    ).toBeInTheDocument();
  });

  it.each<[string, Partial<Status>, string]>([
    [
      'a standard change',
      { preAuthorized: true, complete: true },
      'Pre-authorized by its standard-change model: nobody decides on it.',
    ],
    [
      'a rejected change',
      { rejectedBy: 'user:default/rebecca-stein' },
      'rebecca-stein rejected it; a rejection is final.',
    ],
    [
      'a change with every approval',
      { complete: true },
      'Every approval the policy asks for is in.',
    ],
  ])('words %s', async (_, fields, text) => {
    await renderStatus(status(fields));
    expect(await screen.findByText(text)).toBeInTheDocument();
  });
});
