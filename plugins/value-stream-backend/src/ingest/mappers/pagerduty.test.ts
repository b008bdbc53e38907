import pdTriggered from './__fixtures__/pagerduty-incident-triggered.json';
import pdAcknowledged from './__fixtures__/pagerduty-incident-acknowledged.json';
import pdResolved from './__fixtures__/pagerduty-incident-resolved.json';
import {
  incidentPriorityForPagerDuty,
  pagerDutyToEvent,
  pagerDutyToIncidentDraft,
  pagerDutyToIncidentUpdate,
  pagerDutyTransition,
} from './pagerduty';
import { pagerDutyWebhookSchema } from './schemas';

const clone = <T>(value: T): any => JSON.parse(JSON.stringify(value));
const parse = (payload: unknown) => pagerDutyWebhookSchema.parse(payload);
const withEvent = (eventType: string, mutate: (p: any) => void = () => {}) => {
  const payload = clone(pdTriggered);
  payload.event.event_type = eventType;
  mutate(payload);
  return parse(payload);
};

describe('pagerDutyToIncidentUpdate', () => {
  it('maps a triggered incident', () => {
    expect(pagerDutyToIncidentUpdate(parse(pdTriggered))).toEqual({
      eventId: '01DEN5C0QMEWFBF7GM1XTZQ2ZR',
      eventType: 'incident.triggered',
      occurredAt: '2026-03-02T10:03:11.169Z',
      externalId: 'Q2K8F3VN0ZC4RA',
      externalUrl: 'https://acme.pagerduty.com/incidents/Q2K8F3VN0ZC4RA',
      serviceId: 'PF9KMXH',
      title: 'Checkout API returning 503s',
      number: 1042,
      pagerDutyStatus: 'triggered',
      state: 'new',
      reopened: false,
      urgency: 'high',
      priorityName: 'P2',
      priority: 'P2',
      agent: { id: 'PF9KMXH', type: 'service_reference', name: 'Checkout API' },
      byPerson: false,
    });
  });

  it.each([
    [pdAcknowledged, 'acknowledged', true],
    [pdResolved, 'resolved', true],
  ])('maps fixture %# to %s', (fixture, state, byPerson) => {
    expect(pagerDutyToIncidentUpdate(parse(fixture))).toMatchObject({
      state,
      byPerson,
    });
  });

  it.each([
    ['incident.triggered', 'new', false],
    ['incident.acknowledged', 'acknowledged', false],
    ['incident.resolved', 'resolved', false],
    ['incident.reopened', 'in_progress', true],
    ['incident.priority_updated', undefined, false],
    ['incident.unacknowledged', undefined, false],
    ['incident.escalated', undefined, false],
    ['incident.reassigned', undefined, false],
  ])('%s -> %s', (eventType, state, reopened) => {
    const update = pagerDutyToIncidentUpdate(withEvent(eventType))!;
    expect(update.state).toBe(state);
    expect(update.reopened).toBe(reopened);
  });

  it.each([
    ['P1', 'P1'],
    ['p3', 'P3'],
    ['P5', 'P4'],
    ['SEV-1', 'P1'],
    ['Sev 2', 'P2'],
    ['SEV0', 'P1'],
    ['Critical', undefined],
  ])('reads priority %s as %s', (name, priority) => {
    const update = pagerDutyToIncidentUpdate(
      withEvent(
        'incident.priority_updated',
        p => (p.event.data.priority.summary = name),
      ),
    )!;
    expect(update.priorityName).toBe(name);
    expect(update.priority).toBe(priority);
  });

  it('has no priority when PagerDuty priorities are off', () => {
    const update = pagerDutyToIncidentUpdate(
      withEvent('incident.triggered', p => (p.event.data.priority = null)),
    )!;
    expect(update.priority).toBeUndefined();
    expect(update.priorityName).toBeUndefined();
  });

  it.each([
    ['pagey.ping', { type: 'ping', message: 'Hello from your friend Pagey!' }],
    [
      'service.updated',
      { id: 'PF9KMXH', type: 'service', summary: 'Checkout API' },
    ],
    [
      'incident.annotated',
      { id: 'P2LA89X', type: 'incident_note', content: 'note' },
    ],
  ])('ignores %s', (eventType, data) => {
    const payload = clone(pdTriggered);
    payload.event.event_type = eventType;
    payload.event.data = data;
    expect(pagerDutyToIncidentUpdate(parse(payload))).toBeUndefined();
  });
});

