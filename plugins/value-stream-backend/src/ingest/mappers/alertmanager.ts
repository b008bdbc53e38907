import {
  type EventSeverity,
  ANNOTATION_SERVICE_LEVEL_TIER,
} from '@valuestream/plugin-value-stream-common';
import { ALERT_LABELS } from './constants';
import { IngestEntity, normalizeIngestRef } from './entities';
import {
  IngestIncidentDraft,
  IngestPriorityOptions,
  incidentPriorityForAlert,
  truncate,
} from './incidents';
import { eventIdempotencyKey, IngestEventInput } from './keys';
import type { AlertmanagerAlert } from './schemas';

const EXCEPTION = new Set([
  'critical',
  'error',
  'page',
  'fatal',
  'emergency',
  'alert',
]);
const WARNING = new Set(['warning', 'warn']);
const INFORMATIONAL = new Set([
  'info',
  'informational',
  'none',
  'notice',
  'debug',
]);

/**
 * The event severity of an alert from its `severity` label
 * (case-insensitive): `critical`, `error`, `page` (and `fatal`,
 * `emergency`, `alert`) are exceptions; `warning` a warning; `info`, `none`
 * (and `informational`, `notice`, `debug`) informational. An alert without a
 * severity, or with another one, is a warning: visible, but it opens no
 * incident.
 */
export function classifyAlertSeverity(
  labels: Record<string, string>,
): EventSeverity {
  const severity = labels[ALERT_LABELS.severity]
    ?.trim()
    .toLocaleLowerCase('en-US');
  if (severity && EXCEPTION.has(severity)) {
    return 'exception';
  }
  if (severity && INFORMATIONAL.has(severity)) {
    return 'informational';
  }
  if (severity && WARNING.has(severity)) {
    return 'warning';
  }
  return 'warning';
}

/** The one-line summary of an alert. */
function alertSummary(alert: AlertmanagerAlert): string {
  const text =
    alert.annotations.summary?.trim() ||
    alert.annotations.message?.trim() ||
    alert.annotations.description?.trim() ||
    alert.labels[ALERT_LABELS.alertName]?.trim() ||
    alert.fingerprint;
  return truncate(text.replace(/\s+/g, ' '), 500);
}

/**
 * The event record of one Alertmanager alert, not yet matched to an entity
 * (`entityRef` null). Its idempotency key is fingerprint + startsAt.
 */
export function alertToEvent(
  alert: AlertmanagerAlert,
  receivedAt: string,
): IngestEventInput {
  return {
    entityRef: null,
    source: 'alertmanager',
    fingerprint: alert.fingerprint,
    severity: classifyAlertSeverity(alert.labels),
    status: alert.status,
    summary: alertSummary(alert),
    labels: { ...alert.labels },
    startsAt: alert.startsAt,
    ...(alert.endsAt ? { endsAt: alert.endsAt } : {}),
    receivedAt,
  };
}

function isHttpUrl(value: string | undefined): value is string {
  return !!value && /^https?:\/\//i.test(value);
}

/**
 * The incident an exception alert opens on the entity it matched. Title
 * from the alert name and summary; description from the description,
 * runbook and labels; priority from {@link incidentPriorityForAlert} with the
 * entity's `valuestream.io/service-level-tier`.
 */
export function alertToIncidentDraft(
  alert: AlertmanagerAlert,
  entity: IngestEntity,
  options: IngestPriorityOptions = {},
): IngestIncidentDraft {
  const severity = classifyAlertSeverity(alert.labels);
  const tier = entity.annotations?.[ANNOTATION_SERVICE_LEVEL_TIER];
  const name = alert.labels[ALERT_LABELS.alertName]?.trim();
  const summary = alertSummary(alert);
  const title =
    name && summary !== name ? `${name}: ${summary}` : summary || name || '';

  const lines: string[] = [];
  const description = alert.annotations.description?.trim();
  if (description && description !== summary) {
    lines.push(description, '');
  }
  lines.push(
    `Opened by the Alertmanager alert ${alert.fingerprint}, firing since ${alert.startsAt}.`,
  );
  const runbook =
    alert.annotations.runbook_url?.trim() || alert.annotations.runbook?.trim();
  if (isHttpUrl(runbook)) {
    lines.push(`Runbook: ${runbook}`);
  }
  if (isHttpUrl(alert.generatorURL)) {
    lines.push(`Source: ${alert.generatorURL}`);
  }
  const labelLines = Object.keys(alert.labels)
    .sort()
    .map(key => `- ${key}: ${alert.labels[key]}`);
  if (labelLines.length) {
    lines.push('', 'Labels:', ...labelLines);
  }

  return {
    entityRef: normalizeIngestRef(entity.entityRef) ?? entity.entityRef,
    title: truncate(title, 200),
    description: truncate(lines.join('\n'), 10_000),
    ...incidentPriorityForAlert(severity, tier, options),
    source: 'alertmanager',
    externalId: eventIdempotencyKey({
      source: 'alertmanager',
      fingerprint: alert.fingerprint,
      startsAt: alert.startsAt,
    }),
    ...(isHttpUrl(alert.generatorURL)
      ? { externalUrl: alert.generatorURL }
      : {}),
  };
}
