import { incident, serviceLevel } from './testUtils';
import { attainmentIncidentOf, computeAttainment } from './attainment';
import type { IncidentRecord } from './types';
import type { ServiceLevelAttainment } from './readModels';

// 30-day window ending 2025-03-31T00:00Z starts 2025-03-01T00:00Z.
const NOW = '2025-03-31T00:00:00.000Z';
const options = { now: NOW, windowDays: 30 };
const WINDOW_MIN = 30 * 24 * 60;
// 99.9 % of 30 days allows 43.2 minutes of downtime.
const sl = serviceLevel({ state: 'agreed', availabilityTarget: 99.9 });

const clock = {
  pausedMs: 0,
  responseBreached: false,
  resolutionBreached: false,
};

/** An incident opened at `at` and resolved `minutes` later, responded in 5 min. */
function outage(
  at: string,
  minutes: number | undefined,
  fields: Partial<IncidentRecord> = {},
) {
  const opened = Date.parse(at);
  return incident({
    createdAt: at,
    state: minutes === undefined ? 'in_progress' : 'resolved',
    resolvedAt:
      minutes === undefined
        ? undefined
        : new Date(opened + minutes * 60_000).toISOString(),
    sla: { ...clock, respondedAt: new Date(opened + 5 * 60_000).toISOString() },
    ...fields,
  });
}

