import { randomUUID } from 'node:crypto';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { testDatabaseIds } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

const migrationsDir = resolvePackagePath(
  '@valuestream/plugin-value-stream-backend',
  'migrations',
);
const NAME = '20261215100000_change_conflicts.js';
const NOW = '2026-01-01T00:00:00.000Z';

describe.each(databases.eachSupportedId())(
  'the change conflicts migration on %s',
  databaseId => {
    it('adds conflicts and freeze overrides, keeps the rows, and rolls back', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const id = randomUUID();
      await knex('vs_changes').insert({
        id,
        entity_ref: 'component:default/checkout',
        state: 'new',
        is_open: true,
        created_at: NOW,
        updated_at: NOW,
        created_by: 'user:default/alice',
        version: 1,
        title: 'Change',
        description: 'A change',
        type: 'normal',
        requested_by: 'user:default/alice',
        planned_start: NOW,
        conflicts: '[]',
      });
      await knex('vs_change_approvals').insert({
        id: randomUUID(),
        change_id: id,
        approver: 'user:default/bob',
        decision: 'approved',
        at: NOW,
      });
      // An approval written without the flag is no override.
      const approval = await knex('vs_change_approvals').first();
      expect(Boolean(approval.freeze_override)).toBe(false);

      await knex.migrate.down({ directory: migrationsDir, name: NAME });
      expect(await knex.schema.hasColumn('vs_changes', 'conflicts')).toBe(
        false,
      );
      expect(
        await knex.schema.hasColumn('vs_change_approvals', 'freeze_override'),
      ).toBe(false);
      for (const table of ['vs_changes', 'vs_change_approvals']) {
        const [{ n }] = await knex(table).count({ n: '*' });
        expect(Number(n)).toBe(1);
      }

      await knex.migrate.latest({ directory: migrationsDir });
      expect(
        (await knex('vs_changes').first('conflicts')).conflicts,
      ).toBeNull();
    });
  },
);
