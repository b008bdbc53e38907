import { mockApis } from '@backstage/test-utils';
import {
  APPROVAL_DECISIONS,
  CHANGE_STATES,
  CHANGE_TYPES,
  COLLECTIONS,
  DEPLOYMENT_STATES,
  INCIDENT_STATES,
  PROBLEM_STATES,
  RELEASE_STATES,
  RISK_LEVELS,
  SERVICE_LEVEL_STATES,
  STAGES,
} from '@valuestream/plugin-value-stream-common';
import { deployment, incident } from '../__testUtils__/fixtures';
import { valueStreamTranslationRef } from '../translation';
import { humanize } from './format';
import { valueLabels } from './labels';

function labels() {
  const snapshot = mockApis
    .translation()
    .getTranslation(valueStreamTranslationRef);
  if (!snapshot.ready) {
    throw new Error('The default messages are always ready');
  }
  return valueLabels(snapshot.t);
}

/** A label from a message, not the key echoed back or the humanized value. */
function isMessage(label: string) {
  return label.length > 0 && !label.includes('.');
}

describe('valueLabels', () => {
  const l = labels();

  it('labels every stage', () => {
    expect(STAGES.map(l.stageLabel)).toEqual([
      'Demand',
      'Design',
      'Build',
      'Test',
      'Deploy',
      'Operate',
      'Retired',
    ]);
  });

  it('labels every state of every collection', () => {
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
        expect(isMessage(l.stateLabel(collection, state))).toBe(true);
      }
    }
    expect(CHANGE_STATES.map(s => l.stateLabel('changes', s))).toEqual([
      'New',
      'Assess',
      'Authorize',
      'Scheduled',
      'Implement',
      'Review',
      'Closed',
      'Rejected',
      'Cancelled',
      'Failed',
    ]);
    expect(l.stateLabel('problems', 'known_error')).toBe('Known error');
  });

  it('labels change types, risk levels and decisions', () => {
    expect(CHANGE_TYPES.map(v => l.enumLabel('changeType', v))).toEqual([
      'Standard',
      'Normal',
      'Emergency',
    ]);
    expect(RISK_LEVELS.map(v => l.enumLabel('riskLevel', v))).toEqual([
      'Low',
      'Medium',
      'High',
      'Very high',
    ]);
    expect(
      APPROVAL_DECISIONS.map(v => l.enumLabel('approvalDecision', v)),
    ).toEqual(['Approved', 'Rejected']);
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
