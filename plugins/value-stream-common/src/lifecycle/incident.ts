import { evaluateSlaBreach, markResponded, resumeSlaClock } from '../slaClock';
import type { IncidentRecord, IncidentState } from '../types';
import { INCIDENT_STATES } from '../types';
import {
  defineLifecycle,
  type TransitionGuard,
  type TransitionPatch,
} from './defineLifecycle';

const needsResolutionNote: TransitionGuard<IncidentRecord> = (_, { input }) =>
  input?.resolutionNote ? undefined : 'a resolution note is required';

/**
 * The incident lifecycle: new → acknowledged → in_progress → resolved →
 * closed, with shortcuts from new and acknowledged, and reopening from
 * resolved. Leaving `new` is the response (it stops the response clock and
 * takes the incident for the actor if nobody has it); resolving stops the
 * resolution clock and needs a resolution note.
 * @public
 */
export const incidentLifecycle = defineLifecycle<IncidentRecord, IncidentState>(
  {
    name: 'incident',
    states: INCIDENT_STATES,
    closedStates: ['resolved', 'closed'],
    transitions: {
      new: ['acknowledged', 'in_progress', 'resolved'],
      acknowledged: ['in_progress', 'resolved'],
      in_progress: ['resolved'],
      resolved: ['closed', 'in_progress'],
      closed: [],
    },
    requires: { resolved: [needsResolutionNote] },
    patch: (incident, to, { actor, now, input }) => {
      const patch: TransitionPatch<IncidentRecord> = {};
      let sla = incident.sla;
      if (incident.state === 'new') {
        sla = markResponded(sla, now);
        if (!incident.assignee) {
          patch.assignee = actor;
        }
      }
      if (to === 'resolved') {
        // Resolving ends any wait on the reporter.
        sla = evaluateSlaBreach(resumeSlaClock(sla, now), now, now);
        patch.resolvedAt = now;
        patch.resolutionNote = input?.resolutionNote;
        if (incident.waitingOnReporter) {
          patch.waitingOnReporter = false;
        }
      }
      if (incident.state === 'resolved' && to === 'in_progress') {
        patch.resolvedAt = null;
      }
      if (sla !== incident.sla) {
        patch.sla = sla;
      }
      return patch;
    },
  },
);