describe('computeAttainment', () => {
  it.each<[string, IncidentRecord[], Partial<ServiceLevelAttainment>]>([
    [
      'no incidents',
      [],
      {
        availability: 100,
        responseAttainment: 100,
        resolutionAttainment: 100,
        breaches: 0,
        errorBudgetRemaining: 100,
      },
    ],
    [
      'a 21.6 minute P1 outage spends half the budget',
      [outage('2025-03-10T00:00:00.000Z', 21.6)],
      {
        availability: 99.95,
        errorBudgetRemaining: 50,
        responseAttainment: 100,
        resolutionAttainment: 100,
      },
    ],
    [
      'P3 and P4 incidents are no outage',
      [
        outage('2025-03-10T00:00:00.000Z', 600, { priority: 'P3' }),
        outage('2025-03-11T00:00:00.000Z', 600, { priority: 'P4' }),
      ],
      { availability: 100, errorBudgetRemaining: 100 },
    ],
    [
      'overlapping outages count once',
      [
        outage('2025-03-10T00:00:00.000Z', 30),
        outage('2025-03-10T00:10:00.000Z', 30, { priority: 'P2' }),
      ],
      {
        availability: round4(100 * (1 - 40 / WINDOW_MIN)),
        errorBudgetRemaining: round2((100 * (43.2 - 40)) / 43.2),
      },
    ],
    [
      'an outage begun before the window is clipped',
      [outage('2025-02-28T23:00:00.000Z', 90)],
      // Only 30 minutes fall in the window; the incident itself opened before it.
      {
        availability: round4(100 * (1 - 30 / WINDOW_MIN)),
        responseAttainment: 100,
        breaches: 0,
      },
    ],
    [
      'an open outage runs until now and overspends',
      [outage('2025-03-30T23:00:00.000Z', undefined)],
      {
        availability: round4(100 * (1 - 60 / WINDOW_MIN)),
        errorBudgetRemaining: round2((100 * (43.2 - 60)) / 43.2),
      },
    ],
    [
      'a closed incident without resolvedAt ends at its last update',
      [
        outage('2025-03-10T00:00:00.000Z', undefined, {
          state: 'closed',
          updatedAt: '2025-03-10T00:21:36.000Z',
        }),
      ],
      { availability: 99.95, errorBudgetRemaining: 50 },
    ],
    [
      'an incident after now is ignored',
      [outage('2025-04-02T00:00:00.000Z', 30)],
      { availability: 100, breaches: 0 },
    ],
    [
      'breached clocks lower attainment',
      [
        outage('2025-03-10T00:00:00.000Z', 30, {
          priority: 'P3',
          sla: {
            ...clock,
            respondedAt: '2025-03-10T00:05:00.000Z',
            responseBreached: true,
          },
        }),
        outage('2025-03-11T00:00:00.000Z', 30, { priority: 'P3' }),
        outage('2025-03-12T00:00:00.000Z', 30, { priority: 'P3' }),
        outage('2025-03-13T00:00:00.000Z', 30, {
          priority: 'P3',
          sla: {
            ...clock,
            respondedAt: '2025-03-13T00:05:00.000Z',
            resolutionBreached: true,
          },
        }),
      ],
      { responseAttainment: 75, resolutionAttainment: 75, breaches: 2 },
    ],
    [
      'due times from the service level when an incident has no clock',
      [
        // Target 15 min response, 240 min resolution.
        outage('2025-03-10T00:00:00.000Z', 300, {
          priority: 'P4',
          sla: { ...clock, respondedAt: '2025-03-10T00:20:00.000Z' },
        }),
        outage('2025-03-11T00:00:00.000Z', 200, {
          priority: 'P4',
          sla: { ...clock, respondedAt: '2025-03-11T00:10:00.000Z' },
        }),
      ],
      { responseAttainment: 50, resolutionAttainment: 50, breaches: 1 },
    ],
    [
      'the incident clock wins over the targets',
      [
        outage('2025-03-10T00:00:00.000Z', 300, {
          priority: 'P4',
          sla: {
            ...clock,
            respondedAt: '2025-03-10T00:20:00.000Z',
            responseDueAt: '2025-03-10T01:00:00.000Z',
            resolutionDueAt: '2025-03-10T08:00:00.000Z',
          },
        }),
      ],
      { responseAttainment: 100, resolutionAttainment: 100, breaches: 0 },
    ],
    [
      'open incidents not yet due are undecided',
      [
        outage('2025-03-30T23:55:00.000Z', undefined, {
          priority: 'P4',
          sla: { ...clock },
        }),
      ],
      { responseAttainment: 100, resolutionAttainment: 100, breaches: 0 },
    ],
    [
      'open overdue incidents count as missed',
      [
        outage('2025-03-29T00:00:00.000Z', undefined, {
          priority: 'P4',
          sla: { ...clock },
        }),
      ],
      { responseAttainment: 0, resolutionAttainment: 0, breaches: 1 },
    ],
  ])('%s', (_, incidents, expected) => {
    const result = computeAttainment(sl, incidents, options);
    expect(result).toMatchObject(expected);
    expect(result.serviceLevel).toBe(sl);
    expect(result.windowDays).toBe(30);
  });

  it.each<[number, boolean, number]>([
    [100, false, 100],
    [100, true, -100],
  ])('a %s %% target with downtime %s leaves %s', (target, down, remaining) => {
    const incidents = down ? [outage('2025-03-10T00:00:00.000Z', 1)] : [];
    const result = computeAttainment(
      serviceLevel({ availabilityTarget: target }),
      incidents,
      options,
    );
    expect(result.errorBudgetRemaining).toBe(remaining);
  });

  it('reads only the fields attainmentIncidentOf keeps', () => {
    const incidents = [
      outage('2025-03-10T00:00:00.000Z', 30),
      outage('2025-03-12T00:00:00.000Z', undefined, { priority: 'P2' }),
      outage('2025-03-14T00:00:00.000Z', 600, { priority: 'P3' }),
      outage('2025-03-20T00:00:00.000Z', undefined, {
        state: 'closed',
        updatedAt: '2025-03-20T02:00:00.000Z',
      }),
      outage('2025-02-27T00:00:00.000Z', undefined),
    ];
    const kept = incidents.map(attainmentIncidentOf);
    expect(kept[0]).toEqual({
      createdAt: incidents[0].createdAt,
      updatedAt: incidents[0].updatedAt,
      priority: incidents[0].priority,
      state: incidents[0].state,
      resolvedAt: incidents[0].resolvedAt,
      sla: incidents[0].sla,
    });
    expect(kept[1]).not.toHaveProperty('resolvedAt');
    expect(computeAttainment(sl, kept, options)).toEqual(
      computeAttainment(sl, incidents, options),
    );
  });

  it.each([[0], [-1], [Number.NaN]])('rejects windowDays %s', windowDays => {
    expect(() => computeAttainment(sl, [], { now: NOW, windowDays })).toThrow(
      'windowDays must be positive',
    );
  });
});

function round4(v: number) {
  return Math.round(v * 1e4) / 1e4;
}
function round2(v: number) {
  return Math.round(v * 1e2) / 1e2;
}
