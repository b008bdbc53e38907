import { screen } from '@testing-library/react';
import { mockApis } from '@backstage/test-utils';
import userEvent from '@testing-library/user-event';
import { ENTITY_REF, serviceLevel } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { ServiceLevelDialog } from './ServiceLevelDialog';

describe('ServiceLevelDialog', () => {
  it('drafts a service level and proposes it', async () => {
    const draft = serviceLevel({ id: 'sl-9', state: 'draft', version: 1 });
    const proposed = serviceLevel({
      id: 'sl-9',
      state: 'proposed',
      version: 2,
    });
    const api = fakeValueStreamApi({
      createRecord: jest.fn().mockResolvedValue(draft),
      transitionRecord: jest.fn().mockResolvedValue(proposed),
    });
    const onCreated = jest.fn();
    const analytics = mockApis.analytics.mock();
    await renderWithApis(
      <ServiceLevelDialog
        entityRef={ENTITY_REF}
        open
        onClose={jest.fn()}
        onCreated={onCreated}
      />,
      { api, analytics },
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /Name/ }),
      'Checkout silver',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /Tier/ }),
      'silver',
    );
    const p1 = screen.getByRole('spinbutton', { name: 'P1 response' });
    await userEvent.clear(p1);
    await userEvent.type(p1, '10');
    await userEvent.click(screen.getByRole('button', { name: 'Propose' }));

    expect(api.createRecord).toHaveBeenCalledWith('service-levels', {
      entityRef: ENTITY_REF,
      name: 'Checkout silver',
      tier: 'silver',
      availabilityTarget: 99.5,
      targets: {
        P1: { responseMinutes: 10, resolutionMinutes: 240 },
        P2: { responseMinutes: 30, resolutionMinutes: 480 },
        P3: { responseMinutes: 240, resolutionMinutes: 4320 },
        P4: { responseMinutes: 480, resolutionMinutes: 7200 },
      },
    });
    expect(api.transitionRecord).toHaveBeenCalledWith(
      'service-levels',
      'sl-9',
      {
        to: 'proposed',
        version: 1,
      },
    );
    expect(onCreated).toHaveBeenCalledWith(proposed);
    expect(analytics.captureEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'transition',
        subject: 'sl-9',
        attributes: {
          entityRef: proposed.entityRef,
          collection: 'service-levels',
          from: 'draft',
          to: 'proposed',
        },
      }),
    );
  });

  it('saves only a draft when told so', async () => {
    const api = fakeValueStreamApi({
      createRecord: jest
        .fn()
        .mockResolvedValue(serviceLevel({ state: 'draft' })),
    });
    await renderWithApis(
      <ServiceLevelDialog
        entityRef={ENTITY_REF}
        open
        onClose={jest.fn()}
        onCreated={jest.fn()}
      />,
      { api },
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /Name/ }),
      'Draft',
    );
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Propose for agreement now' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    expect(api.createRecord).toHaveBeenCalled();
    expect(api.transitionRecord).not.toHaveBeenCalled();
  });

  it('shows nested target errors of a 400 next to their fields', async () => {
    const api = fakeValueStreamApi({
      createRecord: jest.fn().mockRejectedValue(
        await responseError(
          400,
          'InputError',
          'Invalid service level: targets.P2.resolutionMinutes: Must not be shorter than responseMinutes; availabilityTarget: Too big',
          [
            {
              path: 'targets.P2.resolutionMinutes',
              message: 'Must not be shorter than responseMinutes',
            },
            { path: 'availabilityTarget', message: 'Too big' },
          ],
        ),
      ),
    });
    await renderWithApis(
      <ServiceLevelDialog
        entityRef={ENTITY_REF}
        open
        onClose={jest.fn()}
        onCreated={jest.fn()}
      />,
      { api },
    );
    await userEvent.type(screen.getByRole('textbox', { name: /Name/ }), 'Bad');
    await userEvent.click(screen.getByRole('button', { name: 'Propose' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Please correct the highlighted fields',
    );
    expect(
      screen.getByRole('spinbutton', { name: 'P2 resolution' }),
    ).toHaveAccessibleDescription('Must not be shorter than responseMinutes');
    expect(
      screen.getByRole('spinbutton', { name: /Availability target/ }),
    ).toHaveAccessibleDescription('Too big');
  });
});
