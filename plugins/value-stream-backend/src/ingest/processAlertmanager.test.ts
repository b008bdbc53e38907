import { InputError } from '@backstage/errors';
import type { IngestEntity } from './mappers';
import { processAlertmanager } from './processAlertmanager';
import { MemoryIngestPorts } from './__testUtils__/MemoryIngestPorts';
import { alert, alertmanagerPayload } from './__testUtils__/payloads';

const ENTITIES: IngestEntity[] = [
  {
    entityRef: 'component:default/checkout',
    annotations: { 'valuestream.io/service-level-tier': 'gold' },
  },
  { entityRef: 'component:default/payments' },
  {
    entityRef: 'component:default/search',
    annotations: { 'valuestream.io/alert-selector': 'job=search,env=prod' },
  },
];

const T0 = '2026-03-02T09:00:00.000Z';
const at = (minutes: number) =>
  new Date(Date.parse(T0) + minutes * 60_000).toISOString();

const checkoutDown = (over: Partial<Parameters<typeof alert>[0]> = {}) =>
  alert({
    labels: {
      alertname: 'CheckoutDown',
      service: 'checkout',
      severity: 'critical',
    },
    annotations: {
      summary: 'Checkout is down',
      runbook_url: 'https://runbooks.example.com/checkout',
    },
    startsAt: T0,
    fingerprint: 'fp-checkout',
    ...over,
  });

function setup() {
  const ports = new MemoryIngestPorts({ entities: ENTITIES });
  const ingest = (
    alerts: ReturnType<typeof alert>[],
    minutes: number,
    windowMinutes?: number,
  ) =>
    processAlertmanager(alertmanagerPayload(alerts), ports, {
      now: at(minutes),
      ...(windowMinutes ? { flappingWindowMinutes: windowMinutes } : {}),
    });
  return { ports, ingest };
}

