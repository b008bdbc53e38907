import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { asset, assetsOverview } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { AssetsView } from './AssetsView';

describe('AssetsView', () => {
  it('shows expiring assets soonest first, cost rollups and orphans', async () => {
    const overview = assetsOverview();
    // Out of order on purpose: the view sorts by days left.
    overview.expiring = [...overview.expiring].reverse();
    const api = fakeValueStreamApi({
      getAssets: jest.fn().mockResolvedValue(overview),
    });
    await renderWithApis(<AssetsView />, { api, entity: false });

    const expiring = await screen.findByRole('table', {
      name: 'Expiring assets',
    });
    expect(api.getAssets).toHaveBeenCalledWith(90);
    const rows = within(expiring).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('Oracle licence');
    expect(rows[0]).toHaveTextContent('Licence');
    expect(rows[0]).toHaveTextContent('Oracle');
    expect(rows[0]).toHaveTextContent('12 days left');
    expect(rows[0]).toHaveTextContent('$12,000.00 per year');
    expect(rows[1]).toHaveTextContent('Datadog contract');
    expect(rows[1]).toHaveTextContent('60 days left');
    expect(rows[1]).toHaveTextContent('€20,000.00 per year');

    const perService = screen.getByRole('table', { name: 'Cost per service' });
    expect(perService).toHaveTextContent('Checkout');
    expect(perService).toHaveTextContent('€20,000.00 + $12,000.00');
    const perSystem = screen.getByRole('table', { name: 'Cost per system' });
    expect(perSystem).toHaveTextContent('Shop');
    expect(perSystem).toHaveTextContent('$12,000.00');

    expect(
      screen.getByRole('table', { name: 'Assets without an owner' }),
    ).toHaveTextContent('Old rack');
    expect(
      screen.getByRole('table', { name: 'Assets nothing depends on' }),
    ).toHaveTextContent('$5,000.00 one-off');
  });

  it('changes the expiry window', async () => {
    const api = fakeValueStreamApi({
      getAssets: jest.fn().mockResolvedValue(assetsOverview()),
    });
    await renderWithApis(<AssetsView />, { api, entity: false });
    await screen.findByRole('table', { name: 'Expiring assets' });
    await userEvent.click(
      screen.getByRole('button', { name: /Expiring within/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: '30 days' }),
    );
    await waitFor(() => expect(api.getAssets).toHaveBeenLastCalledWith(30));
  });

  it('says when nothing expires and nothing is orphaned', async () => {
    const api = fakeValueStreamApi({
      getAssets: jest.fn().mockResolvedValue(
        assetsOverview({
          expiring: [],
          withoutOwner: [],
          withoutDependents: [],
          costByService: [],
          costBySystem: [],
          assets: [asset()],
        }),
      ),
    });
    await renderWithApis(<AssetsView />, { api, entity: false });
    expect(
      await screen.findByText('Nothing expires within 90 days.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Every asset has an owner.')).toBeInTheDocument();
    expect(
      screen.getByText('Every asset is needed by at least one entity.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No service needs a costed asset.'),
    ).toBeInTheDocument();
  });

  it('shows progress, an empty state and errors', async () => {
    const pending = fakeValueStreamApi({
      getAssets: jest.fn(() => new Promise<never>(() => {})),
    });
    const first = await renderWithApis(<AssetsView />, {
      api: pending,
      entity: false,
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    first.unmount();

    const empty = fakeValueStreamApi({
      getAssets: jest.fn().mockResolvedValue(
        assetsOverview({
          assets: [],
          expiring: [],
          withoutOwner: [],
          withoutDependents: [],
          costByService: [],
          costBySystem: [],
        }),
      ),
    });
    const second = await renderWithApis(<AssetsView />, {
      api: empty,
      entity: false,
    });
    expect(
      await screen.findByText('No assets in the catalog'),
    ).toBeInTheDocument();
    second.unmount();

    const failing = fakeValueStreamApi({
      getAssets: jest
        .fn()
        .mockRejectedValue(await responseError(500, 'Error', 'boom')),
    });
    await renderWithApis(<AssetsView />, { api: failing, entity: false });
    expect(
      await screen.findByText(/Request failed with 500/),
    ).toBeInTheDocument();
  });
});
