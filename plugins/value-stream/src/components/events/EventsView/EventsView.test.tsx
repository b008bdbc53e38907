import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import { event } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { EventsView } from './EventsView';

const catalogEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', namespace: 'default', title: 'Checkout' },
    spec: {},
  },
];

const second = event({
  id: 'evt-2',
  source: 'github',
  severity: 'warning',
  summary: 'Workflow failed on acme/legacy',
  labels: { repository: 'acme/legacy' },
  receivedAt: '2025-01-11T08:00:00.000Z',
});
const third = event({
  id: 'evt-3',
  source: 'pagerduty',
  severity: 'informational',
  status: 'resolved',
  summary: 'PD incident resolved',
  labels: {},
});

describe('EventsView', () => {
  it('lists unmatched events page by page', async () => {
    const api = fakeValueStreamApi({
      listEvents: jest
        .fn()
        .mockResolvedValueOnce({ items: [event(), second], nextCursor: 'c2' })
        .mockResolvedValueOnce({ items: [third] }),
    });
    await renderWithApis(<EventsView />, { api, entity: false });

    const table = await screen.findByRole('table', {
      name: 'Unmatched events',
    });
    expect(api.listEvents).toHaveBeenCalledWith({
      unmatched: true,
      limit: 50,
      cursor: undefined,
    });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('Alertmanager');
    expect(rows[1]).toHaveTextContent('Exception');
    expect(rows[1]).toHaveTextContent('HighLatency on payments-gw');
    expect(rows[1]).toHaveTextContent('alertname=HighLatency');
    expect(rows[1]).toHaveTextContent('job=payments-gw');
    expect(rows[2]).toHaveTextContent('GitHub');
    expect(rows[2]).toHaveTextContent('Warning');

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(
      await within(table).findByText('PD incident resolved'),
    ).toBeInTheDocument();
    expect(api.listEvents).toHaveBeenLastCalledWith({
      unmatched: true,
      limit: 50,
      cursor: 'c2',
    });
    expect(within(table).getAllByRole('row')[3]).toHaveTextContent('Resolved');
    expect(
      screen.queryByRole('button', { name: 'Load more' }),
    ).not.toBeInTheDocument();
  });

  it('maps an event to an entity and drops it from the list', async () => {
    const api = fakeValueStreamApi({
      listEvents: jest.fn().mockResolvedValue({ items: [event(), second] }),
      mapEvent: jest
        .fn()
        .mockResolvedValue(event({ entityRef: 'component:default/checkout' })),
    });
    await renderWithApis(<EventsView />, {
      api,
      entity: false,
      catalogEntities,
    });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Map to entity: HighLatency on payments-gw',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('textbox', { name: /Entity/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: /^Checkout/ }),
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Map' }));

    expect(api.mapEvent).toHaveBeenCalledWith(
      'evt-1',
      'component:default/checkout',
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    const table = screen.getByRole('table', { name: 'Unmatched events' });
    expect(table).not.toHaveTextContent('HighLatency on payments-gw');
    expect(table).toHaveTextContent('Workflow failed on acme/legacy');
    expect(api.listEvents).toHaveBeenCalledTimes(1);
  });

  it('reloads the list after a conflict', async () => {
    const api = fakeValueStreamApi({
      listEvents: jest
        .fn()
        .mockResolvedValueOnce({ items: [event(), second] })
        .mockResolvedValueOnce({ items: [second] }),
      mapEvent: jest
        .fn()
        .mockRejectedValue(
          await responseError(409, 'ConflictError', 'Already matched'),
        ),
    });
    await renderWithApis(<EventsView />, {
      api,
      entity: false,
      catalogEntities,
    });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Map to entity: HighLatency on payments-gw',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('textbox', { name: /Entity/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: /^Checkout/ }),
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Map' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'This event is already mapped',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(
        screen.getByRole('table', { name: 'Unmatched events' }),
      ).not.toHaveTextContent('HighLatency on payments-gw'),
    );
    expect(api.listEvents).toHaveBeenCalledTimes(2);
  });

  it('offers mapping only to users who may manage events', async () => {
    const api = fakeValueStreamApi({
      listEvents: jest.fn().mockResolvedValue({ items: [event()] }),
    });
    const allow = jest.fn(
      (name: string) => name !== 'value-stream.event.manage',
    );
    await renderWithApis(<EventsView />, { api, entity: false, allow });
    expect(
      await screen.findByRole('table', { name: 'Unmatched events' }),
    ).toHaveTextContent('HighLatency on payments-gw');
    await waitFor(() =>
      expect(allow).toHaveBeenCalledWith('value-stream.event.manage'),
    );
    expect(
      screen.queryByRole('button', { name: /Map to entity/ }),
    ).not.toBeInTheDocument();
  });

  it('shows progress, an empty state and errors', async () => {
    const pending = fakeValueStreamApi({
      listEvents: jest.fn(() => new Promise<never>(() => {})),
    });
    const first = await renderWithApis(<EventsView />, {
      api: pending,
      entity: false,
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    first.unmount();

    const { unmount } = await renderWithApis(<EventsView />, { entity: false });
    expect(await screen.findByText('No unmatched events')).toBeInTheDocument();
    unmount();

    const failing = fakeValueStreamApi({
      listEvents: jest
        .fn()
        .mockRejectedValue(await responseError(500, 'Error', 'boom')),
    });
    await renderWithApis(<EventsView />, { api: failing, entity: false });
    expect(
      await screen.findByText(/Request failed with 500/),
    ).toBeInTheDocument();
  });
});
