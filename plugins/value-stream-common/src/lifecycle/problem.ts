import type { ProblemRecord, ProblemState } from '../types';
import { PROBLEM_STATES } from '../types';
import { defineLifecycle, type TransitionGuard } from './defineLifecycle';

const needsRootCause: TransitionGuard<ProblemRecord> = (problem, { input }) =>
  input?.rootCause ?? problem.rootCause
    ? undefined
    : 'a root cause is required';

const needsWorkaround: TransitionGuard<ProblemRecord> = (problem, { input }) =>
  input?.workaround ?? problem.workaround
    ? undefined
    : 'a workaround is required';

/**
 * The problem lifecycle: new → investigating → known_error → resolved →
 * closed. A known error has a root cause and a workaround; a problem is
 * resolved only once its root cause is known (it may skip known_error when
 * the fix comes before a workaround).
 * @public
 */
export const problemLifecycle = defineLifecycle<ProblemRecord, ProblemState>({
  name: 'problem',
  states: PROBLEM_STATES,
  closedStates: ['resolved', 'closed'],
  transitions: {
    new: ['investigating'],
    investigating: ['known_error', 'resolved'],
    known_error: ['resolved'],
    resolved: ['closed'],
    closed: [],
  },
  requires: {
    known_error: [needsRootCause, needsWorkaround],
    resolved: [needsRootCause],
  },
  patch: (_, _to, { input }) => ({
    ...(input?.rootCause ? { rootCause: input.rootCause } : {}),
    ...(input?.workaround ? { workaround: input.workaround } : {}),
  }),
});
