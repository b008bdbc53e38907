import { z } from 'zod';
import { isZeroTime, parseRfc3339 } from './time';

// Payload schemas of the tools that send events. They are loose objects:
// the tools add fields over time and we keep whatever they send. The fields
// the mappers use are checked strictly.

/** An RFC 3339 date-time (any offset, any fraction), normalised to UTC ISO. */
const timestamp = z.string().transform((value, ctx) => {
  const ms = parseRfc3339(value);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: 'Must be an RFC 3339 date-time' });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
});

/** Like `timestamp`, but Go's zero time (`0001-01-01T00:00:00Z`) is absent. */
const optionalTimestamp = z.string().transform((value, ctx) => {
  const ms = parseRfc3339(value);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: 'Must be an RFC 3339 date-time' });
    return z.NEVER;
  }
  return isZeroTime(ms) ? undefined : new Date(ms).toISOString();
});

const labelSet = z.record(z.string(), z.string());

// ------------------------------------------------------------- Alertmanager

/**
 * One alert of an Alertmanager webhook notification.
 */
const alertmanagerAlertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: labelSet,
  annotations: labelSet.default({}),
  /** UTC ISO. */
  startsAt: timestamp,
  /** UTC ISO; absent while the alert fires (Alertmanager sends Go's zero time). */
  endsAt: optionalTimestamp.optional(),
  generatorURL: z.string().default(''),
  /** Alertmanager's hash of the label set, stable across notifications. */
  fingerprint: z.string().trim().min(1).max(200),
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
  commonAnnotations: labelSet.default({}),
  externalURL: z.string().default(''),
  alerts: z.array(alertmanagerAlertSchema),
});

export type AlertmanagerAlert = z.output<typeof alertmanagerAlertSchema>;
export type AlertmanagerWebhook = z.output<typeof alertmanagerWebhookSchema>;

// ------------------------------------------------------------------- GitHub

const githubUser = z.looseObject({
  login: z.string(),
  type: z.string().optional(),
});

const githubRepository = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  /** `owner/repo`, matched to the `github.com/project-slug` annotation. */
  full_name: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'Must be owner/repo'),
  html_url: z.string(),
});

const githubDeployment = z.looseObject({
  id: z.number().int(),
  url: z.string(),
  sha: z.string().regex(/^[0-9a-f]{7,64}$/i, 'Must be a git commit SHA'),
  /** The ref deployed: a branch, tag or SHA. */
  ref: z.string().min(1),
  task: z.string().optional(),
  /** Free-form data the deployment's creator attached. */
  payload: z.union([z.record(z.string(), z.unknown()), z.string()]).nullish(),
  environment: z.string().trim().min(1),
  original_environment: z.string().optional(),
  production_environment: z.boolean().optional(),
  transient_environment: z.boolean().optional(),
  description: z.string().nullish(),
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
    environment: z.string().optional(),
    description: z.string().nullish(),
    target_url: z.string().nullish(),
    log_url: z.string().nullish(),
    environment_url: z.string().nullish(),
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
    tag_name: z.string().trim().min(1),
    name: z.string().nullish(),
    html_url: z.string(),
    /** Branch or commit SHA the tag was created from. */
    target_commitish: z.string(),
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
  id: z.string().min(1),
  type: z.string().optional(),
  summary: z.string().nullish(),
  html_url: z.string().nullish(),
});

/**
 * The `incident` object PagerDuty v3 webhooks carry in `event.data`.
 */
const pagerDutyIncidentSchema = z.looseObject({
  id: z.string().min(1),
  type: z.literal('incident'),
  html_url: z.string(),
  number: z.number().int().optional(),
  status: z.enum(['triggered', 'acknowledged', 'resolved']),
  incident_key: z.string().nullish(),
  created_at: timestamp.optional(),
  title: z.string(),
  service: pagerDutyReference,
  assignees: z.array(pagerDutyReference).default([]),
  /** `summary` is the priority's name, e.g. `P1`; absent when priorities are off. */
  priority: pagerDutyReference.nullish(),
  urgency: z.enum(['high', 'low']),
});

const otherPagerDutyData = z
  .looseObject({ type: z.string() })
  .refine(data => data.type !== 'incident', {
    message: 'Must be a valid incident',
  });

/**
 * A PagerDuty v3 webhook body: one event. `event.data` is validated as an
 * incident when its `type` is `incident`, and left as it is otherwise
 * (`incident_note`, `service`, `ping`, ...).
 */
export const pagerDutyWebhookSchema = z.looseObject({
  event: z.looseObject({
    id: z.string().trim().min(1).max(200),
    /** e.g. `incident.triggered`, `incident.priority_updated`, `pagey.ping`. */
    event_type: z.string().min(1),
    resource_type: z.string(),
    occurred_at: timestamp,
    /** Who or what caused the event; `type` `user_reference` for a person. */
    agent: pagerDutyReference.nullish(),
    client: z.looseObject({ name: z.string().optional() }).nullish(),
    data: z.union([pagerDutyIncidentSchema, otherPagerDutyData]),
  }),
});

export type PagerDutyIncident = z.output<typeof pagerDutyIncidentSchema>;
export type PagerDutyWebhook = z.output<typeof pagerDutyWebhookSchema>;
