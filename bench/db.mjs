// Direct database access for benchmarks: the value-stream plugin's own
// database, and clean-up of the databases a PostgreSQL run created.
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './portal.mjs';

const require = createRequire(
  join(repoRoot, 'plugins/value-stream-backend/package.json'),
);
export const knexFactory = require('knex');

export function pluginDb(target, workDir, db) {
  if (target === 'sqlite') {
    return knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(workDir, 'sqlite', 'value-stream.sqlite') },
      useNullAsDefault: true,
    });
  }
  return knexFactory({
    client: 'pg',
    connection: { ...db.connection, database: `${db.prefix}value-stream` },
  });
}

export async function dropPgDatabases(db) {
  const admin = knexFactory({
    client: 'pg',
    connection: { ...db.connection, database: 'postgres' },
  });
  try {
    const rows = await admin.raw(
      'select datname from pg_database where datname like ?',
      [`${db.prefix}%`],
    );
    for (const { datname } of rows.rows) {
      await admin.raw('drop database if exists ?? with (force)', [datname]);
    }
  } finally {
    await admin.destroy();
  }
}
