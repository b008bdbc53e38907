import { eventIdempotencyKey, idempotencyKeyOfEvent } from './keys';

describe('eventIdempotencyKey', () => {
  it.each([
    [
      {
        source: 'alertmanager',
        fingerprint: '1a30ba71cca2921f',
        startsAt: '2026-03-02T08:52:26.739Z',
      },
      'alertmanager:1a30ba71cca2921f:2026-03-02T08:52:26.739Z',
    ],
    [
      { source: 'github', deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958' },
      'github:72d3162e-cc78-11e3-81ab-4c9367dc0958',
    ],
    [
      { source: 'pagerduty', eventId: '01DEN5C0QMEWFBF7GM1XTZQ2ZR' },
      'pagerduty:01DEN5C0QMEWFBF7GM1XTZQ2ZR',
    ],
  ] as const)('%j -> %s', (subject, key) => {
    expect(eventIdempotencyKey(subject)).toBe(key);
  });

  it.each([
    [
      'alertmanager',
      'fp',
      '2026-01-01T00:00:00.000Z',
      'alertmanager:fp:2026-01-01T00:00:00.000Z',
    ],
    ['github', 'delivery-1', '2026-01-01T00:00:00.000Z', 'github:delivery-1'],
    ['pagerduty', 'event-1', '2026-01-01T00:00:00.000Z', 'pagerduty:event-1'],
  ] as const)(
    'derives the %s key from an event',
    (source, fingerprint, startsAt, key) => {
      expect(idempotencyKeyOfEvent({ source, fingerprint, startsAt })).toBe(
        key,
      );
    },
  );
});