describe('processAlertmanager', () => {
  it('records every alert of a batch and opens an incident for a firing exception', async () => {
    const { ports, ingest } = setup();
    const result = await ingest(
      [
        checkoutDown(),
        alert({
          status: 'resolved',
          labels: {
            alertname: 'PaymentsSlow',
            backstage_entity: 'payments',
            severity: 'warning',
          },
          startsAt: at(-60),
          endsAt: at(-5),
          fingerprint: 'fp-payments',
        }),
        alert({
          labels: {
            alertname: 'SearchErrors',
            job: 'search',
            env: 'prod',
            severity: 'warning',
          },
          startsAt: T0,
          fingerprint: 'fp-search',
        }),
        alert({
          labels: { alertname: 'Mystery', severity: 'critical' },
          startsAt: T0,
          fingerprint: 'fp-mystery',
        }),
      ],
      1,
    );

    expect(result.source).toBe('alertmanager');
    expect(
      result.items.map(i => [i.entityRef, i.outcome, i.duplicate]),
    ).toEqual([
      ['component:default/checkout', 'incident-opened', false],
      ['component:default/payments', 'recorded', false],
      ['component:default/search', 'recorded', false],
      [null, 'unmatched', false],
    ]);
    expect(result.items[0].key).toBe(`alertmanager:fp-checkout:${T0}`);

    expect(ports.incidents).toHaveLength(1);
    const [incident] = ports.incidents;
    expect(incident).toMatchObject({
      entityRef: 'component:default/checkout',
      title: 'CheckoutDown: Checkout is down',
      state: 'new',
      impact: 'high',
      urgency: 'high',
      priority: 'P1',
      source: 'alertmanager',
      externalId: `alertmanager:fp-checkout:${T0}`,
      createdBy: 'external:alertmanager',
    });
    expect(incident.description).toContain(
      'Runbook: https://runbooks.example.com/checkout',
    );
    expect(ports.event(result.items[0].eventId)?.incidentId).toBe(incident.id);
    expect(ports.event(result.items[3].eventId)).toMatchObject({
      entityRef: null,
      severity: 'exception',
    });
    expect(ports.events.size).toBe(4);
  });

  it('is idempotent for repeated notifications', async () => {
    const { ports, ingest } = setup();
    const first = await ingest([checkoutDown()], 1);
    const again = await ingest([checkoutDown()], 5);
    expect(again.items).toEqual([
      expect.objectContaining({
        eventId: first.items[0].eventId,
        duplicate: true,
        outcome: 'incident-linked',
        incidentId: first.items[0].incidentId,
      }),
    ]);
    expect(ports.incidents).toHaveLength(1);
    expect(ports.events.size).toBe(1);
  });

  it.each([
    ['warning', 'recorded'],
    ['info', 'recorded'],
    ['page', 'incident-opened'],
    ['error', 'incident-opened'],
  ])('treats severity %s as %s', async (severity, outcome) => {
    const { ports, ingest } = setup();
    const result = await ingest(
      [
        checkoutDown({
          labels: { alertname: 'X', service: 'checkout', severity },
        }),
      ],
      1,
    );
    expect(result.items[0].outcome).toBe(outcome);
    expect(ports.incidents).toHaveLength(outcome === 'incident-opened' ? 1 : 0);
  });

  it('resolves the incident when the alert resolves', async () => {
    const { ports, ingest } = setup();
    await ingest([checkoutDown()], 1);
    const result = await ingest(
      [checkoutDown({ status: 'resolved', endsAt: at(20) })],
      21,
    );
    expect(result.items[0]).toMatchObject({
      outcome: 'incident-resolved',
      duplicate: true,
    });
    expect(ports.incidents[0]).toMatchObject({
      state: 'resolved',
      resolvedAt: at(21),
    });
    expect(ports.incidents[0].history.at(-1)).toMatchObject({
      by: 'external:alertmanager',
      from: 'new',
      to: 'resolved',
      note: `Resolved automatically: alert CheckoutDown resolved at ${at(20)}.`,
    });
    expect(ports.event(result.items[0].eventId)).toMatchObject({
      status: 'resolved',
      endsAt: at(20),
    });
  });

  it.each([
    [
      'an assignee',
      (ports: MemoryIngestPorts, id: string) => ports.takeOver(id),
    ],
    [
      'a history entry by a user',
      (ports: MemoryIngestPorts, id: string) =>
        ports.transitionIncident({
          id,
          expectedVersion: 1,
          to: 'acknowledged',
          at: at(3),
          actor: 'user:default/dana',
          note: 'on it',
        }),
    ],
  ])(
    'keeps an incident open that a person took over by %s',
    async (_name, takeOver) => {
      const { ports, ingest } = setup();
      const opened = await ingest([checkoutDown()], 1);
      await takeOver(ports, opened.items[0].incidentId!);
      const result = await ingest(
        [checkoutDown({ status: 'resolved', endsAt: at(20) })],
        21,
      );
      expect(result.items[0]).toMatchObject({
        outcome: 'incident-kept-open',
        reason: 'a person has taken the incident over',
      });
      expect(ports.incidents[0].state).not.toBe('resolved');
    },
  );

  it('links a new instance of the alert to the incident a person kept open', async () => {
    const { ports, ingest } = setup();
    const opened = await ingest([checkoutDown()], 1);
    ports.takeOver(opened.items[0].incidentId!);
    await ingest([checkoutDown({ status: 'resolved', endsAt: at(20) })], 21);
    const again = await ingest([checkoutDown({ startsAt: at(300) })], 301);
    expect(again.items[0]).toMatchObject({
      outcome: 'incident-linked',
      incidentId: opened.items[0].incidentId,
      duplicate: false,
    });
    expect(ports.incidents).toHaveLength(1);
  });

  it('reopens the incident of a flapping alert instead of opening new ones', async () => {
    const { ports, ingest } = setup();
    const opened = await ingest([checkoutDown()], 1);
    const incidentId = opened.items[0].incidentId;
    await ingest([checkoutDown({ status: 'resolved', endsAt: at(5) })], 6);
    // fires again 10 minutes later: a new instance (new startsAt)
    const flap = await ingest([checkoutDown({ startsAt: at(10) })], 11);
    expect(flap.items[0]).toMatchObject({
      outcome: 'incident-reopened',
      incidentId,
    });
    expect(ports.incidents).toHaveLength(1);
    expect(ports.incidents[0].state).toBe('in_progress');
    expect(ports.incidents[0].history.at(-1)?.note).toBe(
      'Reopened: alert CheckoutDown fired again within 60 minutes (flapping).',
    );
    // resolves again, then a late redelivery of the first resolution changes nothing
    const second = await ingest(
      [checkoutDown({ startsAt: at(10), status: 'resolved', endsAt: at(15) })],
      16,
    );
    expect(second.items[0]).toMatchObject({
      outcome: 'incident-resolved',
      incidentId,
    });
    const third = await ingest([checkoutDown({ startsAt: at(30) })], 31);
    expect(third.items[0]).toMatchObject({
      outcome: 'incident-reopened',
      incidentId,
    });
    const late = await ingest(
      [checkoutDown({ status: 'resolved', endsAt: at(5) })],
      32,
    );
    expect(late.items[0]).toMatchObject({
      outcome: 'incident-kept-open',
      reason: 'a newer instance of the alert still fires',
    });
    expect(ports.incidents[0].state).toBe('in_progress');
  });

  it('opens a new incident when the alert fires again after the flapping window', async () => {
    const { ports, ingest } = setup();
    await ingest([checkoutDown()], 1);
    await ingest([checkoutDown({ status: 'resolved', endsAt: at(5) })], 6);
    const later = await ingest([checkoutDown({ startsAt: at(120) })], 121, 30);
    expect(later.items[0].outcome).toBe('incident-opened');
    expect(ports.incidents).toHaveLength(2);
    expect(ports.incidents[1].externalId).toBe(
      `alertmanager:fp-checkout:${at(120)}`,
    );
  });

  it('opens a new incident when the flapping incident was closed', async () => {
    const { ports, ingest } = setup();
    await ingest([checkoutDown()], 1);
    await ingest([checkoutDown({ status: 'resolved', endsAt: at(5) })], 6);
    const incident = ports.incidents[0];
    await ports.transitionIncident({
      id: incident.id,
      expectedVersion: incident.version,
      to: 'closed',
      at: at(7),
      actor: 'user:default/dana',
      note: 'done',
    });
    const flap = await ingest([checkoutDown({ startsAt: at(10) })], 11);
    expect(flap.items[0].outcome).toBe('incident-opened');
    expect(ports.incidents).toHaveLength(2);
  });

  it('records a resolved alert it never saw firing without touching incidents', async () => {
    const { ports, ingest } = setup();
    const result = await ingest(
      [checkoutDown({ status: 'resolved', endsAt: at(5) })],
      6,
    );
    expect(result.items[0]).toMatchObject({
      outcome: 'recorded',
      duplicate: false,
    });
    expect(ports.incidents).toHaveLength(0);
  });

  it('opens the incident once the alert matches an entity', async () => {
    const ports = new MemoryIngestPorts({ entities: [] });
    const first = await processAlertmanager(
      alertmanagerPayload([checkoutDown()]),
      ports,
      { now: at(1) },
    );
    expect(first.items[0].outcome).toBe('unmatched');
    ports.entities.push(...ENTITIES);
    const second = await processAlertmanager(
      alertmanagerPayload([checkoutDown()]),
      ports,
      { now: at(5) },
    );
    expect(second.items[0]).toMatchObject({
      outcome: 'incident-opened',
      duplicate: true,
      entityRef: 'component:default/checkout',
    });
    expect(ports.event(second.items[0].eventId)?.entityRef).toBe(
      'component:default/checkout',
    );
  });

  it('asks the catalog once per question in a batch', async () => {
    const { ports } = setup();
    const byName = jest.spyOn(ports.alertEntities, 'byName');
    const withSelector = jest.spyOn(ports.alertEntities, 'withAlertSelector');
    const alerts = ['a', 'b', 'c'].map(fp =>
      alert({
        labels: { alertname: 'X', service: 'ghost', severity: 'warning' },
        startsAt: T0,
        fingerprint: fp,
      }),
    );
    await processAlertmanager(alertmanagerPayload(alerts), ports, {
      now: at(1),
    });
    expect(byName).toHaveBeenCalledTimes(1);
    expect(withSelector).toHaveBeenCalledTimes(1);
  });

  it('uses the configured priority matrix and actor', async () => {
    const { ports } = setup();
    await processAlertmanager(alertmanagerPayload([checkoutDown()]), ports, {
      now: at(1),
      actor: 'external:alertmanager-eu',
      priority: {
        matrix: {
          high: { high: 'P2', medium: 'P2', low: 'P3' },
          medium: { high: 'P3', medium: 'P3', low: 'P4' },
          low: { high: 'P4', medium: 'P4', low: 'P4' },
        },
      },
    });
    expect(ports.incidents[0]).toMatchObject({
      priority: 'P2',
      createdBy: 'external:alertmanager-eu',
    });
  });

  it.each([
    [
      'another payload version',
      { ...alertmanagerPayload([checkoutDown()]), version: '3' },
    ],
    ['no alerts', { ...alertmanagerPayload([]), alerts: undefined }],
    ['not an object', 'firing'],
  ])('rejects %s with an InputError', async (_name, payload) => {
    const { ports } = setup();
    await expect(processAlertmanager(payload, ports)).rejects.toThrow(
      InputError,
    );
    await expect(processAlertmanager(payload, ports)).rejects.toThrow(
      /^Invalid Alertmanager webhook: /,
    );
    expect(ports.events.size).toBe(0);
  });
});
