import {
  doraMetrics,
  entityScorecard,
  type EntityScorecard,
  type ServiceLevelAttainment,
} from '@valuestream/plugin-value-stream-common';
import {
  deployment,
  incident,
  serviceLevel,
} from '@valuestream/plugin-value-stream-common/testUtils';
import {
  entityOfScorecard,
  factsOfScorecard,
  valueStreamFactSchema,
} from './facts';

const WINDOW = {
  from: '2025-01-01T00:00:00.000Z',
  to: '2025-04-01T00:00:00.000Z',
};
const HOUR = 3_600_000;

function attainment(
  fields: Partial<ServiceLevelAttainment> & {
    state: ServiceLevelAttainment['serviceLevel']['state'];
    target: number;
  },
): ServiceLevelAttainment {
  const { state, target, ...rest } = fields;
  return {
    serviceLevel: serviceLevel({ state, availabilityTarget: target }),
    windowDays: 30,
    availability: 100,
    responseAttainment: 100,
    resolutionAttainment: 100,
    breaches: 0,
    errorBudgetRemaining: 100,
    ...rest,
  };
}

function scorecard(
  overrides: {
    serviceLevels?: ServiceLevelAttainment[];
    gaps?: string[];
    incidents?: Array<'P1' | 'P2' | 'P3' | 'P4'>;
    deployments?: Parameters<typeof deployment>[0][];
  } = {},
): EntityScorecard {
  return entityScorecard({
    summary: {
      entityRef: 'component:default/checkout-service',
      stage: 'operate',
      checklist: (overrides.gaps ?? []).map(id => ({
        id,
        stage: 'design',
        label: id,
        met: false,
        evidence: [],
        gap: true,
      })),
      serviceLevels: overrides.serviceLevels ?? [],
    },
    openIncidents: (overrides.incidents ?? []).map(priority =>
      incident({ priority }),
    ),
    dora: doraMetrics(
      {
        deployments: (overrides.deployments ?? []).map((fields, i) =>
          deployment({ id: `d${i}`, ...fields }),
        ),
        changes: [],
        incidents: [],
      },
      WINDOW,
    ),
  });
}

describe('factsOfScorecard', () => {
  it('gives every fact of the schema, and only those', () => {
    expect(Object.keys(factsOfScorecard(scorecard())).sort()).toEqual(
      Object.keys(valueStreamFactSchema).sort(),
    );
  });

  it('gives null service level facts and no DORA figures to a bare service', () => {
    expect(factsOfScorecard(scorecard())).toEqual({
      stage: 'operate',
      gapCount: 0,
      gaps: [],
      hasAgreedServiceLevel: false,
      serviceLevelTarget: null,
      slaAttainment: null,
      errorBudgetRemaining: null,
      overErrorBudget: false,
      openP1Incidents: 0,
      openP2Incidents: 0,
      productionDeployments: 0,
      deploymentsPerWeek: 0,
      leadTimeHours: null,
      timeToRestoreHours: null,
      changeFailureRate: null,
      unauthorizedDeployments: 0,
    });
  });

  it('counts the unauthorized deployments of the last 30 days', () => {
    const card = entityScorecard({
      summary: {
        entityRef: 'component:default/checkout-service',
        stage: 'operate',
        checklist: [],
        serviceLevels: [],
      },
      openIncidents: [],
      dora: doraMetrics(
        { deployments: [], changes: [], incidents: [] },
        WINDOW,
      ),
      unauthorizedDeployments: 3,
    });
    expect(factsOfScorecard(card).unauthorizedDeployments).toBe(3);
  });

  it('counts the gaps and their ids', () => {
    const facts = factsOfScorecard(
      scorecard({ gaps: ['agreed-service-level', 'runbook'] }),
    );
    expect(facts.gapCount).toBe(2);
    expect(facts.gaps).toEqual(['agreed-service-level', 'runbook']);
  });

  it('follows the strictest agreed service level, not drafts or proposals', () => {
    const facts = factsOfScorecard(
      scorecard({
        serviceLevels: [
          attainment({ state: 'proposed', target: 99.99, availability: 10 }),
          attainment({ state: 'agreed', target: 99.5, availability: 99.8 }),
          attainment({
            state: 'agreed',
            target: 99.9,
            availability: 99.87654,
            errorBudgetRemaining: -23.456,
          }),
        ],
      }),
    );
    expect(facts).toMatchObject({
      hasAgreedServiceLevel: true,
      serviceLevelTarget: 99.9,
      slaAttainment: 99.88,
      errorBudgetRemaining: -23.46,
      overErrorBudget: true,
    });
  });

  it('has no agreed service level while one is only proposed', () => {
    const facts = factsOfScorecard(
      scorecard({
        serviceLevels: [attainment({ state: 'proposed', target: 99.9 })],
      }),
    );
    expect(facts.hasAgreedServiceLevel).toBe(false);
    expect(facts.slaAttainment).toBeNull();
  });

  it('counts open P1 and P2 incidents apart', () => {
    const facts = factsOfScorecard(
      scorecard({ incidents: ['P1', 'P2', 'P2', 'P3', 'P4'] }),
    );
    expect(facts.openP1Incidents).toBe(1);
    expect(facts.openP2Incidents).toBe(2);
  });

  it('gives the DORA figures in percent, per week and in hours', () => {
    const facts = factsOfScorecard(
      scorecard({
        deployments: [
          { state: 'success', finishedAt: '2025-02-01T00:00:00.000Z' },
          { state: 'success', finishedAt: '2025-02-02T00:00:00.000Z' },
          { state: 'failure', finishedAt: '2025-02-03T00:00:00.000Z' },
        ],
      }),
    );
    expect(facts.productionDeployments).toBe(3);
    expect(facts.changeFailureRate).toBe(33.33);
    // 2 successful in 90 days.
    expect(facts.deploymentsPerWeek).toBe(0.16);
  });

  it('gives median times in hours', () => {
    const card = scorecard();
    card.dora.leadTimeForChanges.medianMs = 36 * HOUR;
    card.dora.timeToRestore.medianMs = 1.5 * HOUR;
    expect(factsOfScorecard(card)).toMatchObject({
      leadTimeHours: 36,
      timeToRestoreHours: 1.5,
    });
  });
});

describe('entityOfScorecard', () => {
  it('splits the entity ref', () => {
    expect(entityOfScorecard(scorecard())).toEqual({
      kind: 'component',
      namespace: 'default',
      name: 'checkout-service',
    });
  });
});
