/*
 * Payloads in the documented formats of Alertmanager (webhook version 4),
 * GitHub (deployment, deployment_status, release) and PagerDuty (v3), with
 * the parts a test varies as parameters.
 */

export interface AlertInput {
  status?: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  fingerprint: string;
}

export function alert(input: AlertInput) {
  return {
    status: input.status ?? 'firing',
    labels: input.labels,
    annotations: input.annotations ?? {
      summary: `${input.labels.alertname ?? 'Alert'} summary`,
    },
    startsAt: input.startsAt,
    endsAt: input.endsAt ?? '0001-01-01T00:00:00Z',
    generatorURL:
      'http://prometheus.example.com:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1',
    fingerprint: input.fingerprint,
  };
}

export function alertmanagerPayload(alerts: ReturnType<typeof alert>[]) {
  return {
    receiver: 'value-stream',
    status: alerts.some(a => a.status === 'firing') ? 'firing' : 'resolved',
    alerts,
    groupLabels: { alertname: alerts[0]?.labels.alertname ?? '' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.com:9093',
    version: '4',
    groupKey: '{}:{alertname="x"}',
    truncatedAlerts: 0,
  };
}

const sender = {
  login: 'octo-dev',
  id: 21031067,
  node_id: 'MDQ6VXNlcjIxMDMxMDY3',
  html_url: 'https://github.com/octo-dev',
  type: 'User',
  site_admin: false,
};

function repository(fullName = 'acme/checkout') {
  return {
    id: 186853002,
    node_id: 'MDEwOlJlcG9zaXRvcnkxODY4NTMwMDI=',
    name: fullName.split('/')[1],
    full_name: fullName,
    private: true,
    owner: { login: fullName.split('/')[0], id: 9919, type: 'Organization' },
    html_url: `https://github.com/${fullName}`,
    url: `https://api.github.com/repos/${fullName}`,
    default_branch: 'main',
  };
}

export interface DeploymentInput {
  id?: number;
  repo?: string;
  ref?: string;
  environment?: string;
  production?: boolean;
  payload?: Record<string, unknown>;
  createdAt?: string;
}

function deployment(input: DeploymentInput = {}) {
  const repo = input.repo ?? 'acme/checkout';
  const id = input.id ?? 1458987460;
  const environment = input.environment ?? 'production';
  return {
    url: `https://api.github.com/repos/${repo}/deployments/${id}`,
    id,
    node_id: 'DE_kwDOCyMH4M5W9x7E',
    sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
    ref: input.ref ?? 'v2.4.0',
    task: 'deploy',
    payload: input.payload ?? {},
    original_environment: environment,
    environment,
    description: null,
    creator: sender,
    created_at: input.createdAt ?? '2026-03-02T09:00:53Z',
    updated_at: input.createdAt ?? '2026-03-02T09:00:53Z',
    statuses_url: `https://api.github.com/repos/${repo}/deployments/${id}/statuses`,
    repository_url: `https://api.github.com/repos/${repo}`,
    transient_environment: false,
    production_environment: input.production ?? environment === 'production',
    performed_via_github_app: null,
  };
}

export function githubDeploymentPayload(input: DeploymentInput = {}) {
  return {
    action: 'created',
    deployment: deployment(input),
    workflow: null,
    workflow_run: null,
    repository: repository(input.repo),
    sender,
  };
}

export function githubStatusPayload(
  state: string,
  at: string,
  input: DeploymentInput = {},
) {
  const d = deployment(input);
  return {
    action: 'created',
    deployment_status: {
      url: `${d.url}/statuses/${Date.parse(at)}`,
      id: Date.parse(at) % 1_000_000_000,
      node_id: 'DES_kwDOCyMH4M8AAAAB',
      state,
      creator: sender,
      description: '',
      environment: d.environment,
      target_url: 'https://github.com/acme/checkout/actions/runs/8123456789',
      log_url:
        'https://github.com/acme/checkout/actions/runs/8123456789/job/22201234567',
      environment_url: 'https://checkout.example.com',
      created_at: at,
      updated_at: at,
      deployment_url: d.url,
      repository_url: d.repository_url,
      performed_via_github_app: null,
    },
    deployment: d,
    check_run: null,
    workflow: null,
    workflow_run: null,
    repository: repository(input.repo),
    sender,
  };
}

export interface ReleaseInput {
  id?: number;
  repo?: string;
  tag?: string;
  draft?: boolean;
  prerelease?: boolean;
  name?: string | null;
}

export function githubReleasePayload(action: string, input: ReleaseInput = {}) {
  const repo = input.repo ?? 'acme/checkout';
  const tag = input.tag ?? 'v2.4.0';
  const id = input.id ?? 17372790;
  return {
    action,
    release: {
      url: `https://api.github.com/repos/${repo}/releases/${id}`,
      assets_url: `https://api.github.com/repos/${repo}/releases/${id}/assets`,
      upload_url: `https://uploads.github.com/repos/${repo}/releases/${id}/assets{?name,label}`,
      html_url: `https://github.com/${repo}/releases/tag/${tag}`,
      id,
      author: sender,
      node_id: 'RE_kwDOCyMH4M4BCRt2',
      tag_name: tag,
      target_commitish: 'main',
      name: input.name === undefined ? `Release ${tag}` : input.name,
      draft: input.draft ?? false,
      prerelease: input.prerelease ?? false,
      created_at: '2026-03-01T16:19:25Z',
      published_at: input.draft ? null : '2026-03-01T16:20:53Z',
      assets: [],
      tarball_url: `https://api.github.com/repos/${repo}/tarball/${tag}`,
      zipball_url: `https://api.github.com/repos/${repo}/zipball/${tag}`,
      body: '',
    },
    repository: repository(repo),
    sender,
  };
}

const reference = (
  type: string,
  id: string,
  summary: string,
  path: string,
) => ({
  html_url: `https://acme.pagerduty.com/${path}/${id}`,
  id,
  self: `https://api.pagerduty.com/${path}/${id}`,
  summary,
  type,
});

const PD_USER = reference('user_reference', 'PTUXL6G', 'Dana Oncall', 'users');
export const PD_SERVICE = reference(
  'service_reference',
  'PF9KMXH',
  'Checkout API',
  'services',
);

export interface PagerDutyInput {
  eventId: string;
  eventType: string;
  occurredAt: string;
  status?: 'triggered' | 'acknowledged' | 'resolved';
  incidentId?: string;
  serviceId?: string;
  priority?: string | null;
  urgency?: 'high' | 'low';
  agent?: typeof PD_USER | null;
  title?: string;
}

export function pagerDutyPayload(input: PagerDutyInput) {
  const incidentId = input.incidentId ?? 'Q2K8F3VN0ZC4RA';
  const serviceId = input.serviceId ?? 'PF9KMXH';
  return {
    event: {
      id: input.eventId,
      event_type: input.eventType,
      resource_type: 'incident',
      occurred_at: input.occurredAt,
      agent: input.agent === undefined ? PD_USER : input.agent,
      client: { name: 'PagerDuty' },
      data: {
        id: incidentId,
        type: 'incident',
        self: `https://api.pagerduty.com/incidents/${incidentId}`,
        html_url: `https://acme.pagerduty.com/incidents/${incidentId}`,
        number: 1042,
        status: input.status ?? 'triggered',
        incident_key: 'b1c0e46a1c6f4f7e8f2f1c3a9d5e7b21',
        created_at: '2026-03-02T10:03:11Z',
        title: input.title ?? 'Checkout API returning 503s',
        service: reference(
          'service_reference',
          serviceId,
          'Checkout API',
          'services',
        ),
        assignees: [PD_USER],
        escalation_policy: reference(
          'escalation_policy_reference',
          'PUS0KTE',
          'On-call',
          'escalation_policies',
        ),
        teams: [reference('team_reference', 'PFCVPS0', 'Payments', 'teams')],
        priority:
          input.priority === null
            ? null
            : reference(
                'priority_reference',
                'PSO75BM',
                input.priority ?? 'P2',
                'priorities',
              ),
        urgency: input.urgency ?? 'high',
        conference_bridge: null,
        resolve_reason: null,
      },
    },
  };
}
