/**
 * `npm run bench`: the member table at 100,000 members, through the real app (app.request, so
 * routing, validation and JSON count), on PGlite and on PostgreSQL when one is reachable
 * (TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres; a database of its own
 * is created and dropped). Prints median and p95 beside each budget (issue #3), and the plans.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { createApp } from '../server/app';
import { createVault } from '../server/crypto/vault';
import { type DatabaseHandle, openDatabase } from '../server/db/client';
import { orgConnections, orgs } from '../server/db/schema';
import type { Deps } from '../server/deps';
import { memberTableSql } from '../server/domain/member-table';
import { parseEnv } from '../server/env';
import { log } from '../server/log';
import { DEMO_ORG, DEMO_PASSWORD, seedDemo } from '../server/seed/demo';
import { createZoomClient } from '../server/zoom/client';
import { createScratchDatabase } from '../test/scratch-postgres';
import { seedMembers } from './seed-members';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 40);
const CSV_ITERATIONS = Number(process.env.BENCH_CSV_ITERATIONS ?? 3);

interface Case {
  name: string;
  path: string;
  budgetMs: number | null;
  iterations: number;
  check: (body: string) => void;
}

const cases: Case[] = [
  {
    name: 'first page',
    path: '/api/org/members?limit=50',
    budgetMs: 50,
    iterations: ITERATIONS,
    check: json,
  },
  {
    name: 'search "okafor"',
    path: '/api/org/members?q=okafor&limit=50',
    budgetMs: 50,
    iterations: ITERATIONS,
    check: json,
  },
  {
    name: 'filtered page (type=personal)',
    path: '/api/org/members?type=personal&limit=50',
    budgetMs: 50,
    iterations: ITERATIONS,
    check: json,
  },
  {
    name: 'summary',
    path: '/api/org/members/summary',
    budgetMs: 50,
    iterations: ITERATIONS,
    check: json,
  },
  {
    name: `CSV export (${MEMBERS.toLocaleString('en-US')} rows)`,
    path: '/api/org/members.csv',
    budgetMs: 3000,
    iterations: CSV_ITERATIONS,
    check: csvRows,
  },
];

function json(body: string) {
  JSON.parse(body);
}

function csvRows(body: string) {
  const lines = body.split('\r\n').length - 2;
  if (lines < MEMBERS) throw new Error(`CSV had ${lines} rows, expected ≥ ${MEMBERS}`);
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

async function openTarget(kind: 'pglite' | 'postgres'): Promise<DatabaseHandle | null> {
  if (kind === 'pglite') return openDatabase({ kind: 'pglite', dataDir: null });
  const adminUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  try {
    scratch = await createScratchDatabase(adminUrl, 'ozc_bench');
  } catch (err) {
    console.log(
      `\nPostgreSQL: not reachable at ${adminUrl.replace(/\/\/[^@]*@/, '//')} (${(err as Error).message}); skipped.`,
    );
    return null;
  }
  const handle = await openDatabase({ kind: 'postgres', url: scratch.url });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

async function explain(handle: DatabaseHandle, deps: Deps) {
  const plans = [
    ['first page', { sort: 'name', dir: 'asc', limit: 50 }],
    ['search', { sort: 'name', dir: 'asc', limit: 50, q: 'okafor' }],
    ['filtered page', { sort: 'name', dir: 'asc', limit: 50, type: 'personal' }],
  ] as const;
  for (const [label, filter] of plans) {
    const queries = await memberTableSql(deps, DEMO_ORG.id, filter);
    for (const [part, q] of Object.entries(queries)) {
      const pool = (
        handle.db as unknown as {
          $client: {
            query: (s: string, p: unknown[]) => Promise<{ rows: Record<string, string>[] }>;
          };
        }
      ).$client;
      const result = await pool.query(
        `explain (analyze, costs off, timing off, summary off) ${q.sql}`,
        q.params,
      );
      const lines = result.rows.map((r) => Object.values(r)[0]);
      console.log(`\n  EXPLAIN ${label} — ${part}:\n${lines.map((l) => `    ${l}`).join('\n')}`);
    }
  }
}

async function run(kind: 'pglite' | 'postgres') {
  const handle = await openTarget(kind);
  if (!handle) return;
  try {
    const env = parseEnv(
      {
        PUBLIC_URL: 'http://bench.test',
        TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      },
      'development',
    );
    const deps: Deps = {
      db: handle.db,
      env,
      vault: createVault(Buffer.from(env.TOKEN_ENCRYPTION_KEY ?? '', 'base64')),
      zoom: createZoomClient({ oauthUrl: env.ZOOM_OAUTH_URL, apiUrl: env.ZOOM_API_URL }),
      now: () => new Date(),
      log,
    };
    await seedDemo(handle.db);
    const seedStart = performance.now();
    await seedMembers(handle.db, { orgId: DEMO_ORG.id, count: MEMBERS });
    // The org connection is active and members may remove it: every branch of the rule is live.
    await handle.db.insert(orgConnections).values({ orgId: DEMO_ORG.id, state: 'active' });
    await handle.db.update(orgs).set({ allowMemberRemoval: true }).where(sql`id = ${DEMO_ORG.id}`);
    console.log(
      `\n${kind === 'pglite' ? 'PGlite (in memory)' : 'PostgreSQL'}: seeded ${MEMBERS.toLocaleString('en-US')} members in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    const app = createApp(deps);
    const signIn = await app.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'olivia@acme.test', password: DEMO_PASSWORD }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };

    console.log(
      `  ${'request'.padEnd(34)} ${'median'.padStart(9)} ${'p95'.padStart(9)}   budget (p95)`,
    );
    for (const c of cases) {
      const times: number[] = [];
      for (let i = 0; i < c.iterations + 2; i++) {
        const start = performance.now();
        const res = await app.request(c.path, { headers });
        const body = await res.text();
        const ms = performance.now() - start;
        if (res.status !== 200) throw new Error(`${c.path}: ${res.status} ${body.slice(0, 200)}`);
        c.check(body);
        if (i >= 2) times.push(ms); // two warm-up runs
      }
      times.sort((a, b) => a - b);
      const p95 = quantile(times, 0.95);
      const budget =
        c.budgetMs === null
          ? ''
          : kind === 'postgres'
            ? `${c.budgetMs} ms ${p95 <= c.budgetMs ? 'ok' : 'OVER'}`
            : `${c.budgetMs} ms (budget is for PostgreSQL)`;
      console.log(
        `  ${c.name.padEnd(34)} ${quantile(times, 0.5).toFixed(1).padStart(6)} ms ${p95.toFixed(1).padStart(6)} ms   ${budget}`,
      );
    }
    if (kind === 'postgres') await explain(handle, deps);
  } finally {
    await handle.close();
  }
}

await run('pglite');
await run('postgres');
