import type { EventRecord } from '@valuestream/plugin-value-stream-common';

/**
 * An event as the ingestion mappers produce it, before the store gives it an
 * id and links it to an incident. `entityRef` is null while it matches no
 * entity; unmatched events are stored all the same.
 */
export type IngestEventInput = Omit<EventRecord, 'id' | 'incidentId'>;

/**
 * What identifies one delivery of an event, per source.
 */
export type IdempotencySubject =
  | { source: 'alertmanager'; fingerprint: string; startsAt: string }
  | { source: 'github'; deliveryId: string }
  | { source: 'pagerduty'; eventId: string };

/**
 * The key under which an ingested event is stored at most once:
 *
 * - Alertmanager: `alertmanager:<fingerprint>:<startsAt>`. One alert
 *   instance; its repeat and resolved notifications update the same event.
 *   A new `startsAt` (the alert fired again after resolving) is a new event.
 * - GitHub: `github:<X-GitHub-Delivery>`; redeliveries keep the id.
 * - PagerDuty: `pagerduty:<event.id>`; at-least-once deliveries keep it.
 *
 * The mappers set an event's `fingerprint` to the delivery id (GitHub) or
 * event id (PagerDuty), so the key is always a function of the event's
 * (source, fingerprint, startsAt) and a store that is unique on that triple
 * is idempotent by this key.
 */
export function eventIdempotencyKey(subject: IdempotencySubject): string {
  switch (subject.source) {
    case 'alertmanager':
      return `alertmanager:${subject.fingerprint}:${subject.startsAt}`;
    case 'github':
      return `github:${subject.deliveryId}`;
    case 'pagerduty':
      return `pagerduty:${subject.eventId}`;
    default:
      throw new Error(
        `Unknown ingest source ${(subject as { source: string }).source}`,
      );
  }
}

/**
 * The idempotency key of an event built by one of the mappers.
 */
export function idempotencyKeyOfEvent(
  event: Pick<IngestEventInput, 'source' | 'fingerprint' | 'startsAt'>,
): string {
  switch (event.source) {
    case 'alertmanager':
      return eventIdempotencyKey({
        source: 'alertmanager',
        fingerprint: event.fingerprint,
        startsAt: event.startsAt,
      });
    case 'github':
      return eventIdempotencyKey({
        source: 'github',
        deliveryId: event.fingerprint,
      });
    case 'pagerduty':
      return eventIdempotencyKey({
        source: 'pagerduty',
        eventId: event.fingerprint,
      });
    default:
      return `${event.source}:${event.fingerprint}:${event.startsAt}`;
  }
}
