import { PGlite } from '@electric-sql/pglite';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';

/**
 * The physical floor of a database-backed request on this Node: a bare Hono endpoint answering
 * one prepared query by primary key, nothing else (no session, no validation, no JSON contract).
 * PostgreSQL: the bench's scratch database (FLOOR_DATABASE_URL), a pool of 10 like the service's,
 * a named statement so each connection parses it once. PGlite: a data folder of its own
 * (FLOOR_PGLITE_DIR, made by bench/databases.ts), as the service has its own.
 * GET /floor/<id> answers the row as JSON.
 */
const port = Number(process.env.FLOOR_PORT ?? 0);
const SELECT_ACCOUNT = 'select id, email, name from accounts where id = $1';

type AccountById = (id: string) => Promise<unknown>;

async function postgresQuery(url: string): Promise<AccountById> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  return async (id) =>
    (await pool.query({ name: 'account_by_id', text: SELECT_ACCOUNT, values: [id] })).rows[0];
}

async function pgliteQuery(dataDir: string): Promise<AccountById> {
  const db = new PGlite(dataDir);
  return async (id) => (await db.query(SELECT_ACCOUNT, [id])).rows[0];
}

const url = process.env.FLOOR_DATABASE_URL;
const dataDir = process.env.FLOOR_PGLITE_DIR;
if (!url && !dataDir) throw new Error('Set FLOOR_DATABASE_URL or FLOOR_PGLITE_DIR');
const accountById = url ? await postgresQuery(url) : await pgliteQuery(dataDir as string);

const app = new Hono().get('/floor/:id', async (c) => c.json(await accountById(c.req.param('id'))));
serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, (info) => {
  console.log(`Floor listening on http://127.0.0.1:${info.port}`);
});
// Nothing to flush: a floor only reads.
process.once('SIGTERM', () => process.exit(0));
