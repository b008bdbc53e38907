import {
  coreServices,
  createBackendModule,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import techInsightsModuleJsonRulesEngineFactCheckerFactory from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import valueStreamPlugin from '@valuestream/plugin-value-stream-backend';
import { ValueStreamClient } from '@valuestream/plugin-value-stream-common';
import type { AddressInfo } from 'node:net';
import techInsightsModuleValueStream from './index';

jest.setTimeout(120_000);

// A real test backend: the Value Stream backend, Tech Insights with the JSON
// rules engine fact checker, and this module. Records go in through the Value
// Stream API; the stage task and the fact retriever run as scheduled tasks.

const ALICE = 'user:default/alice';
const CHECKOUT = 'component:default/checkout-service';
const SEARCH = 'component:default/search-service';

function component(name: string, lifecycle: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle, owner: 'team-a' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
  };
}

const CHECKS = {
  agreedServiceLevel: {
    type: 'json-rules-engine',
    name: 'Agreed service level',
    description: 'Every production service has an agreed service level',
    factIds: ['valueStreamFactRetriever'],
    filter: { 'spec.lifecycle': 'production' },
    rule: {
      conditions: {
        all: [
          { fact: 'hasAgreedServiceLevel', operator: 'equal', value: true },
        ],
      },
    },
  },
  noOpenMajorIncidents: {
    type: 'json-rules-engine',
    name: 'No open P1/P2 incidents',
    description: 'The service has no open P1 or P2 incident',
    factIds: ['valueStreamFactRetriever'],
    rule: {
      conditions: {
        all: [
          { fact: 'openP1Incidents', operator: 'equal', value: 0 },
          { fact: 'openP2Incidents', operator: 'equal', value: 0 },
        ],
      },
    },
  },
  changeFailureRate: {
    type: 'json-rules-engine',
    name: 'Change failure rate under 15%',
    description: 'At most 15% of production deployments fail',
    factIds: ['valueStreamFactRetriever'],
    rule: {
      conditions: {
        any: [
          { fact: 'productionDeployments', operator: 'equal', value: 0 },
          { fact: 'changeFailureRate', operator: 'lessThan', value: 15 },
        ],
      },
    },
  },
};

