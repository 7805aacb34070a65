import { and, eq, lte, or, sql } from 'drizzle-orm';
import { rateLimits } from '../db/schema';
import type { Deps } from '../deps';
import { DomainError } from './errors';

/**
 * Failed attempts counted in PostgreSQL, so every service process sees the same count (README,
 * Limits). Each rule is a fixed window: the failure that brings a key to `maxFailures` within
 * `windowMs` locks it for `lockMs`; while it is locked every attempt is refused, right or wrong;
 * when the lock (or the window) is over, the count starts again.
 *
 * A failure is one INSERT … ON CONFLICT DO UPDATE … RETURNING: the row lock orders concurrent
 * failures on the same key, in one process or many, so exactly one of them sees the count reach
 * the limit (`justLocked`, e.g. to mail the account owner once). Written here rather than with
 * rate-limiter-flexible's RateLimiterPostgres: that one reads `Date.now()` itself (the tests move
 * `deps.now()`), needs a node-postgres client (PGlite's `query` takes other arguments), and
 * clears its table on a timer of its own in every process.
 */

export interface LimitRule {
  bucket: string;
  /** Failures allowed within one window; the one that reaches it starts the lock. */
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

const MINUTE = 60_000;

/**
 * Every limit of the service (README, Limits). One address may stand for a whole office behind
 * one NAT, so the per-address sign-in limit is five times the per-account one: someone guessing
 * one person's password is stopped at 20, while 100 colleagues mistyping once do not lock out
 * the office.
 */
export const LIMITS = {
  signInAccount: {
    bucket: 'sign_in_account',
    maxFailures: 20,
    windowMs: 15 * MINUTE,
    lockMs: 15 * MINUTE,
  },
  signInAddress: {
    bucket: 'sign_in_address',
    maxFailures: 100,
    windowMs: 15 * MINUTE,
    lockMs: 15 * MINUTE,
  },
  /** At most one lock-out mail per account a day, however often it is locked. */
  lockoutMail: {
    bucket: 'lockout_mail',
    maxFailures: 1,
    windowMs: 24 * 60 * MINUTE,
    lockMs: 24 * 60 * MINUTE,
  },
  /** Password reset requests: each costs a mail (server/domain/password-reset.ts). */
  passwordResetAddress: {
    bucket: 'password_reset_address',
    maxFailures: 20,
    windowMs: 60 * MINUTE,
    lockMs: 60 * MINUTE,
  },
  /** Past this, the same 202 but no more mail to that inbox within the hour. */
  passwordResetEmail: {
    bucket: 'password_reset_email',
    maxFailures: 5,
    windowMs: 60 * MINUTE,
    lockMs: 60 * MINUTE,
  },
  // Unknown secret links per address. The tokens are 256 random bits, so this does not make
  // guessing possible or not: it stops a client from hammering the lookups while a person who
  // mistypes or pastes half a link never comes near it.
  approvalLinkLookup: {
    bucket: 'approval_link_address',
    maxFailures: 30,
    windowMs: 15 * MINUTE,
    lockMs: 15 * MINUTE,
  },
  invitationLookup: {
    bucket: 'invitation_address',
    maxFailures: 30,
    windowMs: 15 * MINUTE,
    lockMs: 15 * MINUTE,
  },
  verificationLookup: {
    bucket: 'verification_address',
    maxFailures: 30,
    windowMs: 15 * MINUTE,
    lockMs: 15 * MINUTE,
  },
  oauthFlowLookup: {
    bucket: 'oauth_flow_address',
    maxFailures: 30,
    windowMs: 15 * MINUTE,
    lockMs: 15 * MINUTE,
  },
  // The public booking form (/book/…): every request counts, not only failures, because a
  // booking that succeeds costs the most (a Zoom meeting, two mails, a held slot). A person books
  // a few times; 20 an hour leaves room for an office behind one address, and a bot filling the
  // form is stopped for the rest of the hour.
  bookingSubmitAddress: {
    bucket: 'booking_submit_address',
    maxFailures: 20,
    windowMs: 60 * MINUTE,
    lockMs: 60 * MINUTE,
  },
  // Booking pages read availability and bookings on each view; paging through weeks and
  // changing the time zone are views too. 300 in 15 minutes is a view every 3 s.
  bookingPageAddress: {
    bucket: 'booking_page_address',
    maxFailures: 300,
    windowMs: 15 * MINUTE,
    lockMs: 15 * MINUTE,
  },
  /** Booking links (/booking/<token>) that do not exist, like the other secret links. */
  bookingLinkLookup: {
    bucket: 'booking_link_address',
    maxFailures: 30,
    windowMs: 15 * MINUTE,
    lockMs: 15 * MINUTE,
  },
} as const satisfies Record<string, LimitRule>;

/** One key under one rule. `key` is already a fingerprint (see limitKey). */
export interface Limited {
  rule: LimitRule;
  key: string;
}

/** The stored form of what is limited: keyed by the vault, never the email or address itself. */
export function limitKey(deps: Pick<Deps, 'vault'>, kind: 'email' | 'address', value: string) {
  return deps.vault.fingerprint(`${kind}:${value}`);
}

const iso = (d: Date) => sql`${d.toISOString()}::timestamptz`;

export interface LimitState {
  /** Milliseconds until the longest running lock among the keys ends; null when none is locked. */
  retryAfterMs: number | null;
  /** The keys that have a row (to clear a count only when there is one). */
  counted: Set<string>;
}

/** One read for several keys: is any locked, and which have a count. */
export async function readLimits(deps: Deps, keys: Limited[]): Promise<LimitState> {
  const now = deps.now();
  const rows = await deps.db
    .select({ bucket: rateLimits.bucket, key: rateLimits.key, lockedUntil: rateLimits.lockedUntil })
    .from(rateLimits)
    .where(
      or(...keys.map((k) => and(eq(rateLimits.bucket, k.rule.bucket), eq(rateLimits.key, k.key)))),
    );
  let until = 0;
  for (const row of rows) {
    const end = row.lockedUntil?.getTime() ?? 0;
    if (end > now.getTime()) until = Math.max(until, end);
  }
  return {
    retryAfterMs: until > 0 ? until - now.getTime() : null,
    counted: new Set(rows.map((r) => `${r.bucket}:${r.key}`)),
  };
}

export interface FailureCount {
  failures: number;
  lockedUntil: Date | null;
  /** This failure is the one that started the lock (true once per lock, across processes). */
  justLocked: boolean;
}

/** Counts one failure for a key, atomically; the count that reaches the limit starts the lock. */
export function recordFailure(deps: Deps, limited: Limited): Promise<FailureCount> {
  return countOne(deps, limited, limited.rule.maxFailures);
}

/**
 * Counts an attempt before its outcome is known (a password about to be checked), so that
 * attempts sent all at once cannot all be checked: only the first `maxFailures` in a window get
 * through, any more is refused and starts the lock. The caller clears the count on a success
 * (clearFailures) and locks at once when the last allowed attempt fails (lockNow).
 */
export function reserveAttempt(deps: Deps, limited: Limited): Promise<FailureCount> {
  return countOne(deps, limited, limited.rule.maxFailures + 1);
}

/**
 * Starts the lock now unless one is running: for the last allowed attempt, once it failed.
 * `justLocked` as for a count: one of this and a concurrent reserveAttempt starts it; either
 * way `lockedUntil` is the lock's end.
 */
export async function lockNow(deps: Deps, { rule, key }: Limited): Promise<FailureCount> {
  const now = deps.now();
  const lockEnd = new Date(now.getTime() + rule.lockMs);
  const t = rateLimits;
  const [row] = await deps.db
    .update(t)
    .set({
      lockedUntil: lockEnd,
      expiresAt: sql`greatest(${t.expiresAt}, ${iso(lockEnd)})`,
      // As if the next attempt had been counted and locked: attempts after it count past the
      // reservation's limit, so none of them is told it started the lock again.
      failures: sql`greatest(${t.failures}, ${rule.maxFailures + 1})`,
    })
    .where(
      and(
        eq(t.bucket, rule.bucket),
        eq(t.key, key),
        sql`(${t.lockedUntil} is null or ${t.lockedUntil} <= ${iso(now)})`,
      ),
    )
    .returning({ failures: t.failures, lockedUntil: t.lockedUntil });
  if (row) return { ...row, justLocked: true };
  // Locked already (by an attempt reserved meanwhile), or cleared by a success: say which.
  const [current] = await deps.db
    .select({ failures: t.failures, lockedUntil: t.lockedUntil })
    .from(t)
    .where(and(eq(t.bucket, rule.bucket), eq(t.key, key)));
  return {
    failures: current?.failures ?? 0,
    lockedUntil: current?.lockedUntil ?? null,
    justLocked: false,
  };
}

async function countOne(deps: Deps, { rule, key }: Limited, lockAt: number): Promise<FailureCount> {
  const now = deps.now();
  const windowEnd = new Date(now.getTime() + rule.windowMs);
  const lockEnd = new Date(now.getTime() + rule.lockMs);
  const t = rateLimits;
  // A row whose lock ended, or whose window ended without a lock, counts for nothing any more.
  const stale = sql`((${t.lockedUntil} is null and ${t.windowStartedAt} <= ${iso(new Date(now.getTime() - rule.windowMs))})
    or ${t.lockedUntil} <= ${iso(now)})`;
  const failures = sql`(case when ${stale} then 1 else ${t.failures} + 1 end)`;
  const lockedUntil = sql`(case
    when ${stale} then (case when 1 >= ${lockAt} then ${iso(lockEnd)} end)
    when ${t.lockedUntil} is not null then ${t.lockedUntil}
    when ${t.failures} + 1 >= ${lockAt} then ${iso(lockEnd)}
  end)`;
  const windowStartedAt = sql`(case when ${stale} then ${iso(now)} else ${t.windowStartedAt} end)`;
  const firstLock = lockAt <= 1 ? lockEnd : null;
  const [row] = await deps.db
    .insert(t)
    .values({
      bucket: rule.bucket,
      key,
      windowStartedAt: now,
      failures: 1,
      lockedUntil: firstLock,
      expiresAt: firstLock && firstLock > windowEnd ? firstLock : windowEnd,
    })
    .onConflictDoUpdate({
      target: [t.bucket, t.key],
      set: {
        failures,
        windowStartedAt,
        lockedUntil,
        // greatest() skips a null lock.
        expiresAt: sql`greatest(${windowStartedAt} + ${`${rule.windowMs} milliseconds`}::interval, ${lockedUntil})`,
      },
    })
    .returning({ failures: t.failures, lockedUntil: t.lockedUntil });
  if (!row) throw new Error('The rate-limit upsert returned no row');
  return {
    failures: row.failures,
    lockedUntil: row.lockedUntil,
    justLocked: row.failures === lockAt && row.lockedUntil !== null,
  };
}

/** Forgets a key's count (after a successful sign-in). */
export async function clearFailures(deps: Deps, { rule, key }: Limited): Promise<void> {
  await deps.db
    .delete(rateLimits)
    .where(and(eq(rateLimits.bucket, rule.bucket), eq(rateLimits.key, key)));
}

/** The refusal every limit answers with: 429, `Retry-After` in seconds, and when in words. */
export function tooManyAttempts(retryAfterMs: number, what: string): DomainError {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / MINUTE));
  return new DomainError(
    'too_many_attempts',
    `${what} Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) },
  );
}

const PURGE_BATCH = 1000;

/**
 * Deletes rows that mean nothing any more, a batch at a time. Rows another process holds
 * (a failure being counted) are skipped, so purging never waits on, or undoes, a count.
 */
export async function purgeExpiredLimits(
  deps: Pick<Deps, 'db' | 'now'>,
  batch = PURGE_BATCH,
): Promise<number> {
  const due = deps.db
    .select({ bucket: rateLimits.bucket, key: rateLimits.key })
    .from(rateLimits)
    .where(lte(rateLimits.expiresAt, deps.now()))
    .limit(batch)
    .for('update', { skipLocked: true });
  const deleted = await deps.db
    .delete(rateLimits)
    .where(sql`(${rateLimits.bucket}, ${rateLimits.key}) in (${due})`)
    .returning({ bucket: rateLimits.bucket });
  return deleted.length;
}
