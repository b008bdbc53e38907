import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import { event } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { MapEventDialog } from './MapEventDialog';

const catalogEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', namespace: 'default', title: 'Checkout' },
    spec: {},
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-gw', namespace: 'default' },
    spec: {},
  },
];

async function pick(name: RegExp) {
  await userEvent.click(screen.getByRole('textbox', { name: /Entity/ }));
  await userEvent.click(await screen.findByRole('option', { name }));
}

describe('MapEventDialog', () => {
  it('maps the event to the chosen component', async () => {
    const mapped = event({ entityRef: 'component:default/payments-gw' });
    const api = fakeValueStreamApi({
      mapEvent: jest.fn().mockResolvedValue(mapped),
    });
    const onMapped = jest.fn();
    await renderWithApis(
      <MapEventDialog
        open
        event={event()}
        onClose={jest.fn()}
        onMapped={onMapped}
      />,
      { api, entity: false, catalogEntities },
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Map event to an entity',
    });
    expect(dialog).toHaveTextContent('HighLatency on payments-gw');
    expect(dialog).toHaveTextContent('alertname=HighLatency, job=payments-gw');
    expect(within(dialog).getByRole('button', { name: 'Map' })).toBeDisabled();

    await pick(/^payments-gw/);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Map' }));
    expect(api.mapEvent).toHaveBeenCalledWith(
      'evt-1',
      'component:default/payments-gw',
    );
    expect(onMapped).toHaveBeenCalledWith(mapped);
  });

  it('says clearly when the event was mapped in the meantime', async () => {
    const api = fakeValueStreamApi({
      mapEvent: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            409,
            'ConflictError',
            'Event evt-1 is already matched',
          ),
        ),
    });
    const onClose = jest.fn();
    const onConflict = jest.fn();
    await renderWithApis(
      <MapEventDialog
        open
        event={event()}
        onClose={onClose}
        onMapped={jest.fn()}
        onConflict={onConflict}
      />,
      { api, entity: false, catalogEntities },
    );
    await pick(/^Checkout/);
    await userEvent.click(screen.getByRole('button', { name: 'Map' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This event is already mapped');
    expect(alert).toHaveTextContent('Event evt-1 is already matched');
    expect(screen.getByRole('button', { name: 'Map' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onConflict).toHaveBeenCalled();
    expect(onClose).toHaveBeenCalled();
  });

  it('shows other failures in the form', async () => {
    const api = fakeValueStreamApi({
      mapEvent: jest
        .fn()
        .mockRejectedValue(
          await responseError(403, 'NotAllowedError', 'Not allowed'),
        ),
    });
    await renderWithApis(
      <MapEventDialog
        open
        event={event()}
        onClose={jest.fn()}
        onMapped={jest.fn()}
      />,
      { api, entity: false, catalogEntities },
    );
    await pick(/^Checkout/);
    await userEvent.click(screen.getByRole('button', { name: 'Map' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'You are not allowed to do this',
    );
  });
});
