import { InputError } from '@backstage/errors';
import type { IngestEntity } from './mappers';
import { processPagerDuty } from './processPagerDuty';
import { MemoryIngestPorts } from './__testUtils__/MemoryIngestPorts';
import {
  PD_SERVICE,
  PagerDutyInput,
  pagerDutyPayload,
} from './__testUtils__/payloads';

const ENTITIES: IngestEntity[] = [
  {
    entityRef: 'component:default/checkout',
    annotations: {
      'pagerduty.com/service-id': 'PF9KMXH',
      'valuestream.io/service-level-tier': 'gold',
    },
  },
];

const TRIGGERED: PagerDutyInput = {
  eventId: 'ev-1',
  eventType: 'incident.triggered',
  occurredAt: '2026-03-02T10:03:11.169Z',
  status: 'triggered',
  agent: PD_SERVICE,
};
const ACKNOWLEDGED: PagerDutyInput = {
  eventId: 'ev-2',
  eventType: 'incident.acknowledged',
  occurredAt: '2026-03-02T10:06:40.512Z',
  status: 'acknowledged',
};
const RESOLVED: PagerDutyInput = {
  eventId: 'ev-3',
  eventType: 'incident.resolved',
  occurredAt: '2026-03-02T10:41:02.004Z',
  status: 'resolved',
};
const REOPENED: PagerDutyInput = {
  eventId: 'ev-4',
  eventType: 'incident.reopened',
  occurredAt: '2026-03-02T11:00:00.000Z',
  status: 'triggered',
};

function setup() {
  const ports = new MemoryIngestPorts({ entities: ENTITIES });
  const send = (input: PagerDutyInput) =>
    processPagerDuty(pagerDutyPayload(input), ports, { now: input.occurredAt });
  return { ports, send };
}

