/*
 * The plugin with ingestion enabled, for route tests that send webhooks:
 * the route-test backend with GitHub and PagerDuty secrets, a catalog whose
 * checkout carries the GitHub and PagerDuty annotations and which holds
 * users and a group, senders for the three webhooks, and row counts of the
 * plugin's tables.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { Knex } from 'knex';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import request from 'supertest';
import { BASE, CHECKOUT } from './routeBackend';

const GITHUB_SECRET = 'github-secret';
const PAGERDUTY_SECRET = 'pagerduty-secret';

export const INGEST_CONFIG = {
  valueStream: {
    ingest: {
      github: { secret: GITHUB_SECRET },
      pagerduty: { secret: PAGERDUTY_SECRET },
    },
    recordWriters: ['external:test-service'],
  },
};

const FIXTURES = resolve(__dirname, '../ingest/mappers/__fixtures__');

/** A webhook fixture (GitHub's and PagerDuty's published examples) as JSON. */
export const ingestFixture = (name: string): any =>
  JSON.parse(readFileSync(resolve(FIXTURES, name), 'utf8'));

const user = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: {},
});

export const INGEST_TEST_ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout',
      namespace: 'default',
      annotations: {
        'github.com/project-slug': 'acme/checkout',
        'pagerduty.com/service-id': 'PF9KMXH',
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cart', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-b' },
  },
  user('alice'),
  user('bob'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-a', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
];

/** The token Alertmanager sends: a service principal's. */
const alertmanagerToken = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:alertmanager'),
  targetPluginId: 'value-stream',
});

const sign = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body).digest('hex');

/** The three webhook senders, each with the content type given. */
export function sendersOf(server: Server) {
  const api = () => request(server);
  return {
    alertmanager: (body: unknown, contentType = 'application/json') =>
      api()
        .post(`${BASE}/ingest/alertmanager`)
        .set('Content-Type', contentType)
        .set('Authorization', alertmanagerToken)
        .send(typeof body === 'string' ? body : JSON.stringify(body)),
    github: (
      event: string,
      body: unknown,
      delivery = 'delivery-1',
      contentType = 'application/json',
    ) => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      return api()
        .post(`${BASE}/ingest/github`)
        .set('Content-Type', contentType)
        .set('X-GitHub-Event', event)
        .set('X-GitHub-Delivery', delivery)
        .set('X-Hub-Signature-256', `sha256=${sign(GITHUB_SECRET, text)}`)
        .send(text);
    },
    pagerduty: (body: unknown, contentType = 'application/json') => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      return api()
        .post(`${BASE}/ingest/pagerduty`)
        .set('Content-Type', contentType)
        .set('X-PagerDuty-Signature', `v1=${sign(PAGERDUTY_SECRET, text)}`)
        .send(text);
    },
  };
}

/** An Alertmanager notification of one firing alert on `entityRef`. */
export function alertNotification(
  alert: Record<string, unknown> = {},
  entityRef: string | null = CHECKOUT,
) {
  const { labels, ...rest } = alert as { labels?: Record<string, string> };
  return {
    version: '4',
    groupKey: '{}:{alertname="DiskFull"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'value-stream',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.com:9093',
    alerts: [
      {
        status: 'firing',
        labels: {
          alertname: 'DiskFull',
          severity: 'critical',
          ...(entityRef ? { backstage_entity: entityRef } : {}),
          ...labels,
        },
        annotations: { summary: 'Disk almost full' },
        startsAt: '2026-03-02T09:00:00Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example.com:9090/graph',
        fingerprint: 'f00d000000000001',
        ...rest,
      },
    ],
  };
}

/** The plugin's tables, whose rows a refused write must leave as they are. */
const PLUGIN_TABLES = [
  'vs_changes',
  'vs_change_approvals',
  'vs_releases',
  'vs_release_changes',
  'vs_deployments',
  'vs_incidents',
  'vs_problems',
  'vs_problem_incidents',
  'vs_service_levels',
  'vs_events',
  'vs_record_history',
  'vs_standard_change_models',
];

/** Rows of each of the plugin's tables. */
export async function rowCounts(knex: Knex): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of PLUGIN_TABLES) {
    const [{ n }] = await knex(table).count({ n: '*' });
    counts[table] = Number(n);
  }
  return counts;
}
