import { NOW, incident } from '../testUtils';
import type { IncidentRecord } from '../types';
import type { TransitionContext } from './defineLifecycle';
import { incidentLifecycle } from './incident';

const ACTOR = 'user:default/oncall';
const ctx: TransitionContext = { actor: ACTOR, now: NOW };
const resolve = { resolutionNote: 'Restarted the pods' };
// NOW is two days after the incident opened, so its clocks are overdue.
const inTime = { ...ctx, now: '2025-03-01T10:05:00.000Z' };

describe('incidentLifecycle', () => {
  it.each<
    [
      string,
      Partial<IncidentRecord>,
      string,
      TransitionContext,
      Record<string, unknown>,
    ]
  >([
    [
      'acknowledging responds and takes the incident',
      {},
      'acknowledged',
      inTime,
      {
        state: 'acknowledged',
        assignee: ACTOR,
        sla: expect.objectContaining({
          respondedAt: inTime.now,
          responseBreached: false,
        }),
      },
    ],
    [
      'a late acknowledgment breaches the response',
      {},
      'acknowledged',
      ctx,
      {
        sla: expect.objectContaining({
          respondedAt: NOW,
          responseBreached: true,
        }),
      },
    ],
    [
      'an assigned incident keeps its assignee',
      { assignee: 'user:default/jane' },
      'in_progress',
      inTime,
      {
        state: 'in_progress',
        sla: expect.objectContaining({ respondedAt: inTime.now }),
      },
    ],
    [
      'resolving stamps resolvedAt and the note',
      {
        state: 'in_progress',
        sla: {
          respondedAt: '2025-03-01T10:05:00.000Z',
          resolutionDueAt: '2025-03-04T00:00:00.000Z',
          pausedMs: 0,
          responseBreached: false,
          resolutionBreached: false,
        },
      },
      'resolved',
      { ...ctx, input: resolve },
      {
        state: 'resolved',
        resolvedAt: NOW,
        resolutionNote: resolve.resolutionNote,
      },
    ],
    [
      'resolving late breaches the resolution',
      { state: 'in_progress' },
      'resolved',
      { ...ctx, input: resolve },
      { sla: expect.objectContaining({ resolutionBreached: true }) },
    ],
    [
      'resolving ends a wait on the reporter',
      {
        state: 'in_progress',
        waitingOnReporter: true,
        sla: {
          resolutionDueAt: '2025-03-03T09:00:00.000Z',
          pausedAt: '2025-03-03T08:00:00.000Z',
          pausedMs: 0,
          responseBreached: false,
          resolutionBreached: false,
        },
      },
      'resolved',
      { ...ctx, input: resolve },
      {
        waitingOnReporter: false,
        sla: {
          resolutionDueAt: '2025-03-03T11:00:00.000Z',
          pausedMs: 2 * 3600_000,
          responseBreached: false,
          resolutionBreached: false,
        },
      },
    ],
    [
      'reopening clears resolvedAt',
      { state: 'resolved', resolvedAt: NOW },
      'in_progress',
      ctx,
      { state: 'in_progress', resolvedAt: null },
    ],
    ['closing', { state: 'resolved' }, 'closed', ctx, { state: 'closed' }],
  ])('%s', (_, fields, to, context, expected) => {
    const result = incidentLifecycle.checkTransition(
      incident(fields),
      to,
      context,
    );
    expect(result.ok).toBe(true);
    expect(result.ok && result.patch).toMatchObject(expected);
  });

  it('does not touch a clock that already responded', () => {
    const record = incident({
      state: 'acknowledged',
      sla: { ...incident().sla, respondedAt: NOW },
    });
    const result = incidentLifecycle.checkTransition(
      record,
      'in_progress',
      ctx,
    );
    expect(result).toEqual({ ok: true, patch: { state: 'in_progress' } });
  });

  it.each<
    [string, Partial<IncidentRecord>, string, TransitionContext, string, string]
  >([
    [
      'new -> closed',
      {},
      'closed',
      ctx,
      'illegal',
      'Cannot move incident from "new" to "closed"; allowed: acknowledged, in_progress, resolved',
    ],
    [
      'closed -> in_progress',
      { state: 'closed' },
      'in_progress',
      ctx,
      'illegal',
      'Cannot move incident from "closed" to "in_progress"; allowed: none',
    ],
    [
      'in_progress -> acknowledged',
      { state: 'in_progress' },
      'acknowledged',
      ctx,
      'illegal',
      'Cannot move incident from "in_progress" to "acknowledged"; allowed: resolved',
    ],
    [
      'resolved -> acknowledged',
      { state: 'resolved' },
      'acknowledged',
      ctx,
      'illegal',
      'Cannot move incident from "resolved" to "acknowledged"; allowed: closed, in_progress',
    ],
    [
      'resolving without a note',
      { state: 'in_progress' },
      'resolved',
      ctx,
      'requirement',
      'Cannot move incident from "in_progress" to "resolved": a resolution note is required',
    ],
    [
      'resolving with only a plain note',
      { state: 'in_progress' },
      'resolved',
      { ...ctx, input: { note: 'done' } },
      'requirement',
      'Cannot move incident from "in_progress" to "resolved": a resolution note is required',
    ],
  ])('refuses %s', (_, fields, to, context, reason, message) => {
    expect(
      incidentLifecycle.checkTransition(incident(fields), to, context),
    ).toEqual({ ok: false, reason, message });
  });

  it.each([
    ['new', true],
    ['acknowledged', true],
    ['in_progress', true],
    ['resolved', false],
    ['closed', false],
  ])('isOpen(%s) is %s', (state, expected) => {
    expect(incidentLifecycle.isOpen(state)).toBe(expected);
  });
});
