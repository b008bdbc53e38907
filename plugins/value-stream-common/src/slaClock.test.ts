import {
  DEFAULT_SLA_TARGETS,
  assertBusinessHours,
  evaluateSlaBreach,
  markResponded,
  pauseSlaClock,
  remainingMs,
  resumeSlaClock,
  startSlaClock,
} from './slaClock';
import type { BusinessHours, SlaClockState } from './types';
import { PRIORITIES } from './types';

const HOUR = 3600_000;
// Berlin office hours 9..17 Mon-Fri. 2025-03-03 is a Monday; Berlin is UTC+1 in March
// until the switch to summer time on Sunday 2025-03-30.
const berlin: BusinessHours = {
  zone: 'Europe/Berlin',
  startHour: 9,
  endHour: 17,
  days: [1, 2, 3, 4, 5],
};
const targets = { responseMinutes: 60, resolutionMinutes: 8 * 60 };

describe('DEFAULT_SLA_TARGETS', () => {
  it.each(PRIORITIES)('%s has response before resolution', p => {
    const t = DEFAULT_SLA_TARGETS[p];
    expect(t.responseMinutes).toBeLessThan(t.resolutionMinutes);
  });

  it('gets slower with lower priority', () => {
    const responses = PRIORITIES.map(
      p => DEFAULT_SLA_TARGETS[p].responseMinutes,
    );
    expect([...responses].sort((a, b) => a - b)).toEqual(responses);
  });
});

describe('startSlaClock', () => {
  it.each<[string, string, BusinessHours | undefined, string, string]>([
    [
      'wall clock',
      '2025-03-03T10:00:00Z',
      undefined,
      '2025-03-03T11:00:00.000Z',
      '2025-03-03T18:00:00.000Z',
    ],
    [
      'an offset input',
      '2025-03-03T11:00:00+01:00',
      undefined,
      '2025-03-03T11:00:00.000Z',
      '2025-03-03T18:00:00.000Z',
    ],
    // 10:00 Berlin: response 11:00; resolution 7h today (to 17:00) + 1h Tuesday -> 10:00 Berlin.
    [
      'inside business hours',
      '2025-03-03T09:00:00Z',
      berlin,
      '2025-03-03T10:00:00.000Z',
      '2025-03-04T09:00:00.000Z',
    ],
    // Opened Monday 20:00 Berlin: the clock starts Tuesday 09:00.
    [
      'after hours',
      '2025-03-03T19:00:00Z',
      berlin,
      '2025-03-04T09:00:00.000Z',
      '2025-03-04T16:00:00.000Z',
    ],
    // Opened Friday 16:30 Berlin: 30 min Friday, then Monday.
    [
      'over a weekend',
      '2025-03-07T15:30:00Z',
      berlin,
      '2025-03-10T08:30:00.000Z',
      '2025-03-10T15:30:00.000Z',
    ],
    // Opened Saturday: Monday 09:00 Berlin + targets.
    [
      'on a weekend',
      '2025-03-08T12:00:00Z',
      berlin,
      '2025-03-10T09:00:00.000Z',
      '2025-03-10T16:00:00.000Z',
    ],
    // Friday 28 March 16:00 Berlin (CET): 1h Friday, 7h Monday 31 March in CEST (UTC+2).
    [
      'across a DST change',
      '2025-03-28T15:00:00Z',
      berlin,
      '2025-03-28T16:00:00.000Z',
      '2025-03-31T14:00:00.000Z',
    ],
    [
      'a 24h working day',
      '2025-03-03T23:30:00Z',
      { zone: 'UTC', startHour: 0, endHour: 24, days: [1, 2, 3, 4, 5] },
      '2025-03-04T00:30:00.000Z',
      '2025-03-04T07:30:00.000Z',
    ],
  ])(
    'computes due times in %s',
    (_, openedAt, businessHours, response, resolution) => {
      const state = startSlaClock({ openedAt, targets, businessHours });
      expect(state).toEqual({
        responseDueAt: response,
        resolutionDueAt: resolution,
        pausedMs: 0,
        responseBreached: false,
        resolutionBreached: false,
        ...(businessHours ? { businessHours } : {}),
      });
    },
  );

  it('counts a long target over many business days', () => {
    const state = startSlaClock({
      openedAt: '2025-03-03T08:00:00Z',
      targets: { responseMinutes: 60, resolutionMinutes: 5 * 8 * 60 },
      businessHours: berlin,
    });
    expect(state.resolutionDueAt).toBe('2025-03-07T16:00:00.000Z');
  });

  it.each<[string, BusinessHours, string]>([
    [
      'a bad zone',
      { ...berlin, zone: 'Mars/Olympus' },
      'Unknown time zone "Mars/Olympus"',
    ],
    [
      'reversed hours',
      { ...berlin, startHour: 17, endHour: 9 },
      'Business hours need whole hours',
    ],
    [
      'fractional hours',
      { ...berlin, startHour: 8.5 },
      'Business hours need whole hours',
    ],
    ['hour 25', { ...berlin, endHour: 25 }, 'Business hours need whole hours'],
    [
      'no days',
      { ...berlin, days: [] },
      'Business days must be ISO weekdays 1..7',
    ],
    [
      'day 0',
      { ...berlin, days: [0, 1] },
      'Business days must be ISO weekdays 1..7',
    ],
  ])('rejects %s', (_, hours, message) => {
    expect(() => assertBusinessHours(hours)).toThrow(message);
    expect(() =>
      startSlaClock({
        openedAt: '2025-03-03T10:00:00Z',
        targets,
        businessHours: hours,
      }),
    ).toThrow(message);
  });

  it('rejects a bad openedAt', () => {
    expect(() => startSlaClock({ openedAt: 'yesterday', targets })).toThrow(
      'Not an ISO date-time: yesterday',
    );
  });
});

