import { NOW, release } from '../testUtils';
import type { ReleaseState } from '../types';
import { releaseLifecycle } from './release';

const ctx = { actor: 'user:default/eng', now: NOW };

describe('releaseLifecycle', () => {
  it.each<[ReleaseState, string]>([
    ['planned', 'building'],
    ['building', 'ready'],
    ['ready', 'deployed'],
    ['planned', 'abandoned'],
    ['building', 'abandoned'],
    ['ready', 'abandoned'],
  ])('allows %s -> %s', (state, to) => {
    expect(
      releaseLifecycle.checkTransition(release({ state }), to, ctx),
    ).toEqual({ ok: true, patch: { state: to } });
  });

  it.each<[ReleaseState, string, string]>([
    ['planned', 'ready', 'building, abandoned'],
    ['planned', 'deployed', 'building, abandoned'],
    ['deployed', 'abandoned', 'none'],
    ['abandoned', 'planned', 'none'],
    ['ready', 'building', 'deployed, abandoned'],
  ])('refuses %s -> %s', (state, to, allowed) => {
    expect(
      releaseLifecycle.checkTransition(release({ state }), to, ctx),
    ).toEqual({
      ok: false,
      reason: 'illegal',
      message: `Cannot move release from "${state}" to "${to}"; allowed: ${allowed}`,
    });
  });

  it.each<[ReleaseState, boolean]>([
    ['planned', true],
    ['building', true],
    ['ready', true],
    ['deployed', false],
    ['abandoned', false],
  ])('isOpen(%s) is %s', (state, expected) => {
    expect(releaseLifecycle.isOpen(state)).toBe(expected);
  });
});
