// Exits 0 when a PostgreSQL server accepts a connection at the given URL.
// Used by scripts/test-all.sh to decide whether store tests run on PostgreSQL.
const { Client } = require('pg');

const client = new Client({
  connectionString: process.argv[2],
  connectionTimeoutMillis: 3000,
});
client
  .connect()
  .then(() => client.query('select 1'))
  .then(() => client.end())
  .then(() => process.exit(0))
  .catch(() => process.exit(1));
