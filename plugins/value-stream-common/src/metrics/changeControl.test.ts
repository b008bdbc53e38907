import { deployment } from '../testUtils/records';
import { unauthorizedDeployments } from './changeControl';
import { trend } from './trend';

const window = {
  from: '2025-03-03T00:00:00.000Z',
  to: '2025-03-17T00:00:00.000Z',
};

describe('unauthorizedDeployments', () => {
  const deployments = [
    // Week of 3 March: one unauthorized of checkout, one authorized.
    deployment({
      id: 'd1',
      unauthorized: true,
      startedAt: '2025-03-04T10:00:00.000Z',
    }),
    deployment({ id: 'd2', startedAt: '2025-03-05T10:00:00.000Z' }),
    // Week of 10 March: two unauthorized, of cart and checkout; judged at
    // the finish when there is no start.
    deployment({
      id: 'd3',
      entityRef: 'component:default/cart',
      unauthorized: true,
      state: 'failure',
      finishedAt: '2025-03-11T10:00:00.000Z',
    }),
    deployment({
      id: 'd4',
      entityRef: 'Component:default/Checkout',
      unauthorized: true,
      startedAt: '2025-03-12T10:00:00.000Z',
    }),
    // Outside the window, and not to production.
    deployment({
      id: 'd5',
      unauthorized: true,
      startedAt: '2025-03-17T00:00:00.000Z',
    }),
    deployment({
      id: 'd6',
      production: false,
      environment: 'staging',
      startedAt: '2025-03-06T10:00:00.000Z',
    }),
  ];

  it('counts the flagged production deployments of the window, per service', () => {
    const result = unauthorizedDeployments(deployments, window);
    expect(result).toMatchObject({
      productionDeployments: 4,
      count: 3,
      rate: 0.75,
      byEntity: [
        { entityRef: 'component:default/checkout', count: 2 },
        { entityRef: 'component:default/cart', count: 1 },
      ],
      deploymentIds: ['d1', 'd3', 'd4'],
    });
    expect(result.samples.map(s => s.at)).toEqual([
      '2025-03-04T10:00:00.000Z',
      '2025-03-11T10:00:00.000Z',
      '2025-03-12T10:00:00.000Z',
    ]);
  });

  it('buckets by week like the other metrics', () => {
    const { samples } = unauthorizedDeployments(deployments, window);
    expect(
      trend(samples, 'week', { window, aggregate: 'count' }).map(b => [
        b.start,
        b.value,
      ]),
    ).toEqual([
      ['2025-03-03T00:00:00.000Z', 1],
      ['2025-03-10T00:00:00.000Z', 2],
    ]);
  });

  it('has no rate without production deployments', () => {
    expect(unauthorizedDeployments([], window)).toEqual({
      productionDeployments: 0,
      count: 0,
      byEntity: [],
      deploymentIds: [],
      samples: [],
    });
  });
});
