import { NOW, serviceLevel } from '../testUtils';
import type { ServiceLevelState } from '../types';
import { serviceLevelLifecycle } from './serviceLevel';

const ACTOR = 'user:default/owner';
const ctx = { actor: ACTOR, now: NOW };

describe('serviceLevelLifecycle', () => {
  it.each<[ServiceLevelState, string, Record<string, unknown>]>([
    ['draft', 'proposed', { state: 'proposed' }],
    ['proposed', 'draft', { state: 'draft' }],
    ['proposed', 'agreed', { state: 'agreed', agreedBy: ACTOR, agreedAt: NOW }],
    ['agreed', 'retired', { state: 'retired' }],
  ])('%s -> %s', (state, to, patch) => {
    expect(
      serviceLevelLifecycle.checkTransition(serviceLevel({ state }), to, ctx),
    ).toEqual({ ok: true, patch });
  });

  it.each<[ServiceLevelState, string, string]>([
    [
      'draft',
      'agreed',
      'Cannot move service level from "draft" to "agreed"; allowed: proposed',
    ],
    [
      'agreed',
      'draft',
      'Cannot move service level from "agreed" to "draft"; allowed: retired',
    ],
    [
      'retired',
      'agreed',
      'Cannot move service level from "retired" to "agreed"; allowed: none',
    ],
  ])('refuses %s -> %s', (state, to, message) => {
    expect(
      serviceLevelLifecycle.checkTransition(serviceLevel({ state }), to, ctx),
    ).toEqual({ ok: false, reason: 'illegal', message });
  });
});
