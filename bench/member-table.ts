import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createApp } from '../server/app';
import { createVault } from '../server/crypto/vault';
import { type DatabaseHandle, openDatabase } from '../server/db/client';
import { orgConnections, orgs } from '../server/db/schema';
import type { Deps } from '../server/deps';
import { memberTableSql } from '../server/domain/member-table';
import { parseEnv } from '../server/env';
import { log as serviceLog } from '../server/log';
import { createMailer } from '../server/mail/transport';
import { DEMO_ORG, DEMO_PASSWORD, seedDemo } from '../server/seed/demo';
import { createZoomClient } from '../server/zoom/client';
import { createScratchDatabase } from '../test/scratch-postgres';
import { budgets } from './budgets';
import { type DatabaseKind, databaseLabel, postgresAdminUrl } from './databases';
import { seedMembers } from './seed-members';
import { median, quantile } from './stats';
import type { Row } from './table';

/**
 * The member table at 100,000 members (BENCH_MEMBERS), through the real app in this process
 * (app.request, so routing, validation and JSON count), on PGlite in memory and on a scratch
 * PostgreSQL database. The budgets hold on PostgreSQL; PGlite is shown for comparison.
 * BENCH_EXPLAIN=1 prints the PostgreSQL plans.
 */
interface Case {
  name: string;
  path: string;
  budgetMs: number;
  iterations: number;
  check: (body: string) => void;
}

function cases(members: number, iterations: number, csvIterations: number): Case[] {
  const page = { budgetMs: budgets.memberTablePageP95Ms, iterations, check: json };
  return [
    { name: 'first page', path: '/api/org/members?limit=50', ...page },
    { name: 'search "okafor"', path: '/api/org/members?q=okafor&limit=50', ...page },
    {
      name: 'filtered page (type=personal)',
      path: '/api/org/members?type=personal&limit=50',
      ...page,
    },
    { name: 'summary', path: '/api/org/members/summary', ...page },
    {
      name: `CSV export (${members.toLocaleString('en-US')} rows)`,
      path: '/api/org/members.csv',
      budgetMs: budgets.memberCsvP95Ms,
      iterations: csvIterations,
      check: (body) => {
        const lines = body.split('\r\n').length - 2;
        if (lines < members) throw new Error(`CSV had ${lines} rows, expected ≥ ${members}`);
      },
    },
  ];
}

function json(body: string) {
  JSON.parse(body);
}

async function openTarget(kind: DatabaseKind): Promise<DatabaseHandle | null> {
  if (kind === 'pglite') return openDatabase({ kind: 'pglite', dataDir: null });
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  try {
    scratch = await createScratchDatabase(postgresAdminUrl(), 'ozc_bench');
  } catch {
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
  const pool = (
    handle.db as unknown as {
      $client: {
        query: (s: string, p: unknown[]) => Promise<{ rows: Record<string, string>[] }>;
      };
    }
  ).$client;
  for (const [label, filter] of plans) {
    const queries = await memberTableSql(deps, DEMO_ORG.id, filter);
    for (const [part, q] of Object.entries(queries)) {
      const result = await pool.query(
        `explain (analyze, costs off, timing off, summary off) ${q.sql}`,
        q.params,
      );
      const lines = result.rows.map((r) => Object.values(r)[0]);
      console.error(`\n  EXPLAIN ${label} — ${part}:\n${lines.map((l) => `    ${l}`).join('\n')}`);
    }
  }
}

export async function memberTableRows(
  kind: DatabaseKind,
  opts: { members: number; iterations: number; csvIterations: number; explain: boolean },
  log: (line: string) => void,
): Promise<Row[]> {
  const handle = await openTarget(kind);
  if (!handle) return [];
  try {
    const env = parseEnv(
      { PUBLIC_URL: 'http://bench.test', TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
      'development',
    );
    const deps: Deps = {
      db: handle.db,
      env,
      vault: createVault(Buffer.from(env.TOKEN_ENCRYPTION_KEY ?? '', 'base64')),
      zoom: createZoomClient({ oauthUrl: env.ZOOM_OAUTH_URL, apiUrl: env.ZOOM_API_URL }),
      now: () => new Date(),
      log: serviceLog,
      mailer: createMailer(env),
    };
    await seedDemo(handle.db);
    const seedStart = performance.now();
    await seedMembers(handle.db, { orgId: DEMO_ORG.id, count: opts.members });
    // The org connection is active and members may remove it: every branch of the rule is live.
    await handle.db.insert(orgConnections).values({ orgId: DEMO_ORG.id, state: 'active' });
    await handle.db.update(orgs).set({ allowMemberRemoval: true }).where(sql`id = ${DEMO_ORG.id}`);
    log(
      `${databaseLabel[kind]}: seeded ${opts.members.toLocaleString('en-US')} members in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    const app = createApp(deps);
    const signIn = await app.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'olivia@acme.test', password: DEMO_PASSWORD }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };

    const rows: Row[] = [];
    for (const c of cases(opts.members, opts.iterations, opts.csvIterations)) {
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
      rows.push({
        figure: `member table, ${opts.members.toLocaleString('en-US')} members: ${c.name} [${databaseLabel[kind]}]`,
        unit: 'ms',
        median: median(times),
        p95: quantile(times, 0.95),
        budget: kind === 'postgres' ? { kind: 'max', value: c.budgetMs, on: 'p95' } : undefined,
      });
    }
    if (kind === 'postgres' && opts.explain) await explain(handle, deps);
    return rows;
  } finally {
    await handle.close();
  }
}