const wall = startSlaClock({ openedAt: '2025-03-03T10:00:00Z', targets });

describe('pause and resume', () => {
  it('pauses once', () => {
    const paused = pauseSlaClock(wall, '2025-03-03T10:30:00Z');
    expect(paused.pausedAt).toBe('2025-03-03T10:30:00.000Z');
    expect(pauseSlaClock(paused, '2025-03-03T10:45:00Z')).toBe(paused);
  });

  it('resuming a running clock changes nothing', () => {
    expect(resumeSlaClock(wall, '2025-03-03T11:00:00Z')).toBe(wall);
  });

  it.each<[string, SlaClockState, string, string, Partial<SlaClockState>]>([
    [
      'shifts both due times by the pause',
      wall,
      '2025-03-03T10:30:00Z',
      '2025-03-03T12:30:00Z',
      {
        responseDueAt: '2025-03-03T13:00:00.000Z',
        resolutionDueAt: '2025-03-03T20:00:00.000Z',
        pausedMs: 2 * HOUR,
      },
    ],
    [
      'keeps the response due time once responded',
      markResponded(wall, '2025-03-03T10:10:00Z'),
      '2025-03-03T10:30:00Z',
      '2025-03-03T11:30:00Z',
      {
        responseDueAt: '2025-03-03T11:00:00.000Z',
        resolutionDueAt: '2025-03-03T19:00:00.000Z',
        pausedMs: HOUR,
      },
    ],
    [
      'adds to earlier pauses',
      { ...wall, pausedMs: HOUR },
      '2025-03-03T10:30:00Z',
      '2025-03-03T11:00:00Z',
      { pausedMs: 1.5 * HOUR },
    ],
    [
      'ignores a resume before the pause',
      wall,
      '2025-03-03T10:30:00Z',
      '2025-03-03T10:00:00Z',
      { responseDueAt: wall.responseDueAt, pausedMs: 0 },
    ],
    [
      // Paused Monday 16:00 Berlin to Tuesday 10:00: 1h + 1h of business time.
      'counts business time when the clock does',
      startSlaClock({
        openedAt: '2025-03-03T14:00:00Z',
        targets,
        businessHours: berlin,
      }),
      '2025-03-03T15:00:00Z',
      '2025-03-04T09:00:00Z',
      // Response due Monday 16:00 Berlin -> Tuesday 10:00; resolution Tuesday 15:00 -> 17:00.
      {
        responseDueAt: '2025-03-04T09:00:00.000Z',
        resolutionDueAt: '2025-03-04T16:00:00.000Z',
        pausedMs: 2 * HOUR,
      },
    ],
    [
      'a pause over a weekend costs no business time',
      startSlaClock({
        openedAt: '2025-03-07T10:00:00Z',
        targets,
        businessHours: berlin,
      }),
      '2025-03-07T16:30:00Z',
      '2025-03-10T07:00:00Z',
      {
        responseDueAt: '2025-03-07T11:00:00.000Z',
        resolutionDueAt: '2025-03-10T10:00:00.000Z',
        pausedMs: 0,
      },
    ],
  ])('%s', (_, state, pauseAt, resumeAt, expected) => {
    const resumed = resumeSlaClock(pauseSlaClock(state, pauseAt), resumeAt);
    expect(resumed).toMatchObject(expected);
    expect(resumed.pausedAt).toBeUndefined();
    expect('pausedAt' in resumed).toBe(false);
  });
});

