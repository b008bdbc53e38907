import { screen, within } from '@testing-library/react';
import { metricsReport } from '../../../__testUtils__/fixtures';
import { renderWithApis } from '../../../__testUtils__/render';
import { UnauthorizedDeployments } from './UnauthorizedDeployments';

describe('UnauthorizedDeployments', () => {
  it('counts them against the production deployments, per service of the scope', async () => {
    const report = metricsReport({
      scope: {
        owner: 'group:default/checkout',
        entityRefs: ['component:default/cart', 'component:default/checkout'],
      },
      unauthorizedDeployments: {
        productionDeployments: 8,
        count: 3,
        rate: 3 / 8,
        byEntity: [
          { entityRef: 'component:default/checkout', count: 2 },
          { entityRef: 'component:default/cart', count: 1 },
        ],
        deploymentIds: ['d1', 'd2', 'd3'],
      },
    });
    await renderWithApis(<UnauthorizedDeployments report={report} />);

    const tile = screen.getByRole('region', {
      name: 'Unauthorized deployments',
    });
    expect(tile).toHaveTextContent(
      '3of 8 production deployments (37.5 % of production deployments)',
    );
    const table = screen.getByRole('table', {
      name: 'Unauthorized deployments by service',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual(['checkout2', 'cart1']);
  });

  it('says so when every production deployment was authorized', async () => {
    const report = metricsReport({
      unauthorizedDeployments: {
        productionDeployments: 4,
        count: 0,
        rate: 0,
        byEntity: [],
        deploymentIds: [],
      },
    });
    await renderWithApis(<UnauthorizedDeployments report={report} />);
    expect(
      screen.getByRole('region', { name: 'Unauthorized deployments' }),
    ).toHaveTextContent(
      '0Every production deployment had an authorized change',
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says when there was nothing to judge', async () => {
    const report = metricsReport({
      unauthorizedDeployments: {
        productionDeployments: 0,
        count: 0,
        byEntity: [],
        deploymentIds: [],
      },
    });
    await renderWithApis(<UnauthorizedDeployments report={report} />);
    expect(
      screen.getByText('No production deployments in this window'),
    ).toBeInTheDocument();
  });
});
