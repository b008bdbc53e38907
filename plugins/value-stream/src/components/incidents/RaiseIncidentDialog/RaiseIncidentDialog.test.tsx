import { screen, within } from '@testing-library/react';
import { mockApis } from '@backstage/test-utils';
import userEvent from '@testing-library/user-event';
import { ENTITY_REF, incident } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { RaiseIncidentDialog } from './RaiseIncidentDialog';

async function fillIn() {
  await userEvent.type(
    screen.getByRole('textbox', { name: /Title/ }),
    'Checkout is down',
  );
  await userEvent.type(
    screen.getByRole('textbox', { name: /What happened/ }),
    'Every payment fails',
  );
  await userEvent.click(screen.getByRole('button', { name: /Impact/ }));
  await userEvent.click(
    within(screen.getByRole('listbox')).getByRole('option', { name: 'High' }),
  );
  await userEvent.type(
    screen.getByRole('textbox', { name: /Knowledge links/ }),
    'https://kb.example.com/1',
  );
}

describe('RaiseIncidentDialog', () => {
  it('raises an incident against the service', async () => {
    const created = incident();
    const api = fakeValueStreamApi({
      createRecord: jest.fn().mockResolvedValue(created),
    });
    const onCreated = jest.fn();
    const analytics = mockApis.analytics.mock();
    await renderWithApis(
      <RaiseIncidentDialog
        entityRef={ENTITY_REF}
        open
        onClose={jest.fn()}
        onCreated={onCreated}
      />,
      { api, analytics },
    );
    await fillIn();
    expect(screen.getByText('Expected priority: P2')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Raise incident' }),
    );

    expect(api.createRecord).toHaveBeenCalledWith('incidents', {
      entityRef: ENTITY_REF,
      title: 'Checkout is down',
      description: 'Every payment fails',
      impact: 'high',
      urgency: 'medium',
      major: false,
      knowledgeLinks: ['https://kb.example.com/1'],
    });
    expect(onCreated).toHaveBeenCalledWith(created);
    // The event describes the stored incident, with the priority it got.
    expect(analytics.captureEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'raiseIncident',
        subject: 'inc-1',
        attributes: {
          entityRef: ENTITY_REF,
          priority: 'P1',
          impact: 'high',
          urgency: 'high',
          major: false,
        },
      }),
    );
  });

  it('shows the messages of a 400 next to the fields', async () => {
    const api = fakeValueStreamApi({
      createRecord: jest.fn().mockRejectedValue(
        await responseError(
          400,
          'InputError',
          'Invalid incident: title: Too big: expected string to have <=200 characters; knowledgeLinks.0: Invalid URL',
          [
            {
              path: 'title',
              message: 'Too big: expected string to have <=200 characters',
            },
            { path: 'knowledgeLinks.0', message: 'Invalid URL' },
          ],
        ),
      ),
    });
    const onCreated = jest.fn();
    await renderWithApis(
      <RaiseIncidentDialog
        entityRef={ENTITY_REF}
        open
        onClose={jest.fn()}
        onCreated={onCreated}
      />,
      { api },
    );
    await fillIn();
    await userEvent.click(
      screen.getByRole('button', { name: 'Raise incident' }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Please correct the highlighted fields',
    );
    expect(
      screen.getByRole('textbox', { name: /Title/ }),
    ).toHaveAccessibleDescription(
      'Too big: expected string to have <=200 characters',
    );
    expect(
      screen.getByRole('textbox', { name: /Knowledge links/ }),
    ).toHaveAccessibleDescription('Invalid URL');
    expect(screen.getByRole('textbox', { name: /Title/ })).toBeInvalid();
    expect(onCreated).not.toHaveBeenCalled();
  });

  it('says so when the user may not raise incidents here', async () => {
    const api = fakeValueStreamApi({
      createRecord: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            403,
            'NotAllowedError',
            'Not allowed to create incidents for component:default/checkout',
          ),
        ),
    });
    await renderWithApis(
      <RaiseIncidentDialog
        entityRef={ENTITY_REF}
        open
        onClose={jest.fn()}
        onCreated={jest.fn()}
      />,
      { api },
    );
    await fillIn();
    await userEvent.click(
      screen.getByRole('button', { name: 'Raise incident' }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('You are not allowed to do this');
    expect(alert).toHaveTextContent(
      'Not allowed to create incidents for component:default/checkout',
    );
  });
});