describe('markResponded', () => {
  it.each<[string, string, boolean]>([
    ['in time', '2025-03-03T10:59:00Z', false],
    ['exactly at the due time', '2025-03-03T11:00:00Z', false],
    ['late', '2025-03-03T11:00:01Z', true],
  ])('responding %s', (_, at, breached) => {
    const state = markResponded(wall, at);
    expect(state.respondedAt).toBe(new Date(at).toISOString());
    expect(state.responseBreached).toBe(breached);
  });

  it('keeps the first response', () => {
    const first = markResponded(wall, '2025-03-03T10:10:00Z');
    expect(markResponded(first, '2025-03-03T12:00:00Z')).toBe(first);
  });
});

describe('evaluateSlaBreach', () => {
  it.each<
    [string, SlaClockState, string, string | undefined, boolean, boolean]
  >([
    ['nothing due yet', wall, '2025-03-03T10:30:00Z', undefined, false, false],
    ['response overdue', wall, '2025-03-03T11:30:00Z', undefined, true, false],
    [
      'responded in time, resolution overdue',
      markResponded(wall, '2025-03-03T10:30:00Z'),
      '2025-03-03T19:00:00Z',
      undefined,
      false,
      true,
    ],
    [
      'resolved in time, looked at later',
      markResponded(wall, '2025-03-03T10:30:00Z'),
      '2025-03-05T00:00:00Z',
      '2025-03-03T17:00:00Z',
      false,
      false,
    ],
    [
      'resolved late',
      markResponded(wall, '2025-03-03T10:30:00Z'),
      '2025-03-05T00:00:00Z',
      '2025-03-03T18:30:00Z',
      false,
      true,
    ],
    [
      'paused before the due time',
      pauseSlaClock(wall, '2025-03-03T10:30:00Z'),
      '2025-03-04T00:00:00Z',
      undefined,
      false,
      false,
    ],
    [
      'paused after the due time',
      pauseSlaClock(wall, '2025-03-03T11:30:00Z'),
      '2025-03-04T00:00:00Z',
      undefined,
      true,
      false,
    ],
    [
      'a breach sticks',
      { ...wall, responseBreached: true },
      '2025-03-03T10:01:00Z',
      undefined,
      true,
      false,
    ],
    [
      'no due times',
      { pausedMs: 0, responseBreached: false, resolutionBreached: false },
      '2030-01-01T00:00:00Z',
      undefined,
      false,
      false,
    ],
  ])('%s', (_, state, now, resolvedAt, response, resolution) => {
    const result = evaluateSlaBreach(state, now, resolvedAt);
    expect([result.responseBreached, result.resolutionBreached]).toEqual([
      response,
      resolution,
    ]);
  });

  it('returns the same object when nothing changes', () => {
    expect(evaluateSlaBreach(wall, '2025-03-03T10:30:00Z')).toBe(wall);
  });
});

describe('remainingMs', () => {
  it.each<[string, SlaClockState, string, ReturnType<typeof remainingMs>]>([
    [
      'running',
      wall,
      '2025-03-03T10:30:00Z',
      { responseMs: 0.5 * HOUR, resolutionMs: 7.5 * HOUR },
    ],
    [
      'overdue',
      wall,
      '2025-03-03T12:00:00Z',
      { responseMs: -HOUR, resolutionMs: 6 * HOUR },
    ],
    [
      'responded',
      markResponded(wall, '2025-03-03T10:10:00Z'),
      '2025-03-03T12:00:00Z',
      { resolutionMs: 6 * HOUR },
    ],
    [
      'paused',
      pauseSlaClock(wall, '2025-03-03T10:30:00Z'),
      '2025-03-03T17:00:00Z',
      { responseMs: 0.5 * HOUR, resolutionMs: 7.5 * HOUR },
    ],
    [
      'without due times',
      { pausedMs: 0, responseBreached: false, resolutionBreached: false },
      '2025-03-03T10:30:00Z',
      {},
    ],
  ])('%s', (_, state, now, expected) => {
    expect(remainingMs(state, now)).toEqual(expected);
  });
});
