import { screen, within } from '@testing-library/react';
import { metricsReport } from '../../../__testUtils__/fixtures';
import { renderWithApis } from '../../../__testUtils__/render';
import { DoraMetricsPanel, hasDoraData } from './DoraMetricsPanel';

describe('DoraMetricsPanel', () => {
  it('shows the four DORA metrics with their bands', async () => {
    await renderWithApis(<DoraMetricsPanel report={metricsReport()} />);

    const frequency = screen.getByRole('region', {
      name: 'Deployment frequency',
    });
    expect(frequency).toHaveTextContent('2 per week');
    expect(frequency).toHaveTextContent('8 production deployments in 28 days');
    expect(within(frequency).getByText('High')).toBeInTheDocument();

    const leadTime = screen.getByRole('region', {
      name: 'Lead time for changes',
    });
    expect(leadTime).toHaveTextContent('1d 06h 00m');
    expect(leadTime).toHaveTextContent('p90 3d 00h 00m over 6 changes');
    expect(leadTime).toHaveTextContent('1 pending');

    const failureRate = screen.getByRole('region', {
      name: 'Change failure rate',
    });
    expect(failureRate).toHaveTextContent('10 %');
    expect(failureRate).toHaveTextContent(
      '1 of 10 deployments failed or caused an incident',
    );

    const restore = screen.getByRole('region', {
      name: 'Time to restore service',
    });
    expect(restore).toHaveTextContent('30m 00s');
    expect(restore).toHaveTextContent(
      'p90 2h 00m 00s over 3 resolved incidents',
    );
    expect(within(restore).getByText('Elite')).toBeInTheDocument();
  });

  it('shows dashes and no band for metrics without data', async () => {
    const report = metricsReport();
    report.dora.deploymentFrequency = {
      ...report.dora.deploymentFrequency,
      count: 0,
      perDay: 0,
      perWeek: 0,
      band: 'low',
    };
    report.dora.leadTimeForChanges = { count: 0, pending: 0, samples: [] };
    report.dora.changeFailureRate = {
      total: 0,
      failed: 0,
      failedDeploymentIds: [],
      samples: [],
    };
    report.dora.timeToRestore = { count: 0, samples: [] };
    report.trends = {
      deployments: [],
      leadTimeMs: [],
      changeFailureRate: [],
      timeToRestoreMs: [],
      unauthorizedDeployments: [],
    };
    await renderWithApis(<DoraMetricsPanel report={report} dense />);

    expect(
      screen.getByRole('region', { name: 'Deployment frequency' }),
    ).toHaveTextContent('0 per month');
    expect(
      screen.getByRole('region', { name: 'Lead time for changes' }),
    ).toHaveTextContent('—No change reached production');
    expect(
      screen.getByRole('region', { name: 'Change failure rate' }),
    ).toHaveTextContent('—No production deployments');
    expect(
      screen.getByRole('region', { name: 'Time to restore service' }),
    ).toHaveTextContent('—No incident resolved');
    expect(screen.getAllByText('Low')).toHaveLength(1);
    expect(hasDoraData(report)).toBe(false);
    expect(hasDoraData(metricsReport())).toBe(true);
  });
});
