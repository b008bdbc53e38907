import { fireEvent, screen, within } from '@testing-library/react';
import { mockApis } from '@backstage/test-utils';
import userEvent from '@testing-library/user-event';
import { ENTITY_REF, change } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { RequestChangeDialog } from './RequestChangeDialog';

async function fillIn() {
  await userEvent.type(
    screen.getByRole('textbox', { name: /Title/ }),
    'Rotate keys',
  );
  await userEvent.type(
    screen.getByRole('textbox', { name: /Description/ }),
    'Yearly key rotation',
  );
  await userEvent.click(screen.getByRole('button', { name: /Type/ }));
  await userEvent.click(
    within(screen.getByRole('listbox')).getByRole('option', {
      name: 'Standard',
    }),
  );
  fireEvent.change(screen.getByLabelText('Planned start'), {
    target: { value: '2025-03-01T10:00' },
  });
  fireEvent.change(screen.getByLabelText('Planned end'), {
    target: { value: '2025-03-01T09:00' },
  });
}

describe('RequestChangeDialog', () => {
  it('requests a change with its planned window', async () => {
    const api = fakeValueStreamApi({
      createRecord: jest.fn().mockResolvedValue(change()),
    });
    const onCreated = jest.fn();
    const analytics = mockApis.analytics.mock();
    await renderWithApis(
      <RequestChangeDialog
        entityRef={ENTITY_REF}
        open
        onClose={jest.fn()}
        onCreated={onCreated}
      />,
      { api, analytics },
    );
    await fillIn();
    await userEvent.click(
      screen.getByRole('checkbox', { name: /proposes the service/ }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Request change' }),
    );
    expect(api.createRecord).toHaveBeenCalledWith(
      'changes',
      expect.objectContaining({
        entityRef: ENTITY_REF,
        title: 'Rotate keys',
        type: 'standard',
        proposesService: true,
        plannedStart: new Date('2025-03-01T10:00').toISOString(),
        plannedEnd: new Date('2025-03-01T09:00').toISOString(),
      }),
    );
    expect(onCreated).toHaveBeenCalled();
    expect(analytics.captureEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'requestChange',
        subject: 'chg-1',
        attributes: { entityRef: ENTITY_REF, changeType: 'normal' },
      }),
    );
  });

  it('shows a 400 on the planned end next to that field', async () => {
    const api = fakeValueStreamApi({
      createRecord: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            400,
            'InputError',
            'Invalid change: plannedEnd: Must be after plannedStart',
            [{ path: 'plannedEnd', message: 'Must be after plannedStart' }],
          ),
        ),
    });
    await renderWithApis(
      <RequestChangeDialog
        entityRef={ENTITY_REF}
        open
        onClose={jest.fn()}
        onCreated={jest.fn()}
      />,
      { api },
    );
    await fillIn();
    await userEvent.click(
      screen.getByRole('button', { name: 'Request change' }),
    );
    expect(
      await screen.findByText('Must be after plannedStart'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Planned end')).toHaveAccessibleDescription(
      'Must be after plannedStart',
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Please correct the highlighted fields',
    );
  });

  it('offers the models that apply to the service for a standard change', async () => {
    const api = fakeValueStreamApi({
      listStandardChangeModels: jest.fn().mockResolvedValue({
        items: [
          {
            id: 'm-1',
            name: 'Rotate credentials through the vault',
            description: 'Roll the pods with new credentials.',
            riskCeiling: 'medium',
          },
        ],
      }),
      createRecord: jest.fn().mockResolvedValue(change({ type: 'standard' })),
    });
    await renderWithApis(
      <RequestChangeDialog
        entityRef={ENTITY_REF}
        open
        onClose={jest.fn()}
        onCreated={jest.fn()}
      />,
      { api },
    );
    expect(
      screen.queryByRole('button', { name: /Standard-change model/ }),
    ).not.toBeInTheDocument();
    await fillIn();
    expect(api.listStandardChangeModels).toHaveBeenCalledWith({
      entityRef: ENTITY_REF,
      limit: 200,
    });
    await userEvent.click(
      await screen.findByRole('button', { name: /Standard-change model/ }),
    );
    await userEvent.click(
      within(screen.getByRole('listbox')).getByRole('option', {
        name: 'Rotate credentials through the vault',
      }),
    );
    expect(
      screen.getByText(
        'Risk ceiling Medium: Roll the pods with new credentials.',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Request change' }),
    );
    expect(api.createRecord).toHaveBeenCalledWith(
      'changes',
      expect.objectContaining({
        type: 'standard',
        standardChangeModelId: 'm-1',
      }),
    );
  });

  it('says when no model covers the service, and shows the refusal at the picker', async () => {
    const api = fakeValueStreamApi({
      createRecord: jest.fn().mockRejectedValue(
        await responseError(
          400,
          'InputError',
          'Invalid change: standardChangeModelId: Required for a standard change',
          [
            {
              path: 'standardChangeModelId',
              message: 'Required for a standard change',
            },
          ],
        ),
      ),
    });
    await renderWithApis(
      <RequestChangeDialog
        entityRef={ENTITY_REF}
        open
        onClose={jest.fn()}
        onCreated={jest.fn()}
      />,
      { api },
    );
    await fillIn();
    expect(
      await screen.findByText(/No approved standard-change model covers this/),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Request change' }),
    );
    expect(
      await screen.findByText('Required for a standard change'),
    ).toBeInTheDocument();
  });
});
