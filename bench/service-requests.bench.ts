/**
 * `npx tsx bench/service-requests.bench.ts`: the service's per-request cost over real HTTP on
 * loopback, on PGlite and on PostgreSQL (TEST_DATABASE_URL, else the local server; a scratch
 * database is created and dropped). The service runs in a child process so the load generator
 * (autocannon) does not share its event loop. Figures, each with its budget:
 * - `GET /api/me` throughput at 10 connections, beside the floor: a bare Hono endpoint in the same
 *   child answering one prepared PostgreSQL query by primary key (budget ≥ 0.5 × floor);
 * - `GET /api/me` and `GET /api/org/members?limit=50` at 200 req/s: median and p99
 *   (budgets p99 ≤ 10 ms and ≤ 20 ms);
 * - statements sent per request, counted by the drizzle query logger.
 * Ports: 19810 (service) and 19811 (floor). BENCH_MEMBERS (10,000) and BENCH_SECONDS (10) tune it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import pg from 'pg';
import { createApp } from '../server/app';
import { createVault } from '../server/crypto/vault';
import { type DatabaseHandle, openDatabase } from '../server/db/client';
import { orgConnections, orgs } from '../server/db/schema';
import type { Deps } from '../server/deps';
import { parseEnv } from '../server/env';
import { createLogger } from '../server/log';
import { DEMO_ORG, DEMO_PASSWORD, seedDemo } from '../server/seed/demo';
import { createZoomClient } from '../server/zoom/client';
import { createScratchDatabase } from '../test/scratch-postgres';
import { seedMembers } from './seed-members';

type Kind = 'pglite' | 'postgres';
const SERVICE_PORT = 19810;
const FLOOR_PORT = 19811;
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

interface Target {
  url: string;
  floorUrl: string | null;
  authorization: string;
  statements: Record<string, number>;
}

// ---- child: the service (and the floor) on loopback ----

async function serveTarget(kind: Kind) {
  let statements = 0;
  const scratch = kind === 'postgres' ? await createScratchDatabase(ADMIN_URL, 'ozc_bench') : null;
  const handle: DatabaseHandle = await openDatabase(
    scratch ? { kind: 'postgres', url: scratch.url } : { kind: 'pglite', dataDir: null },
    { queryLogger: { logQuery: () => void statements++ } },
  );
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
    log: createLogger(process.stderr),
  };
  await seedDemo(handle.db);
  await seedMembers(handle.db, { orgId: DEMO_ORG.id, count: MEMBERS });
  await handle.db.insert(orgConnections).values({ orgId: DEMO_ORG.id, state: 'active' });
  await handle.db.update(orgs).set({ allowMemberRemoval: true }).where(sql`id = ${DEMO_ORG.id}`);
  if (kind === 'postgres') await handle.db.execute(sql`vacuum analyze`);

  const app = createApp(deps);
  const signIn = await app.request('/api/auth/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'olivia@acme.test', password: DEMO_PASSWORD }),
  });
  const { token } = (await signIn.json()) as { token: string };
  const authorization = `Bearer ${token}`;
  const counted: Record<string, number> = {};
  for (const path of ['/api/me', '/api/org/members?limit=50']) {
    await app.request(path, { headers: { authorization } });
    statements = 0;
    const res = await app.request(path, { headers: { authorization } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    counted[path] = statements;
  }

  const listen = (fetch: (req: Request) => Response | Promise<Response>, port: number) =>
    new Promise<ReturnType<typeof serve>>((resolve) => {
      const server = serve({ fetch, hostname: '127.0.0.1', port }, () => resolve(server));
    });
  const servers = [await listen(app.fetch, SERVICE_PORT)];
  let floorPool: pg.Pool | null = null;
  if (scratch) {
    floorPool = new pg.Pool({ connectionString: scratch.url, max: 10 });
    const pool = floorPool;
    const floor = new Hono().get('/floor', async (c) => {
      const { rows } = await pool.query({
        name: 'floor_account',
        text: 'select id, email, name from accounts where id = $1',
        values: ['acct_olivia'],
      });
      return c.json(rows[0]);
    });
    servers.push(await listen(floor.fetch, FLOOR_PORT));
  }
  const target: Target = {
    url: `http://127.0.0.1:${SERVICE_PORT}`,
    floorUrl: scratch ? `http://127.0.0.1:${FLOOR_PORT}/floor` : null,
    authorization,
    statements: counted,
  };
  process.stdout.write(`${JSON.stringify(target)}\n`);
  process.stdin.resume();
  process.stdin.on('end', async () => {
    // autocannon stops without waiting for its last requests: let them finish before the
    // database closes, or they log "Cannot use a pool after calling end on the pool".
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await floorPool?.end();
    await handle.close();
    await scratch?.drop();
    process.exit(0);
  });
}

// ---- parent: the load ----

async function load(url: string, authorization: string, opts: { rate?: number; seconds: number }) {
  const result = await autocannon({
    url,
    headers: { authorization },
    connections: 10,
    duration: opts.seconds,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

function startChild(kind: Kind): Promise<{ target: Target; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL(import.meta.url).pathname, '--serve', kind],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // The next target takes the same ports, so stopping waits for this one to be gone.
  const stop = async () => {
    child.stdin.end();
    await exited;
  };
  return new Promise((resolve, reject) => {
    void exited.then((code) => reject(new Error(`bench service exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', (line) =>
      resolve({ target: JSON.parse(line) as Target, stop }),
    );
  });
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const widths = [46, 18, 10, 14, 8, 0];

async function measure(kind: Kind) {
  const { target, stop } = await startChild(kind);
  const me = `${target.url}/api/me`;
  const members = `${target.url}/api/org/members?limit=50`;
  const rows: string[][] = [];
  try {
    await load(me, target.authorization, { seconds: 2 }); // warm-up: JIT, plans, pool
    await load(members, target.authorization, { seconds: 2 });
    const floor = target.floorUrl
      ? await (async () => {
          const floorUrl = target.floorUrl as string;
          await load(floorUrl, '', { seconds: 2 });
          return load(floorUrl, '', { seconds: SECONDS });
        })()
      : null;
    const meMax = await load(me, target.authorization, { seconds: SECONDS });
    const ratio = floor ? meMax.rps / floor.rps : null;
    rows.push([
      'GET /api/me, 10 connections',
      `${meMax.rps.toFixed(0)} req/s`,
      ms(meMax.p99),
      floor ? `${floor.rps.toFixed(0)} req/s` : '—',
      ratio ? `${ratio.toFixed(2)}×` : '—',
      ratio ? `≥ 0.5× ${ratio >= 0.5 ? 'met' : 'NOT met'}` : '(floor is PostgreSQL)',
    ]);
    for (const [name, url, budget] of [
      ['GET /api/me at 200 req/s', me, 10],
      ['GET /api/org/members?limit=50 at 200 req/s', members, 20],
    ] as const) {
      const r = await load(url, target.authorization, { rate: 200, seconds: SECONDS });
      rows.push([
        name,
        `median ${ms(r.p50)}`,
        ms(r.p99),
        '',
        '',
        `p99 ≤ ${budget} ms ${r.p99 <= budget ? 'met' : 'NOT met'}`,
      ]);
    }
    for (const [path, n] of Object.entries(target.statements)) {
      rows.push([`statements per GET ${path}`, String(n), '', '', '', '']);
    }
  } finally {
    await stop();
  }
  console.log(`\n${kind === 'pglite' ? 'PGlite (in memory)' : 'PostgreSQL'}, ${MEMBERS} members`);
  console.log(
    ['figure', 'value', 'p99', 'floor', 'ratio', 'budget']
      .map((h, i) => h.padEnd(widths[i] ?? 0))
      .join(''),
  );
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(''));
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex >= 0) {
  await serveTarget(process.argv[serveIndex + 1] as Kind);
} else {
  const kinds = (process.env.BENCH_KINDS ?? 'pglite,postgres').split(',') as Kind[];
  for (const kind of kinds) await measure(kind);
}
