/**
 * Alert labels with a meaning for the ingestion of Alertmanager alerts.
 */
export const ALERT_LABELS = {
  /** An entity ref such as `component:default/checkout` (kind defaults to component). */
  entity: 'backstage_entity',
  /** Matched to an entity's `metadata.name`. */
  service: 'service',
  /** `critical`, `error`, `page`, `warning`, `info`, `none`, ... */
  severity: 'severity',
  alertName: 'alertname',
} as const;

/**
 * The sources events are ingested from.
 */
export type IngestSource = 'alertmanager' | 'github' | 'pagerduty';

/**
 * The actor recorded on records and history entries written by ingestion,
 * per source. They have the form of the subject of a Backstage external
 * access principal and are never user refs, so an ingested change never
 * counts as a person taking an incident over.
 */
export const INGEST_ACTORS: Record<IngestSource, string> = {
  alertmanager: 'external:alertmanager',
  github: 'external:github',
  pagerduty: 'external:pagerduty',
};
