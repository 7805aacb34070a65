import { and, inArray, isNotNull, lte, or, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { emailVerifications, oauthFlows, passwordResets, sessions } from '../db/schema';
import type { Deps } from '../deps';
import { purgeExpiredLimits } from './rate-limits';
import { idleSince } from './sessions';

/**
 * Deletes what can no longer be used: sessions past their idle or absolute end, password-reset
 * and email-verification links that expired or were used, Zoom sign-ins (OAuth flows) past
 * their life, and rate-limit counts whose window and lock are over (rate-limits.ts). Every process runs it on a timer (server/service.ts); it needs no coordination:
 * each DELETE takes a batch with SKIP LOCKED, so two processes take different rows (or none)
 * rather than waiting on each other, and a row deleted twice is simply gone.
 */

/** Rows per DELETE, so one statement never holds many locks or runs long. */
export const PURGE_BATCH = 1000;
/** DELETEs per table per run; what is left waits for the next run. */
const MAX_BATCHES = 20;
/**
 * Links and Zoom sign-ins are kept this long after their end, so a page opened late still says
 * "expired" or "already used", or shows the
 * Zoom sign-in's outcome (server/domain/oauth-flows.ts flowResult) rather than "not found".
 */
export const KEEP_FINISHED_MS = 24 * 3_600_000;

export type PurgeCounts = Record<
  'sessions' | 'passwordResets' | 'emailVerifications' | 'oauthFlows' | 'rateLimits',
  number
>;

export async function purgeExpired(deps: Pick<Deps, 'db' | 'env' | 'now'>): Promise<PurgeCounts> {
  const now = deps.now();
  const keptUntil = new Date(now.getTime() - KEEP_FINISHED_MS);
  return {
    sessions: await purge(
      deps,
      sessions,
      sessions.id,
      or(lte(sessions.expiresAt, now), lte(sessions.lastUsedAt, idleSince(deps, now))),
    ),
    passwordResets: await purge(
      deps,
      passwordResets,
      passwordResets.id,
      or(
        lte(passwordResets.expiresAt, keptUntil),
        and(isNotNull(passwordResets.usedAt), lte(passwordResets.usedAt, keptUntil)),
      ),
    ),
    emailVerifications: await purge(
      deps,
      emailVerifications,
      emailVerifications.id,
      or(
        lte(emailVerifications.expiresAt, keptUntil),
        and(isNotNull(emailVerifications.usedAt), lte(emailVerifications.usedAt, keptUntil)),
      ),
    ),
    oauthFlows: await purge(deps, oauthFlows, oauthFlows.id, lte(oauthFlows.expiresAt, keptUntil)),
    rateLimits: await batches(() => purgeExpiredLimits(deps, PURGE_BATCH)),
  };
}

async function batches(deleteBatch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const deleted = await deleteBatch();
    total += deleted;
    if (deleted < PURGE_BATCH) break;
  }
  return total;
}

async function purge(
  deps: Pick<Deps, 'db'>,
  table: PgTable,
  id: PgColumn,
  done: SQL | undefined,
): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const batch = deps.db
      .select({ id })
      .from(table)
      .where(done)
      .limit(PURGE_BATCH)
      .for('update', { skipLocked: true });
    const deleted = await deps.db.delete(table).where(inArray(id, batch)).returning({ id });
    total += deleted.length;
    if (deleted.length < PURGE_BATCH) break;
  }
  return total;
}
