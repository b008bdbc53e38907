import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import { board, boardItem } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
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
      getBoard: jest.fn().mockResolvedValue(
        board([
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
      ),
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
    expect(
      screen.queryByRole('button', { name: /Load more/ }),
    ).not.toBeInTheDocument();
  });

  it('shows the total of each column in its heading', async () => {
    const api = fakeValueStreamApi({
      getBoard: jest.fn().mockResolvedValue(
        board([boardItem({ stage: 'build' })], {
          build: { total: 412, nextCursor: 'build-2' },
        }),
      ),
    });
    await renderWithApis(<ValueStreamBoard />, { api, entity: false });

    expect(
      await screen.findByRole('heading', { name: 'Build (412)' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Demand (0)' }),
    ).toBeInTheDocument();
  });

  it('loads more of one column, keeping the others, until a filter starts over', async () => {
    const search = boardItem({
      entityRef: 'component:default/search',
      title: 'Search',
      stage: 'build',
    });
    const wishlist = boardItem({
      entityRef: 'component:default/wishlist',
      title: 'Wishlist',
      stage: 'build',
    });
    let resolveMore: (value: unknown) => void = () => {};
    const api = fakeValueStreamApi({
      getBoard: jest
        .fn()
        .mockResolvedValueOnce(
          board([boardItem(), search], {
            build: { total: 2, nextCursor: 'build-2' },
          }),
        )
        .mockReturnValueOnce(new Promise(resolve => (resolveMore = resolve)))
        .mockResolvedValue(board([boardItem()])),
    });
    await renderWithApis(<ValueStreamBoard />, {
      api,
      entity: false,
      catalogEntities,
    });
    const build = await screen.findByRole('region', { name: 'Build stage' });

    await userEvent.click(
      within(build).getByRole('button', { name: 'Load more in Build' }),
    );
    expect(api.getBoard).toHaveBeenLastCalledWith({
      owner: undefined,
      system: undefined,
      stage: 'build',
      cursor: 'build-2',
    });
    expect(build).toHaveAttribute('aria-busy', 'true');
    expect(
      within(build).getByRole('button', { name: 'Load more in Build' }),
    ).toBeDisabled();

    resolveMore({ columns: [{ stage: 'build', total: 2, items: [wishlist] }] });
    expect(
      await within(build).findByRole('article', { name: 'Wishlist' }),
    ).toBeInTheDocument();
    expect(
      within(build)
        .getAllByRole('article')
        .map(card => card.getAttribute('aria-label')),
    ).toEqual(['Search', 'Wishlist']);
    expect(build).toHaveAttribute('aria-busy', 'false');
    expect(
      within(build).queryByRole('button', { name: /Load more/ }),
    ).not.toBeInTheDocument();
    expect(
      within(screen.getByRole('region', { name: 'Operate stage' })).getByRole(
        'article',
        { name: 'Checkout' },
      ),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /Owner/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Checkout team' }),
    );
    expect(
      await screen.findByRole('heading', { name: 'Build (0)' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('article', { name: 'Wishlist' }),
    ).not.toBeInTheDocument();
  });

  it('shows a failed page in its column and lets it be tried again', async () => {
    const api = fakeValueStreamApi({
      getBoard: jest
        .fn()
        .mockResolvedValueOnce(
          board([boardItem({ stage: 'build' })], {
            build: { total: 30, nextCursor: 'build-2' },
          }),
        )
        .mockRejectedValueOnce(await responseError(500, 'Error', 'boom')),
    });
    await renderWithApis(<ValueStreamBoard />, { api, entity: false });
    const build = await screen.findByRole('region', { name: 'Build stage' });

    await userEvent.click(
      within(build).getByRole('button', { name: 'Load more in Build' }),
    );
    expect(await within(build).findByRole('alert')).toHaveTextContent(
      /Could not load more services: Request failed with 500/,
    );
    expect(
      within(build).getByRole('article', { name: 'Checkout' }),
    ).toBeInTheDocument();
    expect(
      within(build).getByRole('button', { name: 'Load more in Build' }),
    ).toBeEnabled();
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });

  it('filters by owner and system from the catalog', async () => {
    const api = fakeValueStreamApi({
      getBoard: jest.fn().mockResolvedValue(board([boardItem()])),
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
      getBoard: jest.fn().mockResolvedValue(board()),
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
