import { screen } from '@testing-library/react';
import { mockApis } from '@backstage/test-utils';
import userEvent from '@testing-library/user-event';
import { ENTITY_REF, change } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { ApprovalDialog } from './ApprovalDialog';

describe('ApprovalDialog', () => {
  it('records an approval with a comment', async () => {
    const approved = change({ state: 'scheduled' });
    const api = fakeValueStreamApi({
      approve: jest.fn().mockResolvedValue(approved),
    });
    const onDone = jest.fn();
    const analytics = mockApis.analytics.mock();
    await renderWithApis(
      <ApprovalDialog
        change={change()}
        open
        onClose={jest.fn()}
        onDone={onDone}
      />,
      { api, analytics },
    );
    expect(
      screen.getByText(/^Normal change, medium risk, planned .+ – .+$/),
    ).toBeInTheDocument();
    const submit = screen.getByRole('button', { name: 'Record decision' });
    expect(submit).toBeDisabled();
    await userEvent.click(screen.getByRole('radio', { name: 'Approve' }));
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Comment' }),
      'Low blast radius',
    );
    await userEvent.click(submit);
    expect(api.approve).toHaveBeenCalledWith(
      'chg-1',
      'approved',
      'Low blast radius',
    );
    expect(onDone).toHaveBeenCalledWith(approved);
    expect(analytics.captureEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'approveChange',
        subject: 'chg-1',
        attributes: { entityRef: ENTITY_REF, changeType: 'normal' },
      }),
    );
  });

  it('shows the approver why the change is as risky as it is', async () => {
    await renderWithApis(
      <ApprovalDialog
        change={change({
          riskFactors: [
            { id: 'production', points: 20, reason: 'changes production' },
            {
              id: 'freeze',
              points: 30,
              reason: 'overlaps change freeze: Year end',
            },
          ],
        })}
        open
        onClose={jest.fn()}
        onDone={jest.fn()}
      />,
    );
    const factors = screen.getByRole('list', { name: 'Risk factors' });
    expect(factors).toHaveTextContent('changes production: +20');
    expect(factors).toHaveTextContent('overlaps change freeze: Year end: +30');
  });

  it('counts a rejection, and nothing when the request fails', async () => {
    const rejected = change({ state: 'new' });
    const api = fakeValueStreamApi({
      approve: jest
        .fn()
        .mockRejectedValueOnce(
          await responseError(403, 'NotAllowedError', 'Not an approver'),
        )
        .mockResolvedValueOnce(rejected),
    });
    const analytics = mockApis.analytics.mock();
    await renderWithApis(
      <ApprovalDialog
        change={change()}
        open
        onClose={jest.fn()}
        onDone={jest.fn()}
      />,
      { api, analytics },
    );
    await userEvent.click(screen.getByRole('radio', { name: 'Reject' }));
    const submit = screen.getByRole('button', { name: 'Record decision' });
    await userEvent.click(submit);
    expect(await screen.findByText(/Not an approver/)).toBeInTheDocument();
    expect(analytics.captureEvent).not.toHaveBeenCalled();

    await userEvent.click(submit);
    expect(analytics.captureEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'rejectChange',
        subject: 'chg-1',
        attributes: { entityRef: ENTITY_REF, changeType: 'normal' },
      }),
    );
  });

  it('shows a 409 clearly, e.g. when the change moved on', async () => {
    const api = fakeValueStreamApi({
      approve: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            409,
            'ConflictError',
            'Change chg-1 is not waiting for approval',
          ),
        ),
    });
    const onDone = jest.fn();
    await renderWithApis(
      <ApprovalDialog
        change={change()}
        open
        onClose={jest.fn()}
        onDone={onDone}
      />,
      { api },
    );
    await userEvent.click(screen.getByRole('radio', { name: 'Reject' }));
    await userEvent.click(
      screen.getByRole('button', { name: 'Record decision' }),
    );
    expect(api.approve).toHaveBeenCalledWith('chg-1', 'rejected', undefined);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'The record changed or the action is not allowed in its state',
    );
    expect(alert).toHaveTextContent('Change chg-1 is not waiting for approval');
    expect(onDone).not.toHaveBeenCalled();
  });

  it('shows a 403 clearly', async () => {
    const api = fakeValueStreamApi({
      approve: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            403,
            'NotAllowedError',
            'You may not approve your own change',
          ),
        ),
    });
    await renderWithApis(
      <ApprovalDialog
        change={change()}
        open
        onClose={jest.fn()}
        onDone={jest.fn()}
      />,
      { api },
    );
    await userEvent.click(screen.getByRole('radio', { name: 'Approve' }));
    await userEvent.click(
      screen.getByRole('button', { name: 'Record decision' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'You are not allowed to do thisYou may not approve your own change',
    );
  });

  it('shows who still has to decide', async () => {
    const api = fakeValueStreamApi({
      getChangeApprovalStatus: jest.fn().mockResolvedValue({
        preAuthorized: false,
        requestingTeam: 'group:default/checkout',
        riskLevel: 'high',
        requirements: [
          {
            id: 'authority',
            group: 'group:default/change-advisory-board',
            count: 2,
            outsideTeam: 1,
            approvedBy: [],
            missing: 2,
            missingOutsideTeam: 1,
          },
        ],
        complete: false,
      }),
    });
    await renderWithApis(
      <ApprovalDialog
        change={change()}
        open
        onClose={jest.fn()}
        onDone={jest.fn()}
      />,
      { api },
    );
    expect(screen.getByText('Still to decide')).toBeInTheDocument();
    expect(
      await screen.findByText(
        '2 more approvals from group:default/change-advisory-board, at least 1 from outside group:default/checkout',
      ),
    ).toBeInTheDocument();
    expect(api.getChangeApprovalStatus).toHaveBeenCalledWith('chg-1');
  });
});
