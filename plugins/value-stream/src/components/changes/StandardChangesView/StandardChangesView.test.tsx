import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { StandardChangeModel } from '@valuestream/plugin-value-stream-common';
import {
  fakeValueStreamApi,
  renderWithApis,
} from '../../../__testUtils__/render';
import { StandardChangesView } from './StandardChangesView';

function model(fields: Partial<StandardChangeModel> = {}): StandardChangeModel {
  return {
    id: 'm-1',
    name: 'Rotate credentials through the vault',
    description: 'Issue new credentials, roll the pods, revoke the old ones.',
    scope: {
      kinds: ['component'],
      systems: [],
      owners: ['group:default/payments'],
    },
    riskCeiling: 'medium',
    expiresAt: '2099-01-01T00:00:00.000Z',
    reviewAt: '2098-01-01T00:00:00.000Z',
    state: 'proposed',
    proposedBy: 'user:default/priya-raman',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'user:default/priya-raman',
    version: 1,
    history: [
      {
        at: '2026-01-01T00:00:00.000Z',
        by: 'user:default/priya-raman',
        from: null,
        to: 'proposed',
      },
      {
        at: '2026-01-02T00:00:00.000Z',
        by: 'user:default/priya-raman',
        from: 'proposed',
        to: 'proposed',
        changes: [{ field: 'riskCeiling', before: 'low', after: 'medium' }],
      },
    ],
    ...fields,
  };
}

describe('StandardChangesView', () => {
  it('lists the models with their scope, ceiling, state and dates', async () => {
    const api = fakeValueStreamApi({
      listStandardChangeModels: jest.fn().mockResolvedValue({
        items: [
          model(),
          model({
            id: 'm-2',
            name: 'Patch the runtime',
            state: 'approved',
            reviewAt: '2020-01-01T00:00:00.000Z',
          }),
        ],
      }),
    });
    await renderWithApis(<StandardChangesView />, { api, entity: false });
    const table = await screen.findByRole('table', {
      name: 'Standard-change models',
    });
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Rotate credentials through the vault');
    expect(rows[1]).toHaveTextContent('Kinds: component');
    expect(rows[1]).toHaveTextContent('Owners: group:default/payments');
    expect(rows[1]).toHaveTextContent('Medium');
    expect(rows[1]).toHaveTextContent('Proposed');
    expect(rows[2]).toHaveTextContent('Approved');
    expect(rows[2]).toHaveTextContent('(overdue)');
    expect(api.listStandardChangeModels).toHaveBeenCalledWith({
      cursor: undefined,
      limit: 100,
    });
  });

  it('proposes a model', async () => {
    const api = fakeValueStreamApi({
      proposeStandardChangeModel: jest.fn().mockResolvedValue(model()),
    });
    await renderWithApis(<StandardChangesView />, { api, entity: false });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Propose a model' }),
    );
    const dialog = screen.getByRole('dialog');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Name/ }),
      'Rotate credentials',
    );
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Procedure/ }),
      'Roll the pods',
    );
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Owners' }), {
      target: { value: 'group:default/payments, group:default/checkout' },
    });
    fireEvent.change(within(dialog).getByLabelText(/Expires/), {
      target: { value: '2027-06-01T00:00' },
    });
    fireEvent.change(within(dialog).getByLabelText(/Review by/), {
      target: { value: '2027-03-01T00:00' },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Propose' }),
    );
    expect(api.proposeStandardChangeModel).toHaveBeenCalledWith({
      name: 'Rotate credentials',
      description: 'Roll the pods',
      scope: {
        kinds: ['Component'],
        systems: [],
        owners: ['group:default/payments', 'group:default/checkout'],
      },
      riskCeiling: 'low',
      expiresAt: new Date('2027-06-01T00:00').toISOString(),
      reviewAt: new Date('2027-03-01T00:00').toISOString(),
    });
    expect(api.listStandardChangeModels).toHaveBeenCalledTimes(2);
  });

  it('lets the change authority approve and retire, with a note', async () => {
    const api = fakeValueStreamApi({
      listStandardChangeModels: jest
        .fn()
        .mockResolvedValue({ items: [model()] }),
      transitionStandardChangeModel: jest
        .fn()
        .mockResolvedValue(model({ state: 'approved', version: 2 })),
    });
    await renderWithApis(<StandardChangesView />, { api, entity: false });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Approve Rotate credentials through the vault',
      }),
    );
    const dialog = screen.getByRole('dialog');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Note' }),
      'Agreed at the board',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    expect(api.transitionStandardChangeModel).toHaveBeenCalledWith('m-1', {
      to: 'approved',
      version: 1,
      note: 'Agreed at the board',
    });
    expect(
      screen.getByRole('button', {
        name: 'Retire Rotate credentials through the vault',
      }),
    ).toBeInTheDocument();
  });

  it('offers neither proposing nor deciding without the permissions', async () => {
    const api = fakeValueStreamApi({
      listStandardChangeModels: jest
        .fn()
        .mockResolvedValue({ items: [model()] }),
    });
    await renderWithApis(<StandardChangesView />, {
      api,
      entity: false,
      allow: false,
    });
    expect(
      await screen.findByText('Rotate credentials through the vault'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Propose a model' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Approve / }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Retire / }),
    ).not.toBeInTheDocument();
  });

  it('shows the history of a model with its field edits', async () => {
    const api = fakeValueStreamApi({
      listStandardChangeModels: jest
        .fn()
        .mockResolvedValue({ items: [model()] }),
    });
    await renderWithApis(<StandardChangesView />, { api, entity: false });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'History of Rotate credentials through the vault',
      }),
    );
    const history = screen.getByRole('table', {
      name: 'History of Rotate credentials through the vault',
    });
    expect(within(history).getAllByRole('row')).toHaveLength(3);
    expect(history).toHaveTextContent('riskCeiling: low → medium');
  });
});
