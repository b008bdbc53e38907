import {
  NOW,
  change,
  deployment,
  incident,
  problem,
  release,
  serviceLevel,
} from '../testUtils';
import {
  LIFECYCLES,
  allowedTransitions,
  checkTransition,
  isOpen,
  type LifecycleRecordType,
} from '.';
import {
  CHANGE_STATES,
  DEPLOYMENT_STATES,
  INCIDENT_STATES,
  PROBLEM_STATES,
  RELEASE_STATES,
  SERVICE_LEVEL_STATES,
} from '../types';

const ctx = { actor: 'user:default/a', now: NOW };

describe('lifecycle entry points', () => {
  it.each<[LifecycleRecordType, readonly string[]]>([
    ['change', CHANGE_STATES],
    ['release', RELEASE_STATES],
    ['deployment', DEPLOYMENT_STATES],
    ['incident', INCIDENT_STATES],
    ['problem', PROBLEM_STATES],
    ['serviceLevel', SERVICE_LEVEL_STATES],
  ])('%s covers every state of types.ts', (type, states) => {
    const lifecycle = LIFECYCLES[type];
    expect(lifecycle.states).toEqual(states);
    for (const closed of lifecycle.closedStates) {
      expect(states).toContain(closed);
    }
  });

  it.each([
    ['change', change(), 'assess'],
    ['release', release(), 'building'],
    ['deployment', deployment(), 'in_progress'],
    ['incident', incident(), 'acknowledged'],
    ['problem', problem(), 'investigating'],
    ['serviceLevel', serviceLevel(), 'proposed'],
  ] as const)('checkTransition dispatches %s', (type, record, to) => {
    expect(checkTransition(type, record as never, to, ctx)).toMatchObject({
      ok: true,
      patch: { state: to },
    });
    expect(allowedTransitions(type, record as never)).toContain(to);
  });

  it.each<[LifecycleRecordType, string, boolean]>([
    ['change', 'review', true],
    ['change', 'closed', false],
    ['change', 'failed', false],
    ['release', 'ready', true],
    ['release', 'deployed', false],
    ['deployment', 'pending', true],
    ['deployment', 'success', false],
    ['incident', 'in_progress', true],
    ['incident', 'resolved', false],
    ['problem', 'known_error', true],
    ['problem', 'closed', false],
    ['serviceLevel', 'agreed', true],
    ['serviceLevel', 'retired', false],
    ['change', 'nonsense', false],
  ])('isOpen(%s, %s) is %s', (type, state, expected) => {
    expect(isOpen(type, state)).toBe(expected);
  });

  it('throws for a type without lifecycle', () => {
    expect(() => isOpen('event' as LifecycleRecordType, 'firing')).toThrow(
      'No lifecycle for record type "event"',
    );
  });
});
