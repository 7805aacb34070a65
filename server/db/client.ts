import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Logger as QueryLogger } from 'drizzle-orm/logger';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { log } from '../log';
import { namedQueries, prepareNamedOnPglite } from './pglite-named';
import * as schema from './schema';

export const migrationsFolder = new URL('./migrations', import.meta.url).pathname;

/** Both drivers expose the same query builder; code is written against this type. */
export type Database = ReturnType<typeof drizzlePg<typeof schema>>;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Runs start-up work (migrations, seeding) in one process at a time on this database. */
  oneAtATime<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Processes starting together on an empty PostgreSQL would otherwise all migrate at once and
 * collide creating drizzle's migrations table (duplicate pg_type) or inserting the demo org.
 * A session-level advisory lock belongs to the connection that took it, hence a dedicated client
 * (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS); if the process
 * dies, its connection closes and the lock goes with it. The key is this project's own number.
 */
const STARTUP_LOCK_KEY = 7_305_827; // "ozc" in ASCII

async function underAdvisoryLock<T>(pool: pg.Pool, work: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let unlockFailed: Error | undefined;
  try {
    await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    try {
      return await work();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]).catch((err) => {
        unlockFailed = err;
      });
    }
  } finally {
    // A client that could not unlock is closed rather than pooled: closing releases the lock.
    client.release(unlockFailed);
  }
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string | null /* null = in memory */ };

/**
 * The driver under `db`, for the read that skips drizzle's per-run work (server/db/prepared.ts,
 * `preparedRows`): runs a named statement and answers its rows as arrays of values, parsed by
 * the driver's own type parsers (a json column with `JSON.parse`, on both drivers). The query
 * logger sees the statement as it sees drizzle's. Without a name the statement is unnamed:
 * parsed and planned for its values on every run.
 */
export interface RowsDriver {
  rows(name: string | undefined, text: string, params: unknown[]): Promise<unknown[][]>;
}

const rowsDrivers = new WeakMap<Database, RowsDriver>();

export function rowsDriver(db: Database): RowsDriver {
  const driver = rowsDrivers.get(db);
  if (!driver) throw new Error('This database was not opened with openDatabase');
  return driver;
}

export interface DatabaseOptions {
  /** Sees every statement sent (tests count round trips with it); none in production. */
  queryLogger?: QueryLogger;
}

/** Opens the database and applies pending migrations (the same SQL files for both kinds). */
export async function openDatabase(
  target: DatabaseTarget,
  opts: DatabaseOptions = {},
): Promise<DatabaseHandle> {
  const logger = opts.queryLogger ?? false;
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    // An idle client dropped by the server (restart, failover, admin) must not crash the
    // process: node-postgres emits it on the pool, and the next query takes a new client.
    pool.on('error', (err) => log.warn({ err }, 'PostgreSQL dropped an idle connection'));
    const db = drizzlePg(pool, { schema, logger });
    rowsDrivers.set(db, {
      rows: async (name, text, params) => {
        opts.queryLogger?.logQuery(text, params);
        return (await pool.query<unknown[]>({ name, text, values: params, rowMode: 'array' })).rows;
      },
    });
    const oneAtATime = <T>(work: () => Promise<T>) => underAdvisoryLock(pool, work);
    await oneAtATime(() => migratePg(db, { migrationsFolder }));
    return { db, kind: 'postgres', oneAtATime, close: () => pool.end() };
  }
  let client: PGlite;
  if (target.dataDir) {
    const dir = join(target.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    client = new PGlite(dir, { extensions: { pg_trgm, btree_gist } });
  } else {
    client = new PGlite({ extensions: { pg_trgm, btree_gist } });
  }
  const db = drizzlePglite(client, { schema, logger });
  await migratePglite(db, { migrationsFolder });
  // After migrating, so no statement is parsed against a schema that is about to change.
  prepareNamedOnPglite(db, client);
  const named = namedQueries(client);
  rowsDrivers.set(db as unknown as Database, {
    rows: async (name, text, params) => {
      opts.queryLogger?.logQuery(text, params);
      const options = { rowMode: 'array' } as const;
      const answer = name
        ? await named.query<unknown[]>(name, text, params, options)
        : await client.query<unknown[]>(text, params, options);
      return answer.rows;
    },
  });
  // PGlite's drizzle instance has the same query surface as node-postgres' for our use.
  return {
    db: db as unknown as Database,
    kind: 'pglite',
    // One process owns a PGlite data folder, so there is nobody to take turns with.
    oneAtATime: (work) => work(),
    close: () => client.close(),
  };
}
