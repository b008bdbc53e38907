import alertmanagerBatch from './__fixtures__/alertmanager-firing-resolved.json';
import githubDeployment from './__fixtures__/github-deployment.json';
import githubStatusSuccess from './__fixtures__/github-deployment-status-success.json';
import githubStatusFailure from './__fixtures__/github-deployment-status-failure.json';
import githubRelease from './__fixtures__/github-release-published.json';
import pdTriggered from './__fixtures__/pagerduty-incident-triggered.json';
import pdAcknowledged from './__fixtures__/pagerduty-incident-acknowledged.json';
import pdResolved from './__fixtures__/pagerduty-incident-resolved.json';
import { formatValidationMessage } from '@valuestream/plugin-value-stream-common';
import {
  alertmanagerWebhookSchema,
  githubDeploymentEventSchema,
  githubDeploymentStatusEventSchema,
  githubReleaseEventSchema,
  pagerDutyWebhookSchema,
} from './schemas';

const clone = <T>(value: T): any => JSON.parse(JSON.stringify(value));

describe('ingest payload schemas', () => {
  it.each([
    ['alertmanager batch', alertmanagerWebhookSchema, alertmanagerBatch],
    ['github deployment', githubDeploymentEventSchema, githubDeployment],
    [
      'github status success',
      githubDeploymentStatusEventSchema,
      githubStatusSuccess,
    ],
    [
      'github status failure',
      githubDeploymentStatusEventSchema,
      githubStatusFailure,
    ],
    ['github release', githubReleaseEventSchema, githubRelease],
    ['pagerduty triggered', pagerDutyWebhookSchema, pdTriggered],
    ['pagerduty acknowledged', pagerDutyWebhookSchema, pdAcknowledged],
    ['pagerduty resolved', pagerDutyWebhookSchema, pdResolved],
  ] as const)('accepts the %s fixture', (_name, schema, fixture) => {
    const result = (schema as any).safeParse(fixture);
    expect(result.error?.issues).toBeUndefined();
    expect(result.success).toBe(true);
  });

  it('normalises Alertmanager times and drops the zero endsAt', () => {
    const parsed = alertmanagerWebhookSchema.parse(alertmanagerBatch);
    expect(parsed.alerts[0].startsAt).toBe('2026-03-02T08:52:26.739Z');
    expect(parsed.alerts[0].endsAt).toBeUndefined();
    expect(parsed.alerts[1].endsAt).toBe('2026-03-02T08:55:30.500Z');
  });

  it('keeps fields the tools add', () => {
    const payload = clone(alertmanagerBatch);
    payload.orgId = 1;
    payload.alerts[0].silenceURL = 'https://example.com/silence';
    const parsed = alertmanagerWebhookSchema.parse(payload) as any;
    expect(parsed.orgId).toBe(1);
    expect(parsed.alerts[0].silenceURL).toBe('https://example.com/silence');
    expect(
      githubDeploymentEventSchema.parse(githubDeployment).repository,
    ).toHaveProperty('default_branch', 'main');
  });

  type Mutation = (payload: any) => void;
  it.each<[string, Mutation]>([
    ['another payload version', p => (p.version = '3')],
    ['an alert without fingerprint', p => delete p.alerts[0].fingerprint],
    ['an unknown alert status', p => (p.alerts[0].status = 'pending')],
    ['a non-string label', p => (p.alerts[0].labels.replicas = 3)],
    ['a bad startsAt', p => (p.alerts[0].startsAt = 'yesterday')],
    ['no alerts array', p => delete p.alerts],
  ])('rejects an Alertmanager payload with %s', (_name, mutate) => {
    const payload = clone(alertmanagerBatch);
    mutate(payload);
    expect(alertmanagerWebhookSchema.safeParse(payload).success).toBe(false);
  });

  it.each<[string, Mutation]>([
    ['an unknown state', p => (p.deployment_status.state = 'exploded')],
    ['no environment', p => delete p.deployment.environment],
    [
      'a repository name without owner',
      p => (p.repository.full_name = 'checkout'),
    ],
    ['a bad sha', p => (p.deployment.sha = 'not-a-sha')],
  ])('rejects a deployment_status with %s', (_name, mutate) => {
    const payload = clone(githubStatusSuccess);
    mutate(payload);
    expect(githubDeploymentStatusEventSchema.safeParse(payload).success).toBe(
      false,
    );
  });

  it.each<[string, Mutation]>([
    ['an unknown action', p => (p.action = 'exploded')],
    ['no tag', p => delete p.release.tag_name],
  ])('rejects a release with %s', (_name, mutate) => {
    const payload = clone(githubRelease);
    mutate(payload);
    expect(githubReleaseEventSchema.safeParse(payload).success).toBe(false);
  });

  it('accepts a release without a name', () => {
    const payload = clone(githubRelease);
    payload.release.name = null;
    expect(githubReleaseEventSchema.safeParse(payload).success).toBe(true);
  });

  it.each<[string, Mutation]>([
    ['no event id', p => delete p.event.id],
    ['an incident without service', p => delete p.event.data.service],
    ['an unknown incident status', p => (p.event.data.status = 'snoozed')],
    ['an unknown urgency', p => (p.event.data.urgency = 'medium')],
  ])('rejects a PagerDuty webhook with %s', (_name, mutate) => {
    const payload = clone(pdTriggered);
    mutate(payload);
    expect(pagerDutyWebhookSchema.safeParse(payload).success).toBe(false);
  });

  it('accepts PagerDuty events about other things than incidents', () => {
    const ping = {
      event: {
        id: '01BRB6ZP4M6T8ZG4X6BP63ZB9O',
        event_type: 'pagey.ping',
        resource_type: 'pagey',
        occurred_at: '2026-03-02T13:35:11.682Z',
        agent: null,
        client: null,
        data: { message: 'Hello from your friend Pagey!', type: 'ping' },
      },
    };
    expect(pagerDutyWebhookSchema.safeParse(ping).success).toBe(true);
  });

  /** The one-line message a 400 would carry for a payload. */
  const refusal = (schema: any, payload: unknown, what: string) => {
    const result = schema.safeParse(payload);
    expect(result.success).toBe(false);
    return formatValidationMessage(what, result.error);
  };

  it.each<[string, Mutation, string]>([
    [
      'a 31 February startsAt',
      p => (p.alerts[0].startsAt = '2026-02-31T10:00:00Z'),
      'alerts.0.startsAt: No day 31 in 2026-02: it has 28 days',
    ],
    [
      'an hour 24 startsAt',
      p => (p.alerts[0].startsAt = '2026-02-28T24:00:00Z'),
      'alerts.0.startsAt: No hour 24: hours are 00 to 23',
    ],
    [
      'a resolved alert that ends before it starts',
      p => (p.alerts[1].endsAt = '2026-03-02T08:00:00Z'),
      'alerts.1.endsAt: Must not be before startsAt',
    ],
    [
      'a 2 MB label value',
      p => (p.alerts[0].labels.instance = 'x'.repeat(2 * 1024 * 1024)),
      'alerts.0.labels.instance: Longer than the limit of 1024 characters (2097152)',
    ],
    [
      'too many labels',
      p => {
        for (let i = 0; i < 70; i++) p.alerts[0].labels[`l${i}`] = 'v';
      },
      'alerts.0.labels: At most 64 labels',
    ],
    [
      'a NUL in a label',
      p => (p.alerts[0].labels.job = 'api\u0000server'),
      'alerts.0.labels.job: Must not contain the control character U+0000 (NUL)',
    ],
    [
      'an escape in a fingerprint',
      p => (p.alerts[0].fingerprint = 'ab\u001bcd'),
      'alerts.0.fingerprint: Must not contain the control character U+001B (escape)',
    ],
  ])(
    'refuses an Alertmanager payload with %s, naming the field',
    (_name, mutate, message) => {
      const payload = clone(alertmanagerBatch);
      mutate(payload);
      expect(
        refusal(alertmanagerWebhookSchema, payload, 'Alertmanager webhook'),
      ).toContain(message);
    },
  );

  it('keeps the zero endsAt of a firing alert as no end, and CRLF in annotations', () => {
    const payload = clone(alertmanagerBatch);
    payload.alerts[0].endsAt = '0001-01-01T00:00:00Z';
    payload.alerts[0].annotations.description = 'line one\r\nline two';
    const parsed = alertmanagerWebhookSchema.parse(payload);
    expect(parsed.alerts[0].endsAt).toBeUndefined();
    expect(parsed.alerts[0].annotations.description).toBe(
      'line one\r\nline two',
    );
  });

  it('replaces a lone surrogate in a label with U+FFFD', () => {
    const payload = clone(alertmanagerBatch);
    payload.alerts[0].labels.job = 'api\ud800server';
    expect(alertmanagerWebhookSchema.parse(payload).alerts[0].labels.job).toBe(
      'api\ufffdserver',
    );
  });

  it('refuses impossible dates from GitHub and PagerDuty, naming the field', () => {
    const deployment = clone(githubDeployment);
    deployment.deployment.created_at = '2026-02-31T10:00:00Z';
    expect(
      refusal(githubDeploymentEventSchema, deployment, 'GitHub deployment'),
    ).toContain('deployment.created_at: No day 31 in 2026-02');
    const incident = clone(pdTriggered);
    incident.event.occurred_at = '2026-04-31T10:00:00Z';
    expect(
      refusal(pagerDutyWebhookSchema, incident, 'PagerDuty webhook'),
    ).toContain('event.occurred_at: No day 31 in 2026-04');
  });
});
