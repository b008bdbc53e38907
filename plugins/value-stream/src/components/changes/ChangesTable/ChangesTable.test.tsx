import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { change } from '../../../__testUtils__/fixtures';
import { renderWithApis } from '../../../__testUtils__/render';
import { ChangesTable } from './ChangesTable';

describe('ChangesTable', () => {
  it('shows type, risk, window, state and approvals', async () => {
    await renderWithApis(
      <ChangesTable
        changes={[
          change(),
          change({
            id: 'chg-2',
            title: 'Rotate keys',
            state: 'scheduled',
            type: 'emergency',
            approvals: [
              {
                id: 'a1',
                changeId: 'chg-2',
                approver: 'user:default/kim',
                decision: 'approved',
                at: '2025-01-01T00:00:00Z',
              },
            ],
          }),
        ]}
        showEntity
      />,
    );
    const rows = within(
      screen.getByRole('table', { name: 'Changes' }),
    ).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Upgrade payment SDK');
    expect(rows[1]).toHaveTextContent('Normal');
    expect(rows[1]).toHaveTextContent('Medium (42)');
    expect(rows[1]).toHaveTextContent('Awaiting approval');
    expect(rows[2]).toHaveTextContent('Emergency');
    expect(rows[2]).toHaveTextContent('kim approved');
    expect(
      within(rows[1]).getByRole('link', { name: /checkout/ }),
    ).toBeInTheDocument();
  });

  it('offers approval and lifecycle moves to permitted users', async () => {
    await renderWithApis(
      <ChangesTable changes={[change()]} onChanged={jest.fn()} />,
    );
    expect(
      await screen.findByRole('button', {
        name: 'Move change Upgrade payment SDK',
      }),
    ).toBeInTheDocument();
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Approve or reject Upgrade payment SDK',
      }),
    );
    expect(screen.getByRole('dialog')).toHaveTextContent(
      'Approve or reject: Upgrade payment SDK',
    );
  });

  it('shows no actions without permission', async () => {
    await renderWithApis(
      <ChangesTable changes={[change()]} onChanged={jest.fn()} />,
      {
        allow: false,
      },
    );
    expect(screen.getByText('Upgrade payment SDK')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Approve|Move/ }),
    ).not.toBeInTheDocument();
  });
});
