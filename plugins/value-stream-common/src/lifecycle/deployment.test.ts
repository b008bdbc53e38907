import { NOW, deployment } from '../testUtils';
import type { DeploymentRecord } from '../types';
import { deploymentLifecycle } from './deployment';

const ctx = { actor: 'user:default/ci', now: NOW };
const EARLIER = '2025-03-03T09:50:00.000Z';

describe('deploymentLifecycle', () => {
  it.each<[string, Partial<DeploymentRecord>, string, Record<string, unknown>]>(
    [
      [
        'starting stamps startedAt',
        {},
        'in_progress',
        { state: 'in_progress', startedAt: NOW },
      ],
      [
        'starting keeps a known startedAt',
        { startedAt: EARLIER },
        'in_progress',
        { state: 'in_progress', startedAt: EARLIER },
      ],
      [
        'finishing stamps finishedAt',
        { state: 'in_progress', startedAt: EARLIER },
        'success',
        { state: 'success', startedAt: EARLIER, finishedAt: NOW },
      ],
      [
        'failing stamps finishedAt',
        { state: 'in_progress', startedAt: EARLIER },
        'failure',
        { state: 'failure', startedAt: EARLIER, finishedAt: NOW },
      ],
      [
        'reporting only the outcome stamps both',
        {},
        'success',
        { state: 'success', startedAt: NOW, finishedAt: NOW },
      ],
      [
        'keeps a reported finishedAt',
        { finishedAt: EARLIER, startedAt: EARLIER },
        'failure',
        { state: 'failure', startedAt: EARLIER, finishedAt: EARLIER },
      ],
    ],
  )('%s', (_, fields, to, patch) => {
    expect(
      deploymentLifecycle.checkTransition(deployment(fields), to, ctx),
    ).toEqual({ ok: true, patch });
  });

  it.each<[Partial<DeploymentRecord>, string, string]>([
    [
      { state: 'success' },
      'failure',
      'Cannot move deployment from "success" to "failure"; allowed: none',
    ],
    [
      { state: 'in_progress' },
      'pending',
      'Cannot move deployment from "in_progress" to "pending"; allowed: success, failure',
    ],
    [
      { state: 'failure' },
      'in_progress',
      'Cannot move deployment from "failure" to "in_progress"; allowed: none',
    ],
  ])('refuses %j -> %s', (fields, to, message) => {
    expect(
      deploymentLifecycle.checkTransition(deployment(fields), to, ctx),
    ).toEqual({ ok: false, reason: 'illegal', message });
  });
});
