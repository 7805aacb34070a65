// Runs the service suite a second time against a real PostgreSQL (each test file gets its own
// fresh database). URL: TEST_DATABASE_URL, else the local server on 127.0.0.1:5432.
// In CI a missing server fails the run; on a laptop without PostgreSQL it is reported and skipped.
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const url = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
try {
  await client.connect();
  const { rows } = await client.query('select version()');
  console.log(
    `PostgreSQL pass against ${url.replace(/\/\/[^@]*@/, '//')}: ${rows[0].version.split(',')[0]}`,
  );
  await client.end();
} catch (err) {
  const message = `No PostgreSQL at ${url} (${err.message}).`;
  if (process.env.CI) {
    console.error(`${message} CI needs it: see .ci/run.`);
    process.exit(1);
  }
  console.warn(`${message} Skipping the PostgreSQL pass; set TEST_DATABASE_URL to run it.`);
  process.exit(0);
}
const run = spawnSync('npx', ['vitest', 'run', '--project', 'server'], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: url },
});
process.exit(run.status ?? 1);
