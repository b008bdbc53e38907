/*
 * Valid record inputs for tests, with overrides. Shared by the store tests
 * and the API tests.
 */
import type {
  NewChange,
  NewDeployment,
  NewIncident,
  NewProblem,
  NewRelease,
  NewServiceLevel,
} from '../database/types';

export const TEST_ENTITY = 'component:default/checkout';
export const TEST_USER = 'user:default/alice';

export function newChange(overrides: Partial<NewChange> = {}): NewChange {
  return {
    entityRef: TEST_ENTITY,
    title: 'Upgrade the payment library',
    description: 'Move to the supported major version.',
    type: 'normal',
    state: 'new',
    requestedBy: TEST_USER,
    proposesService: false,
    ...overrides,
  };
}

export function newRelease(overrides: Partial<NewRelease> = {}): NewRelease {
  return {
    entityRef: TEST_ENTITY,
    releaseVersion: '1.0.0',
    title: 'First release',
    state: 'planned',
    ...overrides,
  };
}

export function newDeployment(
  overrides: Partial<NewDeployment> = {},
): NewDeployment {
  return {
    entityRef: TEST_ENTITY,
    environment: 'production',
    production: true,
    deployedVersion: '1.0.0',
    state: 'success',
    ...overrides,
  };
}

export function newIncident(overrides: Partial<NewIncident> = {}): NewIncident {
  return {
    entityRef: TEST_ENTITY,
    title: 'Checkout returns 500',
    description: 'Customers cannot pay.',
    state: 'new',
    impact: 'high',
    urgency: 'high',
    priority: 'P1',
    major: false,
    reporter: TEST_USER,
    waitingOnReporter: false,
    knowledgeLinks: [],
    sla: { pausedMs: 0, responseBreached: false, resolutionBreached: false },
    ...overrides,
  };
}

export function newProblem(overrides: Partial<NewProblem> = {}): NewProblem {
  return {
    entityRef: TEST_ENTITY,
    title: 'Connection pool exhaustion',
    description: 'Recurring 500s under load.',
    state: 'new',
    ...overrides,
  };
}

export function newServiceLevel(
  overrides: Partial<NewServiceLevel> = {},
): NewServiceLevel {
  return {
    entityRef: TEST_ENTITY,
    name: 'Gold',
    tier: 'gold',
    state: 'draft',
    availabilityTarget: 99.9,
    targets: {
      P1: { responseMinutes: 15, resolutionMinutes: 240 },
      P2: { responseMinutes: 60, resolutionMinutes: 480 },
      P3: { responseMinutes: 240, resolutionMinutes: 2880 },
      P4: { responseMinutes: 480, resolutionMinutes: 7200 },
    },
    slos: [],
    fromAnnotation: false,
    ...overrides,
  };
}
