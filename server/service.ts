import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { createVault } from './crypto/vault';
import { type DatabaseHandle, openDatabase } from './db/client';
import type { Deps } from './deps';
import { onAlertWork, runAlertFanouts } from './domain/alerts';
import { scanExpiringApprovalLinks } from './domain/approval-link-alerts';
import { repairDueBookings } from './domain/booking-repair';
import { purgeExpired } from './domain/janitor';
import { runDueHealthChecks } from './domain/org-health';
import type { Env } from './env';
import { log } from './log';
import { deliverDueMail } from './mail/outbox';
import { createMailer } from './mail/transport';
import { seedDemo } from './seed/demo';
import { createZoomClient } from './zoom/client';

/**
 * The key that seals Zoom tokens. With several processes on one PostgreSQL it must come from
 * config (all of them need the same key); on the embedded database one is made and kept in
 * DATA_DIR, so a newcomer needs nothing.
 */
export function tokenEncryptionKey(env: Env): Buffer {
  if (env.TOKEN_ENCRYPTION_KEY) return Buffer.from(env.TOKEN_ENCRYPTION_KEY, 'base64');
  if (env.DATABASE_URL) {
    throw new Error(
      'TOKEN_ENCRYPTION_KEY is required with DATABASE_URL (every process must share it).',
    );
  }
  const file = join(env.DATA_DIR, 'token-encryption.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(env.DATA_DIR, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

export async function buildDeps(env: Env, handle: DatabaseHandle): Promise<Deps> {
  return {
    db: handle.db,
    env,
    vault: createVault(tokenEncryptionKey(env)),
    zoom: createZoomClient({ oauthUrl: env.ZOOM_OAUTH_URL, apiUrl: env.ZOOM_API_URL }),
    now: () => new Date(),
    log,
    mailer: createMailer(env),
  };
}

export interface RunningService {
  url: string;
  deps: Deps;
  seeded: boolean;
  close(): Promise<void>;
}

export async function startService(env: Env): Promise<RunningService> {
  const handle = await openDatabase(
    env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL }
      : { kind: 'pglite', dataDir: env.DATA_DIR },
  );
  const deps = await buildDeps(env, handle);
  const seeded = env.SEED_DEMO ? await handle.oneAtATime(() => seedDemo(handle.db)) : false;
  const app = createApp(deps);
  const stopHealthChecks = scheduleHealthChecks(deps);
  const stopMail = scheduleMail(deps);
  const stopJanitor = scheduleJanitor(deps);
  const stopRepairs = scheduleRepairs(deps);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  return {
    url: `http://${env.HOST}:${port}`,
    deps,
    seeded,
    close: async () => {
      stopHealthChecks();
      stopMail();
      stopJanitor();
      stopRepairs();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await handle.close();
    },
  };
}

/**
 * Every process ticks; the database decides who checks what (claimDueHealthChecks uses
 * SKIP LOCKED), so N processes share the checks instead of repeating them. The same tick looks
 * for approval links about to run out unused (the alert opens once: server/domain/alerts.ts).
 */
function scheduleHealthChecks(deps: Deps): () => void {
  const intervalMs = deps.env.HEALTH_CHECK_INTERVAL_MINUTES * 60_000;
  if (intervalMs === 0) return () => {};
  return everyTick(Math.min(intervalMs, 60_000), async () => {
    try {
      await runDueHealthChecks(deps, intervalMs);
    } catch (err) {
      deps.log.error({ err }, 'Health check tick failed');
    }
    try {
      await scanExpiringApprovalLinks(deps);
    } catch (err) {
      deps.log.error({ err }, 'Approval link scan failed');
    }
  });
}

/**
 * How often each process looks for alert fan-outs and mail to send: both are claimed through
 * the database, so N processes share them. The fan-outs first, so a small org's alert mail goes
 * out in the same tick that queues it.
 */
export const MAIL_TICK_MS = 2000;

/**
 * After an alert opens or closes in this process, the mail tick runs that much later (the state
 * change's transaction commits right after it calls in), so a small org's mail goes at once.
 * Should it run before the commit, it finds nothing and the next tick does the work.
 */
const ALERT_KICK_MS = 100;

function scheduleMail(deps: Deps): () => void {
  let kick: ReturnType<typeof setTimeout> | undefined;
  const tick = everyTick(MAIL_TICK_MS, async () => {
    try {
      const fanned = await runAlertFanouts(deps);
      if (fanned.fanouts > 0) deps.log.info(fanned, 'Alert recipients told');
    } catch (err) {
      deps.log.error({ err }, 'Alert fan-out tick failed');
    }
    try {
      await deliverDueMail(deps);
    } catch (err) {
      deps.log.error({ err }, 'Mail tick failed');
    }
  });
  const stopListening = onAlertWork(() => {
    if (kick) return;
    kick = setTimeout(() => {
      kick = undefined;
      tick.now();
    }, ALERT_KICK_MS);
    kick.unref();
  });
  return () => {
    stopListening();
    if (kick) clearTimeout(kick);
    tick();
  };
}

/** Every process purges; the DELETEs skip each other's rows (server/domain/janitor.ts). */
function scheduleJanitor(deps: Deps): () => void {
  const intervalMs = deps.env.JANITOR_INTERVAL_MINUTES * 60_000;
  if (intervalMs === 0) return () => {};
  return everyTick(intervalMs, async () => {
    try {
      const purged = await purgeExpired(deps);
      if (Object.values(purged).some((n) => n > 0)) {
        deps.log.info(
          { purged },
          'Purged expired sessions, links, Zoom sign-ins and rate-limit counts',
        );
      }
    } catch (err) {
      deps.log.error({ err }, 'Janitor tick failed');
    }
  });
}

/** Each process looks for bookings to repair every REPAIR_TICK_MS: claimed, so N processes share them. */
function scheduleRepairs(deps: Deps): () => void {
  return everyTick(deps.env.REPAIR_TICK_MS, async () => {
    try {
      await repairDueBookings(deps);
    } catch (err) {
      deps.log.error({ err }, 'Booking repair tick failed');
    }
  });
}

/**
 * Runs `work` every `ms`, never two at once in this process; returns the stop, whose `now()` runs
 * the work at once (or right after the run in progress).
 */
function everyTick(ms: number, work: () => Promise<void>): (() => void) & { now(): void } {
  let running = false;
  let again = false;
  let stopped = false;
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    void work().finally(() => {
      running = false;
      if (again) {
        again = false;
        run();
      }
    });
  };
  const timer = setInterval(() => {
    if (!running) run();
  }, ms);
  timer.unref();
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  return Object.assign(stop, { now: run });
}