describe('processPagerDuty', () => {
  it('opens an incident for a triggered PagerDuty incident', async () => {
    const { ports, send } = setup();
    const result = await send(TRIGGERED);
    expect(result).toEqual({
      source: 'pagerduty',
      items: [
        {
          key: 'pagerduty:ev-1',
          eventId: expect.any(String),
          entityRef: 'component:default/checkout',
          duplicate: false,
          outcome: 'incident-opened',
          incidentId: ports.incidents[0].id,
        },
      ],
    });
    expect(ports.incidents[0]).toMatchObject({
      entityRef: 'component:default/checkout',
      title: 'Checkout API returning 503s',
      state: 'new',
      impact: 'high',
      urgency: 'high',
      priority: 'P2',
      source: 'pagerduty',
      externalId: 'Q2K8F3VN0ZC4RA',
      externalUrl: 'https://acme.pagerduty.com/incidents/Q2K8F3VN0ZC4RA',
    });
    expect(ports.event(result.items[0].eventId)).toMatchObject({
      source: 'pagerduty',
      fingerprint: 'ev-1',
      severity: 'exception',
      incidentId: ports.incidents[0].id,
    });
  });

  it('follows the PagerDuty lifecycle', async () => {
    const { ports, send } = setup();
    await send(TRIGGERED);
    const ack = await send(ACKNOWLEDGED);
    expect(ack.items[0].outcome).toBe('incident-updated');
    expect(ports.incidents[0].state).toBe('acknowledged');
    expect(ports.incidents[0].history.at(-1)).toMatchObject({
      by: 'external:pagerduty',
      from: 'new',
      to: 'acknowledged',
      note: 'PagerDuty incident.acknowledged by Dana Oncall',
    });
    const resolved = await send(RESOLVED);
    expect(resolved.items[0].outcome).toBe('incident-resolved');
    expect(ports.incidents[0]).toMatchObject({
      state: 'resolved',
      resolvedAt: RESOLVED.occurredAt,
    });
    const reopened = await send(REOPENED);
    expect(reopened.items[0].outcome).toBe('incident-reopened');
    expect(ports.incidents[0].state).toBe('in_progress');
    expect(ports.incidents).toHaveLength(1);
    expect(
      [...ports.events.values()].every(
        e => e.incidentId === ports.incidents[0].id,
      ),
    ).toBe(true);
  });

  it('ignores a repeated delivery of an event', async () => {
    const { ports, send } = setup();
    await send(TRIGGERED);
    await send(ACKNOWLEDGED);
    await send(RESOLVED);
    const repeat = await send(ACKNOWLEDGED);
    expect(repeat.items[0]).toMatchObject({
      duplicate: true,
      outcome: 'duplicate',
      incidentId: ports.incidents[0].id,
    });
    expect(ports.incidents[0].state).toBe('resolved');
  });

  it('does not move an incident back for a late event', async () => {
    const { ports, send } = setup();
    await send(TRIGGERED);
    await send(RESOLVED);
    const late = await send({ ...ACKNOWLEDGED, eventId: 'ev-late' });
    expect(late.items[0]).toMatchObject({
      outcome: 'incident-unchanged',
      duplicate: false,
    });
    expect(ports.incidents[0].state).toBe('resolved');
  });

  it.each([
    ['acknowledged', ACKNOWLEDGED, 'acknowledged'],
    ['resolved', RESOLVED, 'resolved'],
    [
      'priority_updated of an acknowledged incident',
      {
        ...ACKNOWLEDGED,
        eventId: 'ev-9',
        eventType: 'incident.priority_updated',
      },
      'acknowledged',
    ],
  ])(
    'creates an incident first seen %s in its current status',
    async (_name, input, state) => {
      const { ports, send } = setup();
      const result = await send(input);
      expect(result.items[0].outcome).toBe('incident-opened');
      expect(ports.incidents[0].state).toBe(state);
    },
  );

  it('follows priority and urgency changes', async () => {
    const { ports, send } = setup();
    await send(TRIGGERED);
    const raised = await send({
      ...TRIGGERED,
      eventId: 'ev-5',
      eventType: 'incident.priority_updated',
      priority: 'P1',
    });
    expect(raised.items[0].outcome).toBe('incident-updated');
    expect(ports.incidents[0]).toMatchObject({ priority: 'P1', state: 'new' });
    const lowered = await send({
      ...TRIGGERED,
      eventId: 'ev-6',
      eventType: 'incident.escalated',
      priority: null,
      urgency: 'low',
    });
    expect(lowered.items[0].outcome).toBe('incident-updated');
    // high impact (gold tier) x low urgency
    expect(ports.incidents[0]).toMatchObject({
      urgency: 'low',
      priority: 'P3',
    });
    const same = await send({
      ...TRIGGERED,
      eventId: 'ev-7',
      eventType: 'incident.escalated',
      priority: null,
      urgency: 'low',
    });
    expect(same.items[0].outcome).toBe('incident-unchanged');
  });

  it.each([
    ['automation', 'incident-kept-open', 'acknowledged', PD_SERVICE],
    ['a person', 'incident-resolved', 'resolved', undefined],
  ])(
    'on a resolution by %s of an incident taken over, gives %s',
    async (_name, outcome, state, agent) => {
      const { ports, send } = setup();
      await send(TRIGGERED);
      await send(ACKNOWLEDGED);
      ports.takeOver(ports.incidents[0].id);
      const result = await send({ ...RESOLVED, ...(agent ? { agent } : {}) });
      expect(result.items[0].outcome).toBe(outcome);
      expect(ports.incidents[0].state).toBe(state);
    },
  );

  it('records an incident of an unknown service as an unmatched event', async () => {
    const { ports, send } = setup();
    const result = await send({ ...TRIGGERED, serviceId: 'PUNKNWN' });
    expect(result.items[0]).toMatchObject({
      entityRef: null,
      outcome: 'unmatched',
      reason: 'no entity has pagerduty.com/service-id PUNKNWN',
    });
    expect(ports.incidents).toHaveLength(0);
    expect(ports.events.size).toBe(1);
  });

  it.each([
    ['pagey.ping', { type: 'ping', message: 'Hello from your friend Pagey!' }],
    [
      'incident.annotated',
      { id: 'P2LA89X', type: 'incident_note', content: 'a note' },
    ],
  ])('acknowledges and ignores %s', async (eventType, data) => {
    const ports = new MemoryIngestPorts({ entities: ENTITIES });
    const payload = pagerDutyPayload({ ...TRIGGERED, eventType });
    (payload.event as any).data = data;
    const result = await processPagerDuty(payload, ports);
    expect(result.items).toEqual([
      {
        entityRef: null,
        duplicate: false,
        outcome: 'ignored',
        reason: `PagerDuty ${eventType} events are not ingested`,
      },
    ]);
    expect(ports.events.size).toBe(0);
  });

  it.each([
    ['a v2 webhook', { messages: [{ event: 'incident.trigger' }] }],
    [
      'an incident without service',
      (() => {
        const p = pagerDutyPayload(TRIGGERED) as any;
        delete p.event.data.service;
        return p;
      })(),
    ],
  ])('rejects %s with an InputError', async (_name, payload) => {
    const ports = new MemoryIngestPorts({ entities: ENTITIES });
    await expect(processPagerDuty(payload, ports)).rejects.toThrow(InputError);
    await expect(processPagerDuty(payload, ports)).rejects.toThrow(
      /^Invalid PagerDuty webhook: /,
    );
  });
});
