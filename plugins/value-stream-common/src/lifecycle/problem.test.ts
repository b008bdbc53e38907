import { NOW, problem } from '../testUtils';
import type { ProblemRecord } from '../types';
import type { TransitionContext } from './defineLifecycle';
import { problemLifecycle } from './problem';

const ctx: TransitionContext = { actor: 'user:default/eng', now: NOW };

describe('problemLifecycle', () => {
  it.each<
    [
      string,
      Partial<ProblemRecord>,
      string,
      TransitionContext['input'],
      Record<string, unknown>,
    ]
  >([
    [
      'new -> investigating',
      {},
      'investigating',
      undefined,
      { state: 'investigating' },
    ],
    [
      'known error from the request',
      { state: 'investigating' },
      'known_error',
      { rootCause: 'Pool too small', workaround: 'Restart nightly' },
      {
        state: 'known_error',
        rootCause: 'Pool too small',
        workaround: 'Restart nightly',
      },
    ],
    [
      'known error from the record',
      { state: 'investigating', rootCause: 'Pool', workaround: 'Restart' },
      'known_error',
      undefined,
      { state: 'known_error' },
    ],
    [
      'resolved from known error',
      { state: 'known_error', rootCause: 'Pool' },
      'resolved',
      undefined,
      { state: 'resolved' },
    ],
    [
      'resolved straight from investigating',
      { state: 'investigating' },
      'resolved',
      { rootCause: 'Pool' },
      { state: 'resolved', rootCause: 'Pool' },
    ],
    ['closed', { state: 'resolved' }, 'closed', undefined, { state: 'closed' }],
  ])('allows %s', (_, fields, to, input, patch) => {
    expect(
      problemLifecycle.checkTransition(problem(fields), to, { ...ctx, input }),
    ).toEqual({ ok: true, patch });
  });

  it.each<
    [
      string,
      Partial<ProblemRecord>,
      string,
      TransitionContext['input'],
      string,
      string,
    ]
  >([
    [
      'new -> known_error',
      {},
      'known_error',
      undefined,
      'illegal',
      'Cannot move problem from "new" to "known_error"; allowed: investigating',
    ],
    [
      'closed -> new',
      { state: 'closed' },
      'new',
      undefined,
      'illegal',
      'Cannot move problem from "closed" to "new"; allowed: none',
    ],
    [
      'known error without anything',
      { state: 'investigating' },
      'known_error',
      undefined,
      'requirement',
      'Cannot move problem from "investigating" to "known_error": a root cause is required; a workaround is required',
    ],
    [
      'known error without a workaround',
      { state: 'investigating' },
      'known_error',
      { rootCause: 'Pool' },
      'requirement',
      'Cannot move problem from "investigating" to "known_error": a workaround is required',
    ],
    [
      'resolved without a root cause',
      { state: 'investigating' },
      'resolved',
      undefined,
      'requirement',
      'Cannot move problem from "investigating" to "resolved": a root cause is required',
    ],
  ])('refuses %s', (_, fields, to, input, reason, message) => {
    expect(
      problemLifecycle.checkTransition(problem(fields), to, { ...ctx, input }),
    ).toEqual({ ok: false, reason, message });
  });
});
