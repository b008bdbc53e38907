/*
 * Ingestion adapters: signature checks and the translation of Alertmanager,
 * GitHub and PagerDuty payloads into store operations over IngestPorts.
 */
export { verifyGithubSignature, verifyPagerDutySignature } from './signatures';
export {
  processAlertmanager,
  resolveIncidentFromEvent,
} from './processAlertmanager';
export { processGithub, type GithubDelivery } from './processGithub';
export { processPagerDuty } from './processPagerDuty';
export type {
  AlertmanagerIngestOptions,
  CreateIncidentResult,
  GithubIngestOptions,
  IncidentFieldsUpdate,
  IncidentTransitionRequest,
  IngestDeploymentInput,
  IngestItemResult,
  IngestOptions,
  IngestOutcome,
  IngestPorts,
  IngestReleaseInput,
  IngestResult,
  NewIngestIncident,
  RecordEventResult,
} from './ports';
