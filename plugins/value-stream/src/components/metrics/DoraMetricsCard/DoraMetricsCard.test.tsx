import { screen } from '@testing-library/react';
import { ENTITY_REF, metricsReport } from '../../../__testUtils__/fixtures';
import {
  fakeValueStreamApi,
  renderWithApis,
  responseError,
} from '../../../__testUtils__/render';
import { DoraMetricsCard } from './DoraMetricsCard';

describe('DoraMetricsCard', () => {
  it('shows the DORA metrics of the entity', async () => {
    const api = fakeValueStreamApi({
      getMetrics: jest.fn().mockResolvedValue(metricsReport()),
    });
    await renderWithApis(<DoraMetricsCard />, { api });
    expect(
      await screen.findByRole('region', { name: 'Deployment frequency' }),
    ).toHaveTextContent('2 per week');
    expect(api.getMetrics).toHaveBeenCalledWith({
      entityRef: ENTITY_REF,
      bucket: 'week',
    });
    expect(screen.getByText('DORA metrics')).toBeInTheDocument();
  });

  it('covers the services of a system', async () => {
    const api = fakeValueStreamApi({
      getMetrics: jest.fn().mockResolvedValue(metricsReport()),
    });
    await renderWithApis(<DoraMetricsCard />, {
      api,
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: { name: 'shop', namespace: 'default' },
        spec: { owner: 'group:default/checkout' },
      },
    });
    await screen.findByRole('region', { name: 'Deployment frequency' });
    expect(api.getMetrics).toHaveBeenCalledWith({
      system: 'system:default/shop',
      bucket: 'week',
    });
  });

  it('shows progress while loading', async () => {
    const api = fakeValueStreamApi({
      getMetrics: jest.fn(() => new Promise<never>(() => {})),
    });
    await renderWithApis(<DoraMetricsCard />, { api });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows an empty state without delivery data', async () => {
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
    await renderWithApis(<DoraMetricsCard />, { api });
    expect(await screen.findByText('No delivery data yet')).toBeInTheDocument();
  });

  it('shows the error of a failed load', async () => {
    const api = fakeValueStreamApi({
      getMetrics: jest
        .fn()
        .mockRejectedValue(await responseError(500, 'Error', 'boom')),
    });
    await renderWithApis(<DoraMetricsCard />, { api });
    expect(
      await screen.findByText(/Request failed with 500/),
    ).toBeInTheDocument();
  });
});
