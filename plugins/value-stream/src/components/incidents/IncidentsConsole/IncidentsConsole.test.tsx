import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import { incident } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { IncidentsConsole } from './IncidentsConsole';

const catalogEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', namespace: 'default', title: 'Checkout' },
    spec: {},
  },
];

const breached = incident({
  id: 'inc-2',
  title: 'Search down',
  priority: 'P3',
  sla: {
    responseDueAt: '2020-01-01T00:00:00Z',
    pausedMs: 0,
    responseBreached: true,
    resolutionBreached: false,
  },
});

describe('IncidentsConsole', () => {
  it('lists breached incidents first and highlighted', async () => {
    const api = fakeValueStreamApi({
      listRecords: jest
        .fn()
        .mockResolvedValue({ items: [incident(), breached] }),
    });
    await renderWithApis(<IncidentsConsole />, {
      api,
      entity: false,
      catalogEntities,
    });
    const table = await screen.findByRole('table', { name: 'Incidents' });
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Search down');
    expect(rows[1]).toHaveAttribute('data-breached', 'true');
    expect(rows[2]).toHaveTextContent('Checkout returns 500');
    expect(api.listRecords).toHaveBeenCalledWith('incidents', {
      state: ['new', 'acknowledged', 'in_progress'],
      entityRef: undefined,
      limit: 100,
      cursor: undefined,
    });
  });

  it('filters by priority, state and service', async () => {
    const api = fakeValueStreamApi({
      listRecords: jest
        .fn()
        .mockResolvedValue({ items: [incident(), breached] }),
    });
    await renderWithApis(<IncidentsConsole />, {
      api,
      entity: false,
      catalogEntities,
    });
    await screen.findByRole('table', { name: 'Incidents' });

    await userEvent.click(screen.getByRole('button', { name: /Priority/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByRole('option', { name: 'P1' }),
    );
    const rows = within(
      screen.getByRole('table', { name: 'Incidents' }),
    ).getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toHaveTextContent('Checkout returns 500');

    await userEvent.click(screen.getByRole('button', { name: /State/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByRole('option', {
        name: 'Resolved',
      }),
    );
    await userEvent.click(screen.getByRole('button', { name: /Service/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Checkout' }),
    );
    await waitFor(() =>
      expect(api.listRecords).toHaveBeenLastCalledWith('incidents', {
        state: ['resolved'],
        entityRef: 'component:default/checkout',
        limit: 100,
        cursor: undefined,
      }),
    );
  });

  it('shows empty and error states', async () => {
    const { unmount } = await renderWithApis(<IncidentsConsole />, {
      entity: false,
    });
    expect(
      await screen.findByText('No incidents match these filters'),
    ).toBeInTheDocument();
    unmount();
    const api = fakeValueStreamApi({
      listRecords: jest
        .fn()
        .mockRejectedValue(await responseError(500, 'Error', 'boom')),
    });
    await renderWithApis(<IncidentsConsole />, { api, entity: false });
    expect(
      await screen.findByText(/Request failed with 500/),
    ).toBeInTheDocument();
  });
});
