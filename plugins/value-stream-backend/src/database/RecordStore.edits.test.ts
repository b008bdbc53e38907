import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { testDatabaseIds } from '../__testUtils__/databases';
import { newChange, TEST_USER } from '../__testUtils__/records';
import { ValueStreamStore } from './ValueStreamStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

const BOB = 'user:default/bob';
const AT = '2026-01-01T10:00:00.000Z';
const FACTORS = [
  { id: 'type', points: 15, reason: 'normal change' },
  { id: 'no-window', points: 10, reason: 'no planned window' },
];

describe.each(databases.eachSupportedId())(
  'RecordStore edits on %s',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      return ValueStreamStore.create({
        database: mockServices.database({ knex }),
      });
    }

    it('keeps the risk factors with the change', async () => {
      const store = await createStore();
      const created = await store.records.create(
        'change',
        newChange({ riskScore: 25, riskLevel: 'medium', riskFactors: FACTORS }),
        { actor: TEST_USER },
      );
      expect(created.riskFactors).toEqual(FACTORS);
      const updated = await store.records.update('change', {
        id: created.id,
        expectedVersion: 1,
        patch: { riskFactors: FACTORS.slice(0, 1), riskScore: 15 },
        actor: TEST_USER,
      });
      expect(
        (await store.records.get('change', updated.id))?.riskFactors,
      ).toEqual(FACTORS.slice(0, 1));
    });

    it('writes an edit with its field changes, and voids approvals in the same transaction', async () => {
      const store = await createStore();
      let change = await store.records.create('change', newChange(), {
        actor: TEST_USER,
      });
      change = await store.records.update('change', {
        id: change.id,
        expectedVersion: change.version,
        patch: {},
        actor: TEST_USER,
        history: { to: 'authorize' },
      });
      change = await store.records.addApproval(change.id, {
        approval: { approver: BOB, decision: 'approved' },
        expectedVersion: change.version,
      });
      expect(change.approvals).toHaveLength(1);

      const changes = [
        { field: 'description', before: change.description, after: 'More' },
      ];
      // A stale version writes nothing: the approvals stay.
      await expect(
        store.records.update('change', {
          id: change.id,
          expectedVersion: 1,
          patch: { description: 'More' },
          actor: TEST_USER,
          history: { to: 'authorize', changes },
          voidApprovals: true,
        }),
      ).rejects.toThrow(ConflictError);
      expect(
        (await store.records.get('change', change.id))?.approvals,
      ).toHaveLength(1);

      const edited = await store.records.update('change', {
        id: change.id,
        expectedVersion: change.version,
        patch: { description: 'More' },
        actor: TEST_USER,
        history: { to: 'authorize', note: 'Approvals voided', changes },
        voidApprovals: true,
        at: AT,
      });
      expect(edited).toMatchObject({ description: 'More', approvals: [] });
      expect(edited.history.at(-1)).toEqual({
        at: AT,
        by: TEST_USER,
        from: 'authorize',
        to: 'authorize',
        note: 'Approvals voided',
        changes,
      });
      // The approver may decide again.
      const again = await store.records.addApproval(change.id, {
        approval: { approver: BOB, decision: 'approved' },
        expectedVersion: edited.version,
      });
      expect(again.approvals).toHaveLength(1);
      // Transitions without changes keep their entries as they were.
      expect(again.history[1]).toEqual({
        at: expect.any(String),
        by: TEST_USER,
        from: 'new',
        to: 'authorize',
      });
    });
  },
);
