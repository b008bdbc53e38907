import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import { boardItem } from '../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../__testUtils__/render';
import { ValueStreamBoard } from './ValueStreamBoard';

const catalogEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'checkout',
      namespace: 'default',
      title: 'Checkout team',
    },
    spec: {},
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'shop', namespace: 'default' },
    spec: {},
  },
];

describe('ValueStreamBoard', () => {
  it('shows one column per stage with the services in it', async () => {
    const api = fakeValueStreamApi({
      getBoard: jest.fn().mockResolvedValue([
        boardItem(),
        boardItem({
          entityRef: 'component:default/search',
          title: 'Search',
          stage: 'build',
          gaps: 0,
          openIncidents: 0,
          breachedIncidents: 0,
          openChanges: 0,
          productionVersion: undefined,
        }),
      ]),
    });
    await renderWithApis(<ValueStreamBoard />, {
      api,
      entity: false,
      catalogEntities,
    });

    const operate = await screen.findByRole('region', {
      name: 'Operate stage',
    });
    const card = within(operate).getByRole('article', { name: 'Checkout' });
    expect(card).toHaveTextContent('prod 2.4.0');
    expect(card).toHaveTextContent('1 gap');
    expect(card).toHaveTextContent('2 incidents, 1 breached');
    expect(card).toHaveTextContent('1 change');
    expect(
      within(card).getByRole('link', { name: 'Checkout' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout');
    expect(
      within(screen.getByRole('region', { name: 'Build stage' })).getByRole(
        'article',
        { name: 'Search' },
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('region')).toHaveLength(7);
  });

  it('filters by owner and system from the catalog', async () => {
    const api = fakeValueStreamApi({
      getBoard: jest.fn().mockResolvedValue([boardItem()]),
    });
    await renderWithApis(<ValueStreamBoard />, {
      api,
      entity: false,
      catalogEntities,
    });
    await screen.findByRole('region', { name: 'Operate stage' });

    await userEvent.click(screen.getByRole('button', { name: /Owner/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Checkout team' }),
    );
    await waitFor(() =>
      expect(api.getBoard).toHaveBeenLastCalledWith({
        owner: 'group:default/checkout',
        system: undefined,
      }),
    );
    await userEvent.click(screen.getByRole('button', { name: /System/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'shop' }));
    await waitFor(() =>
      expect(api.getBoard).toHaveBeenLastCalledWith({
        owner: 'group:default/checkout',
        system: 'system:default/shop',
      }),
    );
  });

  it('shows empty and error states', async () => {
    const api = fakeValueStreamApi({
      getBoard: jest.fn().mockResolvedValue([]),
    });
    const { unmount } = await renderWithApis(<ValueStreamBoard />, {
      api,
      entity: false,
    });
    expect(
      await screen.findByText('No services on the board'),
    ).toBeInTheDocument();
    unmount();
    const failing = fakeValueStreamApi({
      getBoard: jest
        .fn()
        .mockRejectedValue(await responseError(500, 'Error', 'boom')),
    });
    await renderWithApis(<ValueStreamBoard />, { api: failing, entity: false });
    expect(
      await screen.findByText(/Request failed with 500/),
    ).toBeInTheDocument();
  });
});
