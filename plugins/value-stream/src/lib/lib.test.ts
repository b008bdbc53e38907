import {
  formatDuration,
  formatMinutes,
  formatPercent,
  humanize,
} from './format';
import { timeInStage } from './history';
import { slaStatus } from './sla';
import { fieldMessage, toFormError } from './errors';
import { fromLocalInput, toLocalInput } from './dates';
import { isValueStreamAvailable } from './isValueStreamAvailable';
import { isAssetEntity } from './isAssetEntity';
import { daysUntil, expiryTone, formatAmounts, formatMoney } from './assets';
import { bucketLabel, toHours, toPercent } from './metrics';
import { DateTime } from 'luxon';
import { incident } from '../__testUtils__/fixtures';
import { responseError } from '../__testUtils__/render';

describe('format', () => {
  it('formats durations, minutes, percentages and names', () => {
    expect(formatDuration(5_000)).toBe('5s');
    expect(formatDuration(65_000)).toBe('1m 05s');
    expect(formatDuration(3_723_000)).toBe('1h 02m 03s');
    expect(formatDuration(90_061_000)).toBe('1d 01h 01m');
    expect(formatDuration(-65_000)).toBe('-1m 05s');
    expect(formatMinutes(15)).toBe('15 min');
    expect(formatMinutes(90)).toBe('1 h 30 min');
    expect(formatMinutes(2880)).toBe('2 d');
    expect(formatPercent(99.956)).toBe('99.96 %');
    expect(humanize('known_error')).toBe('Known error');
  });
});

describe('timeInStage', () => {
  it('sums each visit of a stage and counts the last one until now', () => {
    const day = 86_400_000;
    const t0 = Date.parse('2025-01-01T00:00:00Z');
    const at = (d: number) => new Date(t0 + d * day).toISOString();
    const result = timeInStage(
      [
        { entityRef: 'c', from: null, to: 'design', at: at(0) },
        { entityRef: 'c', from: 'design', to: 'build', at: at(2) },
        { entityRef: 'c', from: 'build', to: 'design', at: at(3) },
        { entityRef: 'c', from: 'design', to: 'build', at: at(4) },
      ],
      t0 + 10 * day,
    );
    expect(result.map(r => [r.stage, r.days])).toEqual([
      ['design', 3],
      ['build', 7],
    ]);
  });
});

describe('slaStatus', () => {
  const now = Date.parse('2025-01-01T12:00:00Z');
  it('runs the response clock until someone responds', () => {
    const status = slaStatus(
      incident({
        sla: {
          responseDueAt: '2025-01-01T12:10:00Z',
          resolutionDueAt: '2025-01-01T16:00:00Z',
          pausedMs: 0,
          responseBreached: false,
          resolutionBreached: false,
        },
      }),
      now,
    );
    expect(status).toMatchObject({
      clock: 'response',
      remainingMs: 600_000,
      breached: false,
    });
  });

  it('runs the resolution clock after the response and flags overdue', () => {
    const status = slaStatus(
      incident({
        state: 'in_progress',
        sla: {
          responseDueAt: '2025-01-01T10:10:00Z',
          respondedAt: '2025-01-01T10:05:00Z',
          resolutionDueAt: '2025-01-01T11:00:00Z',
          pausedMs: 0,
          responseBreached: false,
          resolutionBreached: false,
        },
      }),
      now,
    );
    expect(status).toMatchObject({
      clock: 'resolution',
      remainingMs: -3_600_000,
      breached: true,
    });
  });

  it('freezes the clock while paused and stops it once resolved', () => {
    const paused = slaStatus(
      incident({
        sla: {
          responseDueAt: '2025-01-01T12:10:00Z',
          pausedAt: '2025-01-01T11:00:00Z',
          pausedMs: 0,
          responseBreached: false,
          resolutionBreached: false,
        },
      }),
      now,
    );
    expect(paused).toMatchObject({ paused: true, remainingMs: 70 * 60_000 });
    expect(slaStatus(incident({ state: 'resolved' }), now).clock).toBe('none');
  });
});

describe('form errors', () => {
  it('splits a 400 into field messages', async () => {
    const error = toFormError(
      await responseError(
        400,
        'InputError',
        'Invalid incident: title: Required; targets.P1.responseMinutes: Too small',
        [
          { path: 'title', message: 'Required' },
          { path: 'targets.P1.responseMinutes', message: 'Too small' },
        ],
      ),
    );
    expect(error.status).toBe(400);
    expect(fieldMessage(error, 'title')).toBe('Required');
    expect(fieldMessage(error, 'targets')).toBe('Too small');
    expect(fieldMessage(error, 'description')).toBeUndefined();
  });

  it('keeps the message of a 409 and of plain errors', async () => {
    expect(
      toFormError(await responseError(409, 'ConflictError', 'Stale version')),
    ).toEqual({
      status: 409,
      message: 'Stale version',
      fieldErrors: {},
    });
    expect(toFormError(new Error('offline')).message).toBe('offline');
  });
});

describe('dates', () => {
  it('round-trips datetime-local values', () => {
    const iso = fromLocalInput('2025-03-01T10:30');
    expect(iso).toBeDefined();
    expect(toLocalInput(iso)).toBe('2025-03-01T10:30');
    expect(fromLocalInput('')).toBeUndefined();
  });
});

describe('isValueStreamAvailable', () => {
  it('applies to components and systems', () => {
    const e = (kind: string) => ({
      apiVersion: 'v1',
      kind,
      metadata: { name: 'x' },
    });
    expect(isValueStreamAvailable(e('Component'))).toBe(true);
    expect(isValueStreamAvailable(e('System'))).toBe(true);
    expect(isValueStreamAvailable(e('Group'))).toBe(false);
  });
});

describe('assets', () => {
  it('formats money per currency and sums by currency', () => {
    expect(formatMoney(12000, 'USD')).toBe('$12,000.00');
    expect(formatMoney(5, 'XYZ')).toMatch(/5/);
    expect(formatAmounts({ USD: 100, EUR: 2000 })).toBe('€2,000.00 + $100.00');
    expect(formatAmounts({})).toBe('—');
  });

  it('counts the days to an expiry and rates its urgency', () => {
    const now = DateTime.fromISO('2025-01-10T15:00:00');
    expect(daysUntil('2025-01-20', now)).toBe(10);
    expect(daysUntil('2025-01-10', now)).toBe(0);
    expect(daysUntil('2025-01-07', now)).toBe(-3);
    expect(daysUntil('not a date', now)).toBeUndefined();
    expect([-1, 30, 31, 90, 91].map(expiryTone)).toEqual([
      'bad',
      'bad',
      'warning',
      'warning',
      'neutral',
    ]);
  });

  it('recognises asset entities', () => {
    const resource = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'db',
        annotations: { 'valuestream.io/asset-type': 'cloud' },
      },
    };
    expect(isAssetEntity(resource)).toBe(true);
    expect(isAssetEntity({ ...resource, kind: 'Component' })).toBe(false);
    expect(isAssetEntity({ ...resource, metadata: { name: 'db' } })).toBe(
      false,
    );
  });
});

describe('metrics', () => {
  it('formats buckets', () => {
    expect(bucketLabel('2025-01-06T00:00:00.000Z', 'week')).toMatch(/Jan/);
    expect(bucketLabel('2025-02-01T00:00:00.000Z', 'month')).toMatch(/2025/);
    expect(toHours(5_400_000)).toBe(1.5);
    expect(toHours(null)).toBeNull();
    expect(toPercent(0.125)).toBe(12.5);
  });
});
