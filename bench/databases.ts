import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../server/db/client';
import { DEMO_ACCOUNTS, DEMO_ORG, seedDemo } from '../server/seed/demo';
import { createScratchDatabase } from '../test/scratch-postgres';
import { seedMembers } from './seed-members';

export type DatabaseKind = 'postgres' | 'pglite';

export const databaseLabel: Record<DatabaseKind, string> = {
  postgres: 'PostgreSQL',
  pglite: 'PGlite',
};

/** PostgreSQL for the bench: BENCH_DATABASE_URL, else the machines' local server (trust). */
export function postgresAdminUrl(): string {
  return process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** A database the org service is started on, seeded, and removed after the run. */
export interface BenchDatabase {
  kind: DatabaseKind;
  label: string;
  /** What the service's environment needs to open it (DATABASE_URL or DATA_DIR). */
  serviceEnv: Record<string, string>;
  /** What the bare Hono floor needs to query the same kind of database. */
  floorEnv: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * The demo org plus `members` members (bench/seed-members.ts), written before the service
 * starts: a PGlite data folder is one process's at a time, so seeding cannot run beside it.
 * Resolves null when PostgreSQL is not reachable (the bench then says so and goes on).
 */
export async function prepareDatabase(
  kind: DatabaseKind,
  members: number,
): Promise<BenchDatabase | null> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'ozc-bench-'));
    await seed({ kind: 'pglite', dataDir: dir }, members);
    const floorDir = join(dir, 'floor');
    await seedFloorAccounts(floorDir, members);
    return {
      kind,
      label: databaseLabel[kind],
      serviceEnv: { DATA_DIR: dir },
      floorEnv: { FLOOR_PGLITE_DIR: floorDir },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  try {
    scratch = await createScratchDatabase(postgresAdminUrl(), 'ozc_bench');
  } catch (err) {
    console.error(
      `PostgreSQL not reachable at ${postgresAdminUrl().replace(/\/\/[^@]*@/, '//')} (${(err as Error).message}); its rows are left out.`,
    );
    return null;
  }
  await seed({ kind: 'postgres', url: scratch.url }, members);
  return {
    kind,
    label: databaseLabel[kind],
    serviceEnv: {
      DATABASE_URL: scratch.url,
      // Required with DATABASE_URL (server/service.ts); any key will do for a scratch database.
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    },
    floorEnv: { FLOOR_DATABASE_URL: scratch.url },
    drop: scratch.drop,
  };
}

async function seed(target: Parameters<typeof openDatabase>[0], members: number): Promise<void> {
  const handle = await openDatabase(target);
  try {
    await seedDemo(handle.db);
    await seedMembers(handle.db, { orgId: DEMO_ORG.id, count: members });
  } finally {
    await handle.close();
  }
}

/**
 * The PGlite floor's data folder: an accounts table keyed like the service's, with the demo
 * accounts and `members` more. Made here, like the service's, so that neither process pays
 * for creating a database (PGlite's memory does not shrink after it).
 */
async function seedFloorAccounts(dataDir: string, members: number): Promise<void> {
  const db = new PGlite(dataDir);
  try {
    await db.exec('create table accounts (id text primary key, email text, name text)');
    await db.query(
      `insert into accounts select 'acct_m' || g, 'm' || g || '@bulk.test', 'Member ' || g
       from generate_series(1, $1::int) g`,
      [members],
    );
    for (const a of DEMO_ACCOUNTS) {
      await db.query('insert into accounts values ($1, $2, $3)', [a.id, a.email, a.name]);
    }
    await db.exec('vacuum analyze accounts');
  } finally {
    await db.close();
  }
}
