import { randomUUID } from 'node:crypto';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { testDatabaseIds } from '../__testUtils__/databases';
import { newIncident, TEST_ENTITY, TEST_USER } from '../__testUtils__/records';
import { ValueStreamStore } from './ValueStreamStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

/** An ISO time `minutes` after a fixed origin. */
function t(minutes: number): string {
  return new Date(
    Date.UTC(2026, 0, 1, 0, 0, 0) + minutes * 60_000,
  ).toISOString();
}

describe.each(databases.eachSupportedId())('EventStore on %s', databaseId => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    const store = await ValueStreamStore.create({
      database: mockServices.database({ knex }),
    });
    return { knex, store };
  }
  describe('events', () => {
    it('upserts events idempotently by source, fingerprint and start', async () => {
      const { store } = await createStore();
      const base = {
        entityRef: null,
        source: 'alertmanager' as const,
        fingerprint: 'abc123',
        severity: 'exception' as const,
        status: 'firing' as const,
        summary: 'High error rate',
        labels: { alertname: 'HighErrorRate' },
        startsAt: '2026-01-01T00:00:00Z',
        receivedAt: t(1),
      };
      const first = await store.events.upsert(base);
      expect(first.created).toBe(true);
      expect(first.event).toMatchObject({
        entityRef: null,
        startsAt: t(0),
        receivedAt: t(1),
      });

      const again = await store.events.upsert({
        ...base,
        entityRef: TEST_ENTITY,
        status: 'resolved',
        endsAt: t(9),
        receivedAt: t(10),
      });
      expect(again.created).toBe(false);
      expect(again.event).toMatchObject({
        id: first.event.id,
        entityRef: TEST_ENTITY,
        status: 'resolved',
        endsAt: t(9),
        receivedAt: t(10),
      });
      // A later delivery without a match keeps the entity it had.
      const third = await store.events.upsert({ ...base, receivedAt: t(11) });
      expect(third.event.entityRef).toBe(TEST_ENTITY);

      const other = await store.events.upsert({
        ...base,
        startsAt: t(60),
        receivedAt: t(61),
      });
      expect(other.created).toBe(true);

      const unmatched = await store.events.list({
        unmatched: true,
        limit: 10,
      });
      expect(unmatched.items.map(e => e.id)).toEqual([other.event.id]);
      const forEntity = await store.events.list({
        entityRef: TEST_ENTITY,
        limit: 10,
      });
      expect(forEntity.items.map(e => e.id)).toEqual([first.event.id]);

      const incident = await store.records.create('incident', newIncident(), {
        actor: TEST_USER,
      });
      await store.events.setIncident(other.event.id, incident.id);
      expect((await store.events.get(other.event.id))!.incidentId).toBe(
        incident.id,
      );
      await expect(
        store.events.setIncident(other.event.id, randomUUID()),
      ).rejects.toThrow(InputError);
    });
  });
});
