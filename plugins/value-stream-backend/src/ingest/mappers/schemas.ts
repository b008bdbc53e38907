import {
  ALERT_ANNOTATION_LIMITS,
  ALERT_LABEL_LIMITS,
  checkDateTime,
  labelMapSchema,
  textSchema,
  withTextRules,
} from '@valuestream/plugin-value-stream-common';
import { z } from 'zod';
import { isZeroTime } from './time';

// Payload schemas of the tools that send events. They are loose objects:
// the tools add fields over time, and a field we do not read is never
// refused. The fields the mappers read are checked strictly, with the rules
// of the API's own bodies (-common's inputRules): calendar-valid times,
// bounded texts without control characters, bounded label maps.

/**
 * An RFC 3339 date-time (any offset, any fraction, on a calendar day),
 * normalised to UTC ISO; `zero` is what Go's zero time
 * (`0001-01-01T00:00:00Z`) becomes.
 */
function timestampOr<Z>(zero: (iso: string) => string | Z) {
  return z
    .string()
    .max(64)
    .transform((value, ctx) => {
      const checked = checkDateTime(value.trim());
      if (!checked.ok) {
        ctx.addIssue({ code: 'custom', message: checked.reason });
        return z.NEVER;
      }
      const iso = new Date(checked.epochMs).toISOString();
      return isZeroTime(checked.epochMs) ? zero(iso) : iso;
    });
}

/** An RFC 3339 date-time (any offset, any fraction), normalised to UTC ISO. */
const timestamp = timestampOr(iso => iso);

/** Like `timestamp`, but Go's zero time (`0001-01-01T00:00:00Z`) is absent. */
const optionalTimestamp = timestampOr(() => undefined);

/** A one-line text the mappers read, up to `max` characters, maybe empty. */
const line = (max: number) => withTextRules(z.string()).max(max);
/** A text the mappers read that may span lines (CRLF too). */
const multiline = (max: number) =>
  withTextRules(z.string(), 'multiline').max(max);
/** A URL as the tools send it (not checked further: it is only linked). */
const url = line(2_000);

const labelSet = labelMapSchema(ALERT_LABEL_LIMITS);
const annotationSet = labelMapSchema(ALERT_ANNOTATION_LIMITS);

// ------------------------------------------------------------- Alertmanager

/**
 * One alert of an Alertmanager webhook notification.
 */
const alertmanagerAlertSchema = z
  .looseObject({
    status: z.enum(['firing', 'resolved']),
    labels: labelSet,
    annotations: annotationSet.default({}),
    /** UTC ISO. */
    startsAt: timestamp,
    /** UTC ISO; absent while the alert fires (Alertmanager sends Go's zero time). */
    endsAt: optionalTimestamp.optional(),
    generatorURL: url.default(''),
    /** Alertmanager's hash of the label set, stable across notifications. */
    fingerprint: textSchema(200),
  })
  .refine(alert => !alert.endsAt || alert.endsAt >= alert.startsAt, {
    message: 'Must not be before startsAt',
    path: ['endsAt'],
    when: payload => payload.issues.length === 0,
  });

/**
 * The body Alertmanager POSTs to a `webhook_configs` receiver, payload
 * version 4.
 */
export const alertmanagerWebhookSchema = z.looseObject({
  version: z.literal('4'),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labelSet.default({}),
  commonLabels: labelSet.default({}),
  commonAnnotations: annotationSet.default({}),
  externalURL: z.string().default(''),
  alerts: z.array(alertmanagerAlertSchema),
});

export type AlertmanagerAlert = z.output<typeof alertmanagerAlertSchema>;
export type AlertmanagerWebhook = z.output<typeof alertmanagerWebhookSchema>;

// ------------------------------------------------------------------- GitHub

const githubUser = z.looseObject({
  login: line(100),
  type: z.string().optional(),
});

const githubRepository = z.looseObject({
  id: z.number().int(),
  name: line(200),
  /** `owner/repo`, matched to the `github.com/project-slug` annotation. */
  full_name: line(300).regex(/^[^/\s]+\/[^/\s]+$/, 'Must be owner/repo'),
  html_url: url,
});

const githubDeployment = z.looseObject({
  id: z.number().int(),
  url,
  sha: z.string().regex(/^[0-9a-f]{7,64}$/i, 'Must be a git commit SHA'),
  /** The ref deployed: a branch, tag or SHA. */
  ref: line(1_000).min(1),
  task: line(200).optional(),
  /** Free-form data the deployment's creator attached. */
  payload: z.union([z.record(z.string(), z.unknown()), z.string()]).nullish(),
  environment: textSchema(255),
  original_environment: line(255).optional(),
  production_environment: z.boolean().optional(),
  transient_environment: z.boolean().optional(),
  description: multiline(10_000).nullish(),
  creator: githubUser.nullish(),
  created_at: timestamp,
  updated_at: timestamp,
});

/**
 * The states of a GitHub deployment status.
 */
const GITHUB_DEPLOYMENT_STATUS_STATES = [
  'error',
  'failure',
  'inactive',
  'pending',
  'success',
  'queued',
  'in_progress',
] as const;

