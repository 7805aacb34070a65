import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { createVault } from '../server/crypto/vault';
import { type DatabaseHandle, openDatabase } from '../server/db/client';
import { alertRecipients, mailOutbox, orgConnections } from '../server/db/schema';
import type { Deps } from '../server/deps';
import { openAlert } from '../server/domain/alerts';
import { parseEnv } from '../server/env';
import { log as serviceLog } from '../server/log';
import { createMailer } from '../server/mail/transport';
import { DEMO_ORG, seedDemo } from '../server/seed/demo';
import { createZoomClient } from '../server/zoom/client';
import { createScratchDatabase } from '../test/scratch-postgres';
import { postgresAdminUrl } from './databases';
import { seedMembers } from './seed-members';

/**
 * What "the org's Zoom is down" costs at 10,000 and 100,000 members: the state-change
 * transaction (the org connection row locked, as a health check's markBroken does) and then the
 * fan-out to every member who relies on the org connection (alert_recipients + mail_outbox rows),
 * until every mail is queued. Not a test: figures for the README.
 *
 *   npm run bench:alert-fanout                    # PostgreSQL 10k and 100k, PGlite 10k
 *   BENCH_FANOUT=postgres:10000 npm run bench:alert-fanout
 *
 * PostgreSQL: BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres (a scratch
 * database is created and dropped).
 */
type Kind = 'postgres' | 'pglite';

async function open(kind: Kind): Promise<{ handle: DatabaseHandle; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const handle = await openDatabase({ kind: 'pglite', dataDir: null });
    return { handle, drop: async () => {} };
  }
  const scratch = await createScratchDatabase(postgresAdminUrl(), 'ozc_fanout');
  const handle = await openDatabase({ kind: 'postgres', url: scratch.url });
  return { handle, drop: scratch.drop };
}

/** The fan-out worker, where this checkout has one (before it, openAlert did everything). */
async function fanOutWorker(): Promise<((deps: Deps) => Promise<unknown>) | null> {
  const mod = (await import('../server/domain/alerts')) as Record<string, unknown>;
  const run = mod.runAlertFanouts;
  return typeof run === 'function' ? (run as (deps: Deps) => Promise<unknown>) : null;
}

const count = async (handle: DatabaseHandle, table: typeof mailOutbox | typeof alertRecipients) =>
  Number(
    ((await handle.db.select({ n: sql<number>`count(*)` }).from(table))[0] as { n: number }).n,
  );

async function run(kind: Kind, members: number): Promise<void> {
  const { handle, drop } = await open(kind);
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
    await seedMembers(handle.db, { orgId: DEMO_ORG.id, count: members });
    await handle.db.insert(orgConnections).values({ orgId: DEMO_ORG.id, state: 'active' });

    const t0 = performance.now();
    await handle.db.transaction(async (tx) => {
      await tx
        .update(orgConnections)
        .set({ state: 'needs_reconnect', stateReason: 'bench' })
        .where(and(eq(orgConnections.orgId, DEMO_ORG.id), eq(orgConnections.state, 'active')));
      await openAlert(tx, deps, {
        orgId: DEMO_ORG.id,
        kind: 'org_needs_reconnect',
        reason: 'zara@acme.test is no longer a Zoom account Owner or Admin.',
      });
    });
    const txMs = performance.now() - t0;
    const worker = await fanOutWorker();
    const t1 = performance.now();
    if (worker) await worker(deps);
    const fanMs = performance.now() - t1;
    const mails = await count(handle, mailOutbox);
    const told = await count(handle, alertRecipients);
    const totalMs = txMs + fanMs;
    console.log(
      [
        `${kind === 'postgres' ? 'PostgreSQL' : 'PGlite'} ${members.toLocaleString('en-US')} members:`,
        `state-change transaction ${txMs.toFixed(0)} ms;`,
        worker ? `fan-out ${fanMs.toFixed(0)} ms;` : 'no fan-out worker (all in the transaction);',
        `${told} recipients, ${mails} mails queued,`,
        `${Math.round(mails / (totalMs / 1000))} mails/s overall`,
      ].join(' '),
    );
  } finally {
    await handle.close();
    await drop();
  }
}

const plan = (process.env.BENCH_FANOUT ?? 'postgres:10000,postgres:100000,pglite:10000')
  .split(',')
  .map((s) => {
    const [kind, n] = s.split(':');
    return { kind: kind as Kind, members: Number(n) };
  });
for (const { kind, members } of plan) await run(kind, members);
