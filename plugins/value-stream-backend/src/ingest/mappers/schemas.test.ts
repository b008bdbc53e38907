import alertmanagerBatch from './__fixtures__/alertmanager-firing-resolved.json';
import githubDeployment from './__fixtures__/github-deployment.json';
import githubStatusSuccess from './__fixtures__/github-deployment-status-success.json';
import githubStatusFailure from './__fixtures__/github-deployment-status-failure.json';
import githubRelease from './__fixtures__/github-release-published.json';
import pdTriggered from './__fixtures__/pagerduty-incident-triggered.json';
import pdAcknowledged from './__fixtures__/pagerduty-incident-acknowledged.json';
import pdResolved from './__fixtures__/pagerduty-incident-resolved.json';
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
});
