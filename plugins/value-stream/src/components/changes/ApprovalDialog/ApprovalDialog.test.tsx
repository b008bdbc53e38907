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

  describe('with conflicts and a freeze', () => {
    const inFreeze = change({
      riskFactors: [
        {
          id: 'freeze',
          points: 30,
          reason: 'overlaps change freeze: Year-end freeze',
        },
      ],
      conflicts: [
        {
          changeId: 'chg-9',
          title: 'Rotate database credentials',
          entityRef: 'component:default/cart',
          type: 'normal',
          state: 'scheduled',
          plannedStart: '2025-01-15T11:00:00.000Z',
          plannedEnd: '2025-01-15T13:00:00.000Z',
          hops: 2,
          relation: 'shared-dependency',
          via: 'resource:default/db',
        },
      ],
    });

    it('shows the approver the conflicts and the freeze', async () => {
      await renderWithApis(
        <ApprovalDialog
          change={inFreeze}
          open
          onClose={jest.fn()}
          onDone={jest.fn()}
        />,
      );
      const conflicts = screen.getByRole('table', {
        name: 'Conflicting changes',
      });
      expect(conflicts).toHaveTextContent('Rotate database credentials');
      expect(conflicts).toHaveTextContent(
        'Shares a dependency via resource:default/db',
      );
      expect(screen.getByRole('note')).toHaveTextContent(
        'The planned window overlaps change freeze: Year-end freeze.',
      );
    });

    it('approves as a freeze override when the approver says so', async () => {
      const api = fakeValueStreamApi({
        approve: jest.fn().mockResolvedValue(inFreeze),
      });
      await renderWithApis(
        <ApprovalDialog
          change={inFreeze}
          open
          onClose={jest.fn()}
          onDone={jest.fn()}
        />,
        { api },
      );
      expect(
        screen.queryByRole('checkbox', {
          name: 'Approve as a freeze override',
        }),
      ).not.toBeInTheDocument();
      await userEvent.click(screen.getByRole('radio', { name: 'Approve' }));
      await userEvent.click(
        screen.getByRole('checkbox', { name: 'Approve as a freeze override' }),
      );
      await userEvent.click(
        screen.getByRole('button', { name: 'Record decision' }),
      );
      expect(api.approve).toHaveBeenCalledWith('chg-1', 'approved', undefined, {
        freezeOverride: true,
      });
    });

    it('offers the override for a freeze declared after the change was scored', async () => {
      const scoredBefore = change({ riskFactors: [], conflicts: [] });
      const api = fakeValueStreamApi({
        getChangeCalendar: jest.fn().mockResolvedValue({
          from: '2025-01-15T10:00:00.000Z',
          to: '2025-01-15T12:00:00.000Z',
          freezeWindows: [
            {
              start: '2025-01-14T00:00:00.000Z',
              end: '2025-01-20T00:00:00.000Z',
              reason: 'Audit freeze',
            },
          ],
          maintenance: [],
        }),
      });
      await renderWithApis(
        <ApprovalDialog
          change={scoredBefore}
          open
          onClose={jest.fn()}
          onDone={jest.fn()}
        />,
        { api },
      );
      expect(await screen.findByRole('note')).toHaveTextContent(
        'The planned window overlaps change freeze: Audit freeze.',
      );
      expect(api.getChangeCalendar).toHaveBeenCalledWith({
        from: scoredBefore.plannedStart,
        to: scoredBefore.plannedEnd,
      });
      await userEvent.click(screen.getByRole('radio', { name: 'Approve' }));
      expect(
        screen.getByRole('checkbox', { name: 'Approve as a freeze override' }),
      ).toBeInTheDocument();
    });

    it('offers no override without a freeze, and says when there are no conflicts', async () => {
      await renderWithApis(
        <ApprovalDialog
          change={change({ conflicts: [] })}
          open
          onClose={jest.fn()}
          onDone={jest.fn()}
        />,
      );
      await userEvent.click(screen.getByRole('radio', { name: 'Approve' }));
      expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
      expect(
        screen.getByText('No other open change overlaps its window nearby.'),
      ).toBeInTheDocument();
    });
  });
});
