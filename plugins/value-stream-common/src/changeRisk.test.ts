import {
  CHANGE_RISK_WEIGHTS as W,
  assessChangeRisk,
  riskLevelFor,
  type ChangeRiskInput,
} from './changeRisk';
import type { RiskLevel } from './types';

const base: ChangeRiskInput = {
  type: 'standard',
  dependentCount: 0,
  production: false,
  recentFailedChanges: 0,
  plannedStart: '2025-03-10T08:00:00Z',
  plannedEnd: '2025-03-10T09:00:00Z',
  freezeWindows: [],
};
const xmas = {
  start: '2025-12-20T00:00:00Z',
  end: '2026-01-02T00:00:00Z',
  reason: 'holidays',
};
const quarter = {
  start: '2025-03-10T08:30:00Z',
  end: '2025-03-11T00:00:00Z',
  reason: 'quarter close',
};

describe('assessChangeRisk', () => {
  it.each<[string, Partial<ChangeRiskInput>, number, RiskLevel, string[]]>([
    ['a planned standard change', {}, 0, 'low', []],
    ['a normal change', { type: 'normal' }, W.type.normal, 'low', ['type']],
    [
      'an emergency change',
      { type: 'emergency' },
      W.type.emergency,
      'medium',
      ['type'],
    ],
    ['production', { production: true }, W.production, 'low', ['production']],
    [
      'a normal change of a service with a spent error budget',
      {
        type: 'normal',
        exhaustedErrorBudgets: [
          { name: 'checkout-latency', remainingBudget: -0.5 },
        ],
      },
      W.type.normal + W.errorBudget,
      'medium',
      ['type', 'error-budget'],
    ],
    [
      'a standard change of a service with a spent error budget',
      {
        exhaustedErrorBudgets: [
          { name: 'checkout-latency', remainingBudget: 0 },
        ],
      },
      0,
      'low',
      [],
    ],
    [
      'two dependents',
      { dependentCount: 2 },
      2 * W.perDependent,
      'low',
      ['dependents'],
    ],
    [
      'many dependents are capped',
      { dependentCount: 40 },
      W.dependentsMax,
      'low',
      ['dependents'],
    ],
    [
      'negative counts count as none',
      { dependentCount: -3, recentFailedChanges: -1 },
      0,
      'low',
      [],
    ],
    [
      'one recent failure',
      { recentFailedChanges: 1 },
      W.perRecentFailure,
      'low',
      ['recent-failures'],
    ],
    [
      'many recent failures are capped',
      { recentFailedChanges: 10 },
      W.failuresMax,
      'low',
      ['recent-failures'],
    ],
    [
      'no window',
      { plannedStart: undefined, plannedEnd: undefined },
      W.noWindow,
      'low',
      ['no-window'],
    ],
    [
      'a long window',
      { plannedEnd: '2025-03-10T13:00:00Z' },
      W.longWindow,
      'low',
      ['long-window'],
    ],
    [
      'a window exactly at the limit',
      { plannedEnd: '2025-03-10T12:00:00Z' },
      0,
      'low',
      [],
    ],
    ['a freeze elsewhere', { freezeWindows: [xmas] }, 0, 'low', []],
    [
      'a freeze overlap',
      { freezeWindows: [xmas, quarter] },
      W.freeze,
      'medium',
      ['freeze'],
    ],
    [
      'a start inside a freeze without end',
      {
        plannedStart: '2025-12-24T10:00:00Z',
        plannedEnd: undefined,
        freezeWindows: [xmas],
      },
      W.freeze,
      'medium',
      ['freeze'],
    ],
    [
      'a window ending as the freeze starts',
      { plannedEnd: '2025-03-10T08:30:00Z', freezeWindows: [quarter] },
      0,
      'low',
      [],
    ],
    [
      'a start at the freeze end without end',
      {
        plannedStart: '2025-03-11T00:00:00Z',
        plannedEnd: undefined,
        freezeWindows: [quarter],
      },
      0,
      'low',
      [],
    ],
    [
      'a window starting as the freeze ends',
      {
        plannedStart: '2025-03-11T00:00:00Z',
        plannedEnd: '2025-03-11T01:00:00Z',
        freezeWindows: [quarter],
      },
      0,
      'low',
      [],
    ],
    [
      'everything at once is capped at 100',
      {
        type: 'emergency',
        production: true,
        dependentCount: 10,
        recentFailedChanges: 5,
        freezeWindows: [quarter],
        plannedEnd: '2025-03-11T09:00:00Z',
      },
      100,
      'very_high',
      [
        'type',
        'production',
        'dependents',
        'recent-failures',
        'long-window',
        'freeze',
      ],
    ],
    [
      'a risky normal change',
      { type: 'normal', production: true, dependentCount: 5 },
      50,
      'high',
      ['type', 'production', 'dependents'],
    ],
  ])('%s', (_, fields, score, level, factorIds) => {
    const risk = assessChangeRisk({ ...base, ...fields });
    expect(risk.score).toBe(score);
    expect(risk.level).toBe(level);
    expect(risk.factors.map(f => f.id)).toEqual(factorIds);
  });

  it('explains each factor', () => {
    const risk = assessChangeRisk({
      ...base,
      type: 'normal',
      dependentCount: 1,
      recentFailedChanges: 2,
      freezeWindows: [quarter],
    });
    expect(risk.factors).toEqual([
      { id: 'type', points: 15, reason: 'normal change' },
      { id: 'dependents', points: 3, reason: '1 dependent service' },
      {
        id: 'recent-failures',
        points: 16,
        reason: '2 recently failed changes',
      },
      {
        id: 'freeze',
        points: 30,
        reason: 'overlaps change freeze: quarter close',
      },
    ]);
  });
});

describe('riskLevelFor', () => {
  it.each<[number, RiskLevel]>([
    [0, 'low'],
    [24, 'low'],
    [25, 'medium'],
    [49, 'medium'],
    [50, 'high'],
    [74, 'high'],
    [75, 'very_high'],
    [100, 'very_high'],
  ])('%d is %s', (score, level) => {
    expect(riskLevelFor(score)).toBe(level);
  });
});