describe('pagerDutyTransition', () => {
  it.each([
    ['new', 'acknowledged', false, 'acknowledged'],
    ['new', 'resolved', false, 'resolved'],
    ['acknowledged', 'resolved', false, 'resolved'],
    ['in_progress', 'acknowledged', false, undefined],
    ['acknowledged', 'acknowledged', false, undefined],
    ['resolved', 'acknowledged', false, undefined],
    ['acknowledged', 'new', false, undefined],
    ['closed', 'resolved', false, undefined],
    ['resolved', 'in_progress', true, 'in_progress'],
    ['closed', 'in_progress', true, 'in_progress'],
    ['new', 'in_progress', true, 'in_progress'],
    ['in_progress', 'in_progress', true, undefined],
    ['new', undefined, false, undefined],
  ] as const)(
    '%s + %s (reopen %s) -> %s',
    (current, state, reopened, expected) => {
      expect(pagerDutyTransition(current, { state, reopened })).toBe(expected);
    },
  );
});

describe('incidentPriorityForPagerDuty', () => {
  it.each([
    ['high', 'P1', 'gold', 'high', 'P1'],
    ['high', undefined, 'gold', 'high', 'P1'],
    ['low', undefined, 'gold', 'high', 'P3'],
    ['low', undefined, undefined, 'medium', 'P4'],
    ['high', undefined, 'bronze', 'low', 'P3'],
    ['low', 'P2', 'bronze', 'low', 'P2'],
  ] as const)(
    'urgency %s, priority %s, tier %s -> %s impact, %s',
    (urgency, priority, tier, impact, expected) => {
      expect(incidentPriorityForPagerDuty({ urgency, priority }, tier)).toEqual(
        {
          impact,
          urgency,
          priority: expected,
        },
      );
    },
  );
});

describe('pagerDutyToIncidentDraft', () => {
  it('drafts the incident of the PagerDuty incident', () => {
    const update = pagerDutyToIncidentUpdate(parse(pdTriggered))!;
    expect(
      pagerDutyToIncidentDraft(update, {
        entityRef: 'component:default/Checkout',
        annotations: { 'valuestream.io/service-level-tier': 'silver' },
      }),
    ).toEqual({
      entityRef: 'component:default/checkout',
      title: 'Checkout API returning 503s',
      description:
        'PagerDuty incident #1042 (Q2K8F3VN0ZC4RA): Checkout API returning 503s\n\nhttps://acme.pagerduty.com/incidents/Q2K8F3VN0ZC4RA',
      impact: 'medium',
      urgency: 'high',
      priority: 'P2',
      source: 'pagerduty',
      externalId: 'Q2K8F3VN0ZC4RA',
      externalUrl: 'https://acme.pagerduty.com/incidents/Q2K8F3VN0ZC4RA',
    });
  });
});

describe('pagerDutyToEvent', () => {
  const RECEIVED = '2026-03-02T10:03:12.000Z';
  it('records a triggered incident as a firing exception keyed by the event id', () => {
    expect(pagerDutyToEvent(parse(pdTriggered), RECEIVED)).toEqual({
      entityRef: null,
      source: 'pagerduty',
      fingerprint: '01DEN5C0QMEWFBF7GM1XTZQ2ZR',
      severity: 'exception',
      status: 'firing',
      summary: 'Checkout API returning 503s (incident.triggered)',
      labels: {
        event_type: 'incident.triggered',
        resource_type: 'incident',
        incident_id: 'Q2K8F3VN0ZC4RA',
        incident_number: '1042',
        service_id: 'PF9KMXH',
        urgency: 'high',
        status: 'triggered',
        priority: 'P2',
      },
      startsAt: '2026-03-02T10:03:11.169Z',
      receivedAt: RECEIVED,
    });
  });

  it.each([
    [pdAcknowledged, 'informational', 'firing'],
    [pdResolved, 'informational', 'resolved'],
  ])('records fixture %# as %s / %s', (fixture, severity, status) => {
    expect(pagerDutyToEvent(parse(fixture), RECEIVED)).toMatchObject({
      severity,
      status,
    });
  });

  it('records a low urgency trigger as a warning', () => {
    const event = pagerDutyToEvent(
      withEvent('incident.triggered', p => (p.event.data.urgency = 'low')),
      RECEIVED,
    );
    expect(event.severity).toBe('warning');
  });
});