describe('techInsightsModuleValueStream', () => {
  let baseUrl: string;
  let stop: () => Promise<void>;
  let scheduler: SchedulerService;
  // The mock scheduler is one instance for every plugin: this module hands
  // it to the test, to run the tasks when the records are in.
  const schedulerOfTest = createBackendModule({
    pluginId: 'tech-insights',
    moduleId: 'test-scheduler',
    register(reg) {
      reg.registerInit({
        deps: { service: coreServices.scheduler },
        async init({ service }) {
          scheduler = service;
        },
      });
    },
  });

  const call = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: {
        'Content-Type': 'application/json',
        Authorization: mockCredentials.user.header(ALICE),
      },
    });
    expect(res.status).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        valueStreamPlugin,
        techInsightsPlugin,
        techInsightsModuleJsonRulesEngineFactCheckerFactory,
        techInsightsModuleValueStream,
        catalogServiceMock.factory({
          entities: [
            component('checkout-service', 'production'),
            component('search-service', 'experimental'),
          ],
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        schedulerOfTest,
        mockServices.rootConfig.factory({
          data: {
            techInsights: {
              factRetrievers: {
                valueStreamFactRetriever: { cadence: '17 * * * *' },
              },
              factChecker: { checks: CHECKS },
            },
          },
        }),
      ],
    });
    stop = () => backend.stop();
    const { port } = backend.server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}/api`;

    // The checkout service's records, through the Value Stream API.
    const api = new ValueStreamClient({
      discoveryApi: { getBaseUrl: async () => `${baseUrl}/value-stream` },
      fetchApi: {
        fetch: (input, init) =>
          fetch(input, {
            ...init,
            headers: {
              ...(init?.headers as Record<string, string>),
              Authorization: mockCredentials.user.header(ALICE),
            },
          }),
      },
    });
    const target = { responseMinutes: 30, resolutionMinutes: 240 };
    let level = await api.createRecord('service-levels', {
      entityRef: CHECKOUT,
      name: 'Gold',
      availabilityTarget: 99.9,
      targets: { P1: target, P2: target, P3: target, P4: target },
    });
    for (const to of ['proposed', 'agreed']) {
      level = await api.transitionRecord('service-levels', level.id, {
        to,
        version: level.version,
      });
    }
    await api.createRecord('incidents', {
      entityRef: CHECKOUT,
      title: 'Payments fail',
      description: 'Checkout answers 500',
      impact: 'medium',
      urgency: 'high',
    });
    const day = (n: number) =>
      new Date(Date.now() - n * 86_400_000).toISOString();
    for (const [n, state] of [
      [20, 'success'],
      [15, 'success'],
      [10, 'failure'],
      [5, 'success'],
    ] as const) {
      await api.createRecord('deployments', {
        entityRef: CHECKOUT,
        environment: 'production',
        production: true,
        deployedVersion: `1.${n}.0`,
        state,
        startedAt: day(n),
        finishedAt: day(n),
      });
    }

    // The stage task places the services; then the facts are retrieved.
    await scheduler.triggerTask('value-stream-stage-recompute');
    await scheduler.triggerTask('valueStreamFactRetriever');
  });

  afterAll(async () => {
    await stop?.();
  });

  it('publishes the facts of each service the value stream tracks', async () => {
    const latest = await call(
      `/tech-insights/facts/latest?entity=${CHECKOUT}&ids[]=valueStreamFactRetriever`,
    );
    expect(latest.valueStreamFactRetriever.entity).toEqual({
      kind: 'component',
      namespace: 'default',
      name: 'checkout-service',
    });
    expect(latest.valueStreamFactRetriever.facts).toEqual({
      stage: expect.any(String),
      gapCount: expect.any(Number),
      gaps: expect.any(Array),
      hasAgreedServiceLevel: true,
      serviceLevelTarget: 99.9,
      slaAttainment: expect.any(Number),
      errorBudgetRemaining: expect.any(Number),
      overErrorBudget: false,
      openP1Incidents: 0,
      openP2Incidents: 1,
      productionDeployments: 4,
      // 3 successful in the 90 days.
      deploymentsPerWeek: 0.23,
      leadTimeHours: null,
      timeToRestoreHours: null,
      changeFailureRate: 25,
      // None of the four had a change: all were recorded as unauthorized.
      unauthorizedDeployments: 4,
    });
    const { facts } = latest.valueStreamFactRetriever;
    expect(facts.gapCount).toBe(facts.gaps.length);

    const search = await call(
      `/tech-insights/facts/latest?entity=${SEARCH}&ids[]=valueStreamFactRetriever`,
    );
    expect(search.valueStreamFactRetriever.facts).toMatchObject({
      hasAgreedServiceLevel: false,
      slaAttainment: null,
      openP2Incidents: 0,
      productionDeployments: 0,
      changeFailureRate: null,
      unauthorizedDeployments: 0,
    });
  });

  it('publishes the fact schema with its types and descriptions', async () => {
    const schemas = await call('/tech-insights/fact-schemas');
    const schema = schemas.find(
      (s: Record<string, unknown>) => 'hasAgreedServiceLevel' in s,
    );
    expect(schema.slaAttainment).toEqual({
      type: 'float',
      description: expect.stringContaining('availability'),
    });
  });

  it('runs the checks on the facts', async () => {
    const results: Array<{ check: { id: string }; result: boolean }> =
      await call(
        '/tech-insights/checks/run/default/component/checkout-service',
        {
          method: 'POST',
          body: JSON.stringify({}),
        },
      );
    const byId = Object.fromEntries(results.map(r => [r.check.id, r.result]));
    expect(byId).toEqual({
      agreedServiceLevel: true,
      noOpenMajorIncidents: false,
      changeFailureRate: false,
    });
  });
});
