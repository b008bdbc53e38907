import { useMemo } from 'react';
import { useAnalytics } from '@backstage/core-plugin-api';
import type {
  ApprovalDecision,
  ChangeRecord,
  IncidentRecord,
} from '@valuestream/plugin-value-stream-common';
import type { Collection } from '../api';

/**
 * The analytics actions of the Value Stream forms, for a portal team that
 * counts incidents raised, changes requested, approval decisions and state
 * changes per service.
 */
const RECORD_ANALYTICS_ACTIONS = {
  raiseIncident: 'raiseIncident',
  requestChange: 'requestChange',
  approveChange: 'approveChange',
  rejectChange: 'rejectChange',
  transition: 'transition',
} as const;

/**
 * Captures an analytics event for each record a form created or changed.
 * The subject is the record's id: titles are free text a user typed and do
 * not belong in an analytics backend.
 */
export function useRecordAnalytics() {
  const analytics = useAnalytics();
  return useMemo(
    () => ({
      incidentRaised(incident: IncidentRecord) {
        analytics.captureEvent(
          RECORD_ANALYTICS_ACTIONS.raiseIncident,
          incident.id,
          {
            attributes: {
              entityRef: incident.entityRef,
              priority: incident.priority,
              impact: incident.impact,
              urgency: incident.urgency,
              major: incident.major,
            },
          },
        );
      },
      changeRequested(change: ChangeRecord) {
        analytics.captureEvent(
          RECORD_ANALYTICS_ACTIONS.requestChange,
          change.id,
          {
            attributes: {
              entityRef: change.entityRef,
              changeType: change.type,
            },
          },
        );
      },
      changeDecided(change: ChangeRecord, decision: ApprovalDecision) {
        analytics.captureEvent(
          decision === 'approved'
            ? RECORD_ANALYTICS_ACTIONS.approveChange
            : RECORD_ANALYTICS_ACTIONS.rejectChange,
          change.id,
          {
            attributes: {
              entityRef: change.entityRef,
              changeType: change.type,
            },
          },
        );
      },
      recordTransitioned(
        collection: Collection,
        record: { id: string; entityRef: string },
        from: string,
        to: string,
      ) {
        analytics.captureEvent(RECORD_ANALYTICS_ACTIONS.transition, record.id, {
          attributes: { entityRef: record.entityRef, collection, from, to },
        });
      },
    }),
    [analytics],
  );
}
