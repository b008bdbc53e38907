import { randomUUID } from 'node:crypto';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { testDatabaseIds } from '../__testUtils__/databases';
import { newIncident, TEST_USER } from '../__testUtils__/records';
import { ValueStreamStore } from './ValueStreamStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

/** An ISO time `minutes` after a fixed origin. */
function t(minutes: number): string {
  return new Date(
    Date.UTC(2026, 0, 1, 0, 0, 0) + minutes * 60_000,
  ).toISOString();
}

describe.each(databases.eachSupportedId())('SlaStore on %s', databaseId => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    const store = await ValueStreamStore.create({
      database: mockServices.database({ knex }),
    });
    return { knex, store };
  }
  describe('SLA support', () => {
    it('lists incidents due for a breach check and marks breaches', async () => {
      const { store } = await createStore();
      const sla = (extra: object) => ({
        pausedMs: 0,
        responseBreached: false,
        resolutionBreached: false,
        ...extra,
      });
      const due = await store.records.create(
        'incident',
        newIncident({
          sla: sla({ responseDueAt: t(10), resolutionDueAt: t(100) }),
        }),
        { actor: TEST_USER },
      );
      const responded = await store.records.create(
        'incident',
        newIncident({
          state: 'in_progress',
          sla: sla({
            responseDueAt: t(5),
            respondedAt: t(4),
            resolutionDueAt: t(20),
          }),
        }),
        { actor: TEST_USER },
      );
      await store.records.create(
        'incident',
        newIncident({ sla: sla({ responseDueAt: t(1), pausedAt: t(0) }) }),
        { actor: TEST_USER },
      );
      await store.records.create(
        'incident',
        newIncident({
          state: 'resolved',
          sla: sla({ resolutionDueAt: t(1) }),
        }),
        { actor: TEST_USER },
      );
      await store.records.create(
        'incident',
        newIncident({ sla: sla({ responseDueAt: t(500) }) }),
        { actor: TEST_USER },
      );

      const first = await store.sla.listIncidentsDue({
        now: t(30),
        limit: 10,
      });
      expect(first.map(i => i.id)).toEqual([due.id, responded.id]);

      const changed = await store.sla.markBreaches(
        [
          { id: due.id, responseBreached: true },
          { id: responded.id, resolutionBreached: true },
          { id: randomUUID(), responseBreached: true },
        ],
        { at: t(30) },
      );
      expect(changed.sort()).toEqual([due.id, responded.id].sort());
      expect(await store.records.get('incident', due.id)).toMatchObject({
        version: 2,
        updatedAt: t(30),
        sla: { responseBreached: true, resolutionBreached: false },
      });
      // Already flagged: nothing changes.
      await expect(
        store.sla.markBreaches([{ id: due.id, responseBreached: true }], {
          at: t(31),
        }),
      ).resolves.toEqual([]);

      expect(
        await store.sla.listIncidentsDue({ now: t(30), limit: 10 }),
      ).toEqual([]);
      const later = await store.sla.listIncidentsDue({
        now: t(200),
        limit: 10,
      });
      expect(later.map(i => i.id)).toEqual([due.id]);
    });
  });
});
