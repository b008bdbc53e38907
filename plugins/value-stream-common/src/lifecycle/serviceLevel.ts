import type { ServiceLevelRecord, ServiceLevelState } from '../types';
import { SERVICE_LEVEL_STATES } from '../types';
import { defineLifecycle } from './defineLifecycle';

/**
 * The service level lifecycle: draft → proposed → agreed → retired; a
 * proposal can go back to draft. Agreeing records who agreed and when.
 * @public
 */
export const serviceLevelLifecycle = defineLifecycle<
  ServiceLevelRecord,
  ServiceLevelState
>({
  name: 'service level',
  states: SERVICE_LEVEL_STATES,
  closedStates: ['retired'],
  transitions: {
    draft: ['proposed'],
    proposed: ['agreed', 'draft'],
    agreed: ['retired'],
    retired: [],
  },
  patch: (_, to, { actor, now }) =>
    to === 'agreed' ? { agreedBy: actor, agreedAt: now } : {},
});
