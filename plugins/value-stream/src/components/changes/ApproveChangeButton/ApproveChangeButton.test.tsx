import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { change } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
} from '../../../__testUtils__/render';
import { ApproveChangeButton } from './ApproveChangeButton';

describe('ApproveChangeButton', () => {
  it('lets an approver decide and refreshes after', async () => {
    const api = fakeValueStreamApi({
      approve: jest.fn().mockResolvedValue(change({ state: 'scheduled' })),
    });
    const onChanged = jest.fn();
    await renderWithApis(
      <ApproveChangeButton change={change()} onChanged={onChanged} />,
      { api },
    );
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Approve or reject Upgrade payment SDK',
      }),
    );
    await userEvent.click(screen.getByRole('radio', { name: 'Approve' }));
    await userEvent.click(
      screen.getByRole('button', { name: 'Record decision' }),
    );
    expect(api.approve).toHaveBeenCalledWith('chg-1', 'approved', undefined);
    expect(onChanged).toHaveBeenCalled();
  });

  it('shows only for changes waiting for authorization', async () => {
    await renderWithApis(
      <ApproveChangeButton
        change={change({ state: 'scheduled' })}
        onChanged={jest.fn()}
      />,
    );
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('shows only to users with the approve permission', async () => {
    const asked: string[] = [];
    await renderWithApis(
      <ApproveChangeButton change={change()} onChanged={jest.fn()} />,
      {
        allow: name => {
          asked.push(name);
          return false;
        },
      },
    );
    await waitFor(() => expect(asked).toContain('value-stream.change.approve'));
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
