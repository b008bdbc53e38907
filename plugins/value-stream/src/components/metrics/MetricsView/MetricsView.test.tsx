import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import { metricsReport } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { MetricsView } from './MetricsView';

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
    metadata: { name: 'shop', namespace: 'default', title: 'Shop' },
    spec: {},
  },
];

async function choose(field: RegExp, option: string) {
  await userEvent.click(screen.getByRole('button', { name: field }));
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('MetricsView', () => {
  it('asks for a scope first', async () => {
    const api = fakeValueStreamApi();
    await renderWithApis(<MetricsView />, {
      api,
      entity: false,
      catalogEntities,
    });
    expect(
      await screen.findByText('Choose a system or an owner'),
    ).toBeInTheDocument();
    expect(api.getMetrics).not.toHaveBeenCalled();
  });

  it("opens on the user's team, until another scope is chosen", async () => {
    const api = fakeValueStreamApi({
      getMetrics: jest.fn().mockResolvedValue(metricsReport()),
    });
    await renderWithApis(<MetricsView />, {
      api,
      entity: false,
      catalogEntities,
      ownershipEntityRefs: ['user:default/guest', 'group:default/checkout'],
    });
    await waitFor(() =>
      expect(api.getMetrics).toHaveBeenCalledWith(
        expect.objectContaining({ owner: 'group:default/checkout' }),
      ),
    );
    expect(
      await screen.findByRole('button', { name: /Owner/ }),
    ).toHaveTextContent('Checkout team');

    await choose(/System/, 'Shop');
    await waitFor(() =>
      expect(api.getMetrics).toHaveBeenLastCalledWith(
        expect.objectContaining({ system: 'system:default/shop' }),
      ),
    );
    expect(api.getMetrics.mock.lastCall?.[0]).not.toHaveProperty('owner');
    expect(screen.getByRole('button', { name: /Owner/ })).toHaveTextContent(
      'No owner',
    );
  });

  it('shows DORA and flow metrics of a system or an owner', async () => {
    const report = metricsReport({
      scope: {
        system: 'system:default/shop',
        entityRefs: ['component:default/checkout', 'component:default/cart'],
      },
    });
    const api = fakeValueStreamApi({
      getMetrics: jest.fn().mockResolvedValue(report),
    });
    await renderWithApis(<MetricsView />, {
      api,
      entity: false,
      catalogEntities,
    });

    await choose(/System/, 'Shop');
    expect(
      await screen.findByRole('region', { name: 'Change failure rate' }),
    ).toHaveTextContent('10 %');
    expect(screen.getByText(/^2 services,/)).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Flow by stage' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Unauthorized deployments' }),
    ).toHaveTextContent('2of 10 production deployments');
    expect(
      screen.getByRole('table', {
        name: 'Unauthorized deployments by service',
      }),
    ).toHaveTextContent('checkout2');
    const call = api.getMetrics.mock.calls[0][0];
    expect(call).toEqual({
      system: 'system:default/shop',
      from: expect.any(String),
      bucket: 'week',
    });
    const days = (Date.now() - Date.parse(call.from!)) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(90);
    expect(days).toBeLessThan(91);

    // An owner replaces the system; window and bucket go along.
    await choose(/Owner/, 'Checkout team');
    await waitFor(() =>
      expect(api.getMetrics).toHaveBeenLastCalledWith({
        owner: 'group:default/checkout',
        from: expect.any(String),
        bucket: 'week',
      }),
    );
    await choose(/Window/, 'Last 30 days');
    await choose(/Trend by/, 'Month');
    await waitFor(() =>
      expect(api.getMetrics).toHaveBeenLastCalledWith({
        owner: 'group:default/checkout',
        from: expect.any(String),
        bucket: 'month',
      }),
    );
    const last = api.getMetrics.mock.calls.at(-1)![0];
    expect((Date.now() - Date.parse(last.from!)) / 86_400_000).toBeLessThan(31);
  });

  it('shows an empty state for a window without delivery data', async () => {
    const report = metricsReport();
    report.dora.deploymentFrequency.count = 0;
    report.dora.leadTimeForChanges = { count: 0, pending: 0, samples: [] };
    report.dora.changeFailureRate = {
      total: 0,
      failed: 0,
      failedDeploymentIds: [],
      samples: [],
    };
    report.dora.timeToRestore = { count: 0, samples: [] };
    const api = fakeValueStreamApi({
      getMetrics: jest.fn().mockResolvedValue(report),
    });
    await renderWithApis(<MetricsView />, {
      api,
      entity: false,
      catalogEntities,
    });
    await choose(/System/, 'Shop');
    expect(
      await screen.findByText('No delivery data in this window'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Flow by stage' }),
    ).toBeInTheDocument();
  });

  it('shows progress and the error of a failed load', async () => {
    let reject: (e: Error) => void = () => {};
    const api = fakeValueStreamApi({
      getMetrics: jest.fn(
        () =>
          new Promise<never>((_resolve, r) => {
            reject = r;
          }),
      ),
    });
    await renderWithApis(<MetricsView />, {
      api,
      entity: false,
      catalogEntities,
    });
    await choose(/System/, 'Shop');
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    reject(await responseError(400, 'InputError', 'Invalid query'));
    expect(
      await screen.findByText(/Request failed with 400/),
    ).toBeInTheDocument();
  });
});
