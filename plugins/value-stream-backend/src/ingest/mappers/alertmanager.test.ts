import alertmanagerBatch from './__fixtures__/alertmanager-firing-resolved.json';
import {
  alertToEvent,
  alertToIncidentDraft,
  classifyAlertSeverity,
} from './alertmanager';
import { DEFAULT_PRIORITY_MATRIX } from '@valuestream/plugin-value-stream-common';
import { alertmanagerWebhookSchema } from './schemas';

const batch = alertmanagerWebhookSchema.parse(alertmanagerBatch);
const [firing, resolved] = batch.alerts;
const RECEIVED = '2026-03-02T09:00:00.000Z';

describe('classifyAlertSeverity', () => {
  it.each([
    [{ severity: 'critical' }, 'exception'],
    [{ severity: 'CRITICAL' }, 'exception'],
    [{ severity: 'error' }, 'exception'],
    [{ severity: 'page' }, 'exception'],
    [{ severity: ' fatal ' }, 'exception'],
    [{ severity: 'warning' }, 'warning'],
    [{ severity: 'warn' }, 'warning'],
    [{ severity: 'info' }, 'informational'],
    [{ severity: 'none' }, 'informational'],
    [{ severity: 'informational' }, 'informational'],
    [{ severity: 'major' }, 'warning'],
    [{ alertname: 'Watchdog' }, 'warning'],
  ] as const)('%j -> %s', (labels, severity) => {
    expect(classifyAlertSeverity(labels)).toBe(severity);
  });
});

describe('alertToEvent', () => {
  it('maps a firing alert', () => {
    expect(alertToEvent(firing, RECEIVED)).toEqual({
      entityRef: null,
      source: 'alertmanager',
      fingerprint: '1a30ba71cca2921f',
      severity: 'exception',
      status: 'firing',
      summary: 'Checkout error rate above 5%',
      labels: firing.labels,
      startsAt: '2026-03-02T08:52:26.739Z',
      receivedAt: RECEIVED,
    });
  });

  it('maps a resolved alert with its end', () => {
    expect(alertToEvent(resolved, RECEIVED)).toMatchObject({
      severity: 'warning',
      status: 'resolved',
      summary: 'Payments p99 latency above 800ms',
      startsAt: '2026-03-02T08:10:00.000Z',
      endsAt: '2026-03-02T08:55:30.500Z',
    });
  });

  it.each([
    [{ summary: 'S', description: 'D' }, { alertname: 'A' }, 'S'],
    [{ message: 'M', description: 'D' }, { alertname: 'A' }, 'M'],
    [
      { description: 'line one\n  line two' },
      { alertname: 'A' },
      'line one line two',
    ],
    [{}, { alertname: 'A' }, 'A'],
    [{}, {}, 'fp-1'],
  ])('summarises %j / %j as %s', (annotations, labels, summary) => {
    const alert = { ...firing, fingerprint: 'fp-1', annotations, labels };
    expect(alertToEvent(alert, RECEIVED).summary).toBe(summary);
  });
});

describe('alertToIncidentDraft', () => {
  it('drafts an incident with runbook, source and labels', () => {
    const draft = alertToIncidentDraft(firing, {
      entityRef: 'Component:default/Checkout',
      annotations: { 'valuestream.io/service-level-tier': 'gold' },
    });
    expect(draft).toMatchObject({
      entityRef: 'component:default/checkout',
      title: 'CheckoutHighErrorRate: Checkout error rate above 5%',
      impact: 'high',
      urgency: 'high',
      priority: 'P1',
      source: 'alertmanager',
      externalId: 'alertmanager:1a30ba71cca2921f:2026-03-02T08:52:26.739Z',
      externalUrl: firing.generatorURL,
    });
    expect(draft.description).toContain(
      '5xx responses of checkout are 7.3% of requests',
    );
    expect(draft.description).toContain(
      'Runbook: https://runbooks.example.com/checkout/high-error-rate',
    );
    expect(draft.description).toContain('- service: checkout');
  });

  it('uses the configured priority matrix', () => {
    const draft = alertToIncidentDraft(
      firing,
      { entityRef: 'component:default/checkout' },
      {
        matrix: {
          ...DEFAULT_PRIORITY_MATRIX,
          medium: { high: 'P4', medium: 'P4', low: 'P4' },
        },
      },
    );
    expect(draft).toMatchObject({
      impact: 'medium',
      urgency: 'high',
      priority: 'P4',
    });
  });
});