/**
 * The GitHub webhook `deployment` event (`X-GitHub-Event: deployment`).
 */
export const githubDeploymentEventSchema = z.looseObject({
  action: z.string(),
  deployment: githubDeployment,
  repository: githubRepository,
  sender: githubUser.nullish(),
});

/**
 * The GitHub webhook `deployment_status` event.
 */
export const githubDeploymentStatusEventSchema = z.looseObject({
  action: z.string(),
  deployment_status: z.looseObject({
    id: z.number().int(),
    state: z.enum(GITHUB_DEPLOYMENT_STATUS_STATES),
    environment: line(255).optional(),
    description: multiline(10_000).nullish(),
    target_url: url.nullish(),
    log_url: url.nullish(),
    environment_url: url.nullish(),
    creator: githubUser.nullish(),
    created_at: timestamp,
    updated_at: timestamp,
  }),
  deployment: githubDeployment,
  repository: githubRepository,
  sender: githubUser.nullish(),
});

/**
 * The actions of the GitHub `release` event.
 */
const GITHUB_RELEASE_ACTIONS = [
  'created',
  'deleted',
  'edited',
  'prereleased',
  'published',
  'released',
  'unpublished',
] as const;

/**
 * The GitHub webhook `release` event.
 */
export const githubReleaseEventSchema = z.looseObject({
  action: z.enum(GITHUB_RELEASE_ACTIONS),
  release: z.looseObject({
    id: z.number().int(),
    tag_name: textSchema(255),
    name: line(1_000).nullish(),
    html_url: url,
    /** Branch or commit SHA the tag was created from. */
    target_commitish: line(1_000),
    draft: z.boolean(),
    prerelease: z.boolean(),
    created_at: timestamp.nullish(),
    published_at: timestamp.nullish(),
    body: z.string().nullish(),
    author: githubUser.nullish(),
  }),
  repository: githubRepository,
  sender: githubUser.nullish(),
});

export type GithubDeploymentEvent = z.output<
  typeof githubDeploymentEventSchema
>;
export type GithubDeploymentStatusEvent = z.output<
  typeof githubDeploymentStatusEventSchema
>;
export type GithubDeploymentStatusState =
  (typeof GITHUB_DEPLOYMENT_STATUS_STATES)[number];
export type GithubReleaseEvent = z.output<typeof githubReleaseEventSchema>;

// ---------------------------------------------------------------- PagerDuty

const pagerDutyReference = z.looseObject({
  id: line(200).min(1),
  type: line(100).optional(),
  summary: line(1_000).nullish(),
  html_url: url.nullish(),
});

/**
 * The `incident` object PagerDuty v3 webhooks carry in `event.data`.
 */
const pagerDutyIncidentSchema = z.looseObject({
  id: line(200).min(1),
  type: z.literal('incident'),
  html_url: url,
  number: z.number().int().optional(),
  status: z.enum(['triggered', 'acknowledged', 'resolved']),
  incident_key: line(1_000).nullish(),
  created_at: timestamp.optional(),
  title: line(1_000),
  service: pagerDutyReference,
  assignees: z.array(pagerDutyReference).default([]),
  /** `summary` is the priority's name, e.g. `P1`; absent when priorities are off. */
  priority: pagerDutyReference.nullish(),
  urgency: z.enum(['high', 'low']),
});

const otherPagerDutyData = z.looseObject({ type: z.string() });

/**
 * `event.data`: an incident when its `type` is `incident`, checked as one so
 * that a refusal names the incident's field (a union would only say
 * "Invalid input"); any other data as it is.
 */
const pagerDutyData = otherPagerDutyData.transform(
  (data, ctx): PagerDutyIncident | z.output<typeof otherPagerDutyData> => {
    if (data.type !== 'incident') {
      return data;
    }
    const incident = pagerDutyIncidentSchema.safeParse(data);
    if (!incident.success) {
      for (const issue of incident.error.issues) {
        ctx.addIssue({ ...issue, code: 'custom', input: undefined });
      }
      return z.NEVER;
    }
    return incident.data;
  },
);

/**
 * A PagerDuty v3 webhook body: one event. `event.data` is validated as an
 * incident when its `type` is `incident`, and left as it is otherwise
 * (`incident_note`, `service`, `ping`, ...).
 */
export const pagerDutyWebhookSchema = z.looseObject({
  event: z.looseObject({
    id: textSchema(200),
    /** e.g. `incident.triggered`, `incident.priority_updated`, `pagey.ping`. */
    event_type: line(200).min(1),
    resource_type: z.string(),
    occurred_at: timestamp,
    /** Who or what caused the event; `type` `user_reference` for a person. */
    agent: pagerDutyReference.nullish(),
    client: z.looseObject({ name: z.string().optional() }).nullish(),
    data: pagerDutyData,
  }),
});

export type PagerDutyIncident = z.output<typeof pagerDutyIncidentSchema>;
export type PagerDutyWebhook = z.output<typeof pagerDutyWebhookSchema>;
