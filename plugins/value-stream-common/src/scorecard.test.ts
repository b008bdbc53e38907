import { doraMetrics } from './metrics';
import { countByPriority, entityScorecard } from './scorecard';
import { deployment, incident } from './testUtils/records';

const window = {
  from: '2025-02-01T00:00:00.000Z',
  to: '2025-03-03T00:00:00.000Z',
};

describe('countByPriority', () => {
  it('counts every priority, zero when none is open', () => {
    expect(
      countByPriority([
        { priority: 'P1' },
        { priority: 'P3' },
        { priority: 'P1' },
      ]),
    ).toEqual({ P1: 2, P2: 0, P3: 1, P4: 0 });
  });
});

describe('entityScorecard', () => {
  it('keeps the gaps, counts open incidents and drops the metric samples', () => {
    const dora = doraMetrics(
      {
        deployments: [
          deployment({
            id: 'd1',
            state: 'success',
            createdAt: '2025-02-10T00:00:00.000Z',
          }),
        ],
        changes: [],
        incidents: [],
      },
      window,
    );
    const scorecard = entityScorecard({
      summary: {
        entityRef: 'component:default/checkout',
        stage: 'operate',
        checklist: [
          {
            id: 'agreed-service-level',
            stage: 'design',
            label: 'Agreed service level',
            met: false,
            evidence: [],
            gap: true,
          },
          {
            id: 'runbook',
            stage: 'deploy',
            label: 'Runbook',
            met: true,
            evidence: [],
            gap: false,
          },
        ],
        serviceLevels: [],
      },
      openIncidents: [incident({ priority: 'P2' })],
      dora,
    });
    expect(scorecard).toEqual({
      entityRef: 'component:default/checkout',
      stage: 'operate',
      gaps: ['agreed-service-level'],
      serviceLevels: [],
      openIncidentsByPriority: { P1: 0, P2: 1, P3: 0, P4: 0 },
      dora: {
        window,
        deploymentFrequency: expect.objectContaining({ count: 1 }),
        leadTimeForChanges: expect.objectContaining({ count: 0 }),
        changeFailureRate: { total: 1, failed: 0, rate: 0, band: 'elite' },
        timeToRestore: { count: 0 },
      },
      unauthorizedDeployments: 0,
    });
    expect(scorecard.dora.deploymentFrequency).not.toHaveProperty('samples');
  });

  it('carries the count of unauthorized deployments', () => {
    const scorecard = entityScorecard({
      summary: {
        entityRef: 'component:default/checkout',
        stage: 'operate',
        checklist: [],
        serviceLevels: [],
      },
      openIncidents: [],
      dora: doraMetrics(
        { deployments: [], changes: [], incidents: [] },
        window,
      ),
      unauthorizedDeployments: 2,
    });
    expect(scorecard.unauthorizedDeployments).toBe(2);
  });
});
