import type { ReleaseRecord, ReleaseState } from '../types';
import { RELEASE_STATES } from '../types';
import { defineLifecycle } from './defineLifecycle';

/**
 * The release lifecycle: planned → building → ready → deployed, or
 * abandoned from any state before deployed.
 * @public
 */
export const releaseLifecycle = defineLifecycle<ReleaseRecord, ReleaseState>({
  name: 'release',
  states: RELEASE_STATES,
  closedStates: ['deployed', 'abandoned'],
  transitions: {
    planned: ['building', 'abandoned'],
    building: ['ready', 'abandoned'],
    ready: ['deployed', 'abandoned'],
    deployed: [],
    abandoned: [],
  },
});
