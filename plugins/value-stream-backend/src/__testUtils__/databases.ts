/**
 * The database engines the store and API tests run on: SQLite always,
 * PostgreSQL 15 too when `BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING`
 * points at a server (the repository's test script sets it when one answers).
 *
 * Use it as `TestDatabases.create({ ids: testDatabaseIds() })` and then
 * `describe.each(databases.eachSupportedId())`.
 */
export function testDatabaseIds(): Array<'SQLITE_3' | 'POSTGRES_15'> {
  return process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
    ? ['SQLITE_3', 'POSTGRES_15']
    : ['SQLITE_3'];
}
