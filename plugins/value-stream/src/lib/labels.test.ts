import { mockApis } from '@backstage/test-utils';
import {
  APPROVAL_DECISIONS,
  ASSET_TYPES,
  CHANGE_STATES,
  CHANGE_TYPES,
  COLLECTIONS,
  DEPLOYMENT_STATES,
  EVENT_SEVERITIES,
  IMPACTS,
  INCIDENT_STATES,
  PRIORITIES,
  PROBLEM_STATES,
  RELEASE_STATES,
  RISK_LEVELS,
  SERVICE_LEVEL_STATES,
  STAGES,
  URGENCIES,
} from '@valuestream/plugin-value-stream-common';
import { deployment, incident } from '../__testUtils__/fixtures';
import { valueStreamTranslationRef, type ValueStreamT } from '../translation';
import { humanize } from './format';
import { valueLabels, type ValueGroup } from './labels';

function labels() {
  const snapshot = mockApis
    .translation()
    .getTranslation(valueStreamTranslationRef);
  if (!snapshot.ready) {
    throw new Error('The default messages are always ready');
  }
  return valueLabels(snapshot.t);
}

/** Labels whose `t` echoes the key, to see which message each value uses. */
const echo = (key: string) => `<${key}>`;
const keys = valueLabels(echo as unknown as ValueStreamT);

describe('valueLabels', () => {
  const l = labels();

  it('has a message for every stage, state and listed enum value', () => {
    for (const stage of STAGES) {
      expect(keys.stageLabel(stage)).toBe(`<stages.${stage}>`);
    }
    const states = {
      changes: CHANGE_STATES,
      releases: RELEASE_STATES,
      deployments: DEPLOYMENT_STATES,
      incidents: INCIDENT_STATES,
      problems: PROBLEM_STATES,
      'service-levels': SERVICE_LEVEL_STATES,
    };
    for (const collection of COLLECTIONS) {
      for (const state of states[collection]) {
        expect(keys.stateLabel(collection, state)).toBe(
          `<states.${collection}.${state}>`,
        );
      }
    }
    const values = {
      changeType: CHANGE_TYPES,
      riskLevel: RISK_LEVELS,
      impact: IMPACTS,
      urgency: URGENCIES,
      priority: PRIORITIES,
      approvalDecision: APPROVAL_DECISIONS,
      assetType: ASSET_TYPES,
      eventSeverity: EVENT_SEVERITIES,
    };
    for (const [group, list] of Object.entries(values)) {
      for (const value of list) {
        expect(keys.enumLabel(group as ValueGroup, value)).toBe(
          `<values.${group}.${value}>`,
        );
      }
    }
  });

  it('labels in English by default', () => {
    expect(STAGES.map(l.stageLabel)).toContain('Operate');
    expect(CHANGE_STATES.map(s => l.stateLabel('changes', s))).toContain(
      'Authorize',
    );
    expect(l.stateLabel('problems', 'known_error')).toBe('Known error');
    expect(l.stateLabel('deployments', 'in_progress')).toBe('In progress');
    expect(l.enumLabel('changeType', 'emergency')).toBe('Emergency');
    expect(l.enumLabel('riskLevel', 'very_high')).toBe('Very high');
    expect(l.enumLabel('approvalDecision', 'rejected')).toBe('Rejected');
    expect(l.enumLabel('assetType', 'license')).toBe('Licence');
    expect(l.enumLabel('priority', 'P1')).toBe('P1');
  });

  it('humanizes a value without a message', () => {
    expect(l.stageLabel('sunset')).toBe('Sunset');
    expect(l.stateLabel('changes', 'on_hold')).toBe(humanize('on_hold'));
    expect(l.stateLabel('changes', 'on_hold')).toBe('On hold');
    expect(l.enumLabel('assetType', 'other')).toBe('Other');
    // Not a key of another group or an inherited property.
    expect(l.stateLabel('releases', 'known_error')).toBe('Known error');
    expect(l.enumLabel('riskLevel', 'toString')).toBe('ToString');
  });

  it('names relations', () => {
    expect(l.relationLabel('dependencyOf')).toBe('dependency of');
    expect(l.relationLabel('apiConsumedBy')).toBe('API consumed by');
    expect(l.relationLabel('someNewRelation')).toBe('some new relation');
  });

  it('formats costs, planned windows and record names', () => {
    expect(
      l.costLabel({ amount: 99.9, currency: 'EUR', period: 'month' }),
    ).toBe('€99.90 per month');
    expect(
      l.costLabel({ amount: 1000, currency: 'USD', period: 'one-off' }),
    ).toBe('$1,000.00 one-off');
    expect(l.costLabel({ amount: 5, currency: 'USD', period: 'week' })).toBe(
      '$5.00 week',
    );
    expect(l.windowLabel()).toBe('Not planned');
    expect(l.windowLabel('2025-03-01T10:00:00')).toMatch(/^Mar 1, 2025.* – —$/);
    expect(l.recordKind('service-levels')).toBe('Service level');
    expect(l.recordNoun('service-levels')).toBe('service level');
    expect(
      l.recordTitle(
        'deployments',
        deployment({ deployedVersion: '1.2.0', environment: 'staging' }),
      ),
    ).toBe('1.2.0 to staging');
    expect(
      l.recordTitle('incidents', incident({ id: 'inc-1', title: '' })),
    ).toBe('incident inc-1');
  });
});
