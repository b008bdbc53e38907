import {
  DEFAULT_PRIORITY_MATRIX,
  type HistoryEntry,
} from '@valuestream/plugin-value-stream-common';
import {
  FlappingEvent,
  flappingIncidentId,
  impactForTier,
  incidentPriorityForAlert,
  isIncidentTakenOver,
  shouldOpenIncident,
} from './incidents';

describe('incidentPriorityForAlert', () => {
  it.each([
    ['exception', 'gold', 'high', 'high', 'P1'],
    ['exception', 'platinum', 'high', 'high', 'P1'],
    ['exception', 'silver', 'medium', 'high', 'P2'],
    ['exception', undefined, 'medium', 'high', 'P2'],
    ['exception', 'bronze', 'low', 'high', 'P3'],
    ['warning', 'gold', 'high', 'medium', 'P2'],
    ['warning', 'silver', 'medium', 'medium', 'P3'],
    ['warning', 'bronze', 'low', 'medium', 'P4'],
    ['informational', 'gold', 'high', 'low', 'P3'],
    ['informational', 'silver', 'medium', 'low', 'P4'],
    ['informational', 'bronze', 'low', 'low', 'P4'],
    ['exception', 'Gold ', 'high', 'high', 'P1'],
    ['exception', 'unknown-tier', 'medium', 'high', 'P2'],
  ] as const)(
    '%s on %s -> %s impact, %s urgency, %s',
    (severity, tier, impact, urgency, priority) => {
      expect(incidentPriorityForAlert(severity, tier)).toEqual({
        impact,
        urgency,
        priority,
      });
    },
  );

  it('takes tier impacts and the matrix from options', () => {
    expect(
      incidentPriorityForAlert('exception', 'tier-1', {
        tierImpacts: { 'tier-1': 'high' },
        matrix: {
          ...DEFAULT_PRIORITY_MATRIX,
          high: { high: 'P2', medium: 'P3', low: 'P4' },
        },
      }),
    ).toEqual({ impact: 'high', urgency: 'high', priority: 'P2' });
    expect(impactForTier('gold', { tierImpacts: { gold: 'low' } })).toBe('low');
  });
});

describe('isIncidentTakenOver', () => {
  const auto: HistoryEntry = {
    at: '2026-01-01T00:00:00Z',
    by: 'external:alertmanager',
    from: null,
    to: 'new',
  };
  const person: HistoryEntry = {
    at: '2026-01-01T00:05:00Z',
    by: 'user:default/dana',
    from: 'new',
    to: 'acknowledged',
  };
  it.each([
    ['only automation', { history: [auto] }, false],
    ['no history', { history: [] }, false],
    ['an assignee', { history: [auto], assignee: 'user:default/dana' }, true],
    ['a history entry by a user', { history: [auto, person] }, true],
    [
      'a user ref in upper case',
      { history: [{ ...person, by: 'User:default/Dana' }] },
      true,
    ],
    [
      'a plugin actor',
      { history: [{ ...auto, by: 'plugin:value-stream' }] },
      false,
    ],
  ])('%s -> %s', (_name, incident, expected) => {
    expect(isIncidentTakenOver(incident)).toBe(expected);
  });
});

describe('flapping', () => {
  const NOW = '2026-03-02T12:00:00.000Z';
  const event = (over: Partial<FlappingEvent>): FlappingEvent => ({
    startsAt: '2026-03-02T09:00:00.000Z',
    receivedAt: '2026-03-02T09:00:00.000Z',
    ...over,
  });

  it.each([
    ['no earlier events', [], 60, undefined],
    [
      'an earlier event without incident',
      [
        event({
          endsAt: '2026-03-02T11:50:00.000Z',
          receivedAt: '2026-03-02T11:50:00.000Z',
        }),
      ],
      60,
      undefined,
    ],
    [
      'an incident whose alert resolved 10 minutes ago',
      [
        event({
          incidentId: 'i1',
          endsAt: '2026-03-02T11:50:00.000Z',
          receivedAt: '2026-03-02T11:50:05.000Z',
        }),
      ],
      60,
      'i1',
    ],
    [
      'an incident whose alert resolved exactly at the window edge',
      [event({ incidentId: 'i1', endsAt: '2026-03-02T11:00:00.000Z' })],
      60,
      'i1',
    ],
    [
      'an incident whose alert resolved 61 minutes ago',
      [event({ incidentId: 'i1', endsAt: '2026-03-02T10:59:00.000Z' })],
      60,
      undefined,
    ],
    [
      'a recent delivery of an old instance',
      [event({ incidentId: 'i1', receivedAt: '2026-03-02T11:30:00.000Z' })],
      60,
      'i1',
    ],
    [
      'two incidents, the latest wins',
      [
        event({ incidentId: 'i1', endsAt: '2026-03-02T11:20:00.000Z' }),
        event({ incidentId: 'i2', endsAt: '2026-03-02T11:40:00.000Z' }),
        event({ incidentId: 'i3', endsAt: '2026-03-02T11:30:00.000Z' }),
      ],
      60,
      'i2',
    ],
    [
      'a wider window',
      [event({ incidentId: 'i1', endsAt: '2026-03-02T10:30:00.000Z' })],
      120,
      'i1',
    ],
  ])('%s', (_name, previous, windowMinutes, expected) => {
    expect(flappingIncidentId(previous, NOW, windowMinutes)).toBe(expected);
    expect(shouldOpenIncident(previous, new Date(NOW), windowMinutes)).toBe(
      expected === undefined,
    );
  });
});
