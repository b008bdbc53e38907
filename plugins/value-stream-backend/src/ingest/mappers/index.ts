/*
 * Payload schemas of Alertmanager, GitHub and PagerDuty webhooks and their
 * pure mapping to records. Only the ingest service uses them, so they stay
 * out of -common and the browser bundle; the process* handlers beside this
 * folder verify signatures and write the records.
 */
export { ALERT_LABELS, INGEST_ACTORS, type IngestSource } from './constants';
export {
  alertmanagerWebhookSchema,
  githubDeploymentEventSchema,
  githubDeploymentStatusEventSchema,
  githubReleaseEventSchema,
  pagerDutyWebhookSchema,
  type AlertmanagerAlert,
  type AlertmanagerWebhook,
  type GithubDeploymentEvent,
  type GithubDeploymentStatusEvent,
  type GithubDeploymentStatusState,
  type GithubReleaseEvent,
  type PagerDutyIncident,
  type PagerDutyWebhook,
} from './schemas';
export {
  eventIdempotencyKey,
  type IdempotencySubject,
  type IngestEventInput,
} from './keys';
export {
  matchAlertToEntity,
  selectGithubEntity,
  preferredEntity,
  normalizeIngestRef,
  type AlertEntityLookup,
  type AlertEntityMatch,
  type IngestEntity,
} from './entities';
export {
  isIncidentTakenOver,
  flappingIncidentId,
  DEFAULT_FLAPPING_WINDOW_MINUTES,
  type FlappingEvent,
  type IncidentPriority,
  type IngestIncidentDraft,
  type IngestPriorityOptions,
} from './incidents';
export { alertToEvent, alertToIncidentDraft } from './alertmanager';
export {
  githubDeploymentToRecord,
  githubDeploymentToEvent,
  githubReleaseToRecord,
  githubReleaseToEvent,
  shouldApplyDeploymentState,
  nextReleaseState,
  type GithubDeploymentMapping,
  type GithubMappingOptions,
  type GithubReleaseMapping,
} from './github';
export {
  pagerDutyToIncidentUpdate,
  pagerDutyToIncidentDraft,
  pagerDutyToEvent,
  pagerDutyTransition,
  type PagerDutyIncidentUpdate,
} from './pagerduty';
