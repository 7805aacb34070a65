import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVault } from '../../server/crypto/vault';
import type { DatabaseHandle } from '../../server/db/client';
import { rateLimits } from '../../server/db/schema';
import type { Deps } from '../../server/deps';
import {
  clearFailures,
  type Limited,
  type LimitRule,
  lockNow,
  purgeExpiredLimits,
  readLimits,
  recordFailure,
  reserveAttempt,
} from '../../server/domain/rate-limits';
import { clientAddress, normalizeAddress } from '../../server/http/client-address';
import { fromAddress, openTestDatabase } from './harness';

/**
 * The limiter itself, on PGlite and PostgreSQL: against a reference model for any sequence of
 * attempts (concurrent ones too), and its purge.
 */

let handle: DatabaseHandle;
let clock = Date.parse('2026-11-29T12:00:00.000Z');
let deps: Deps;

beforeAll(async () => {
  handle = await openTestDatabase();
  deps = {
    db: handle.db,
    now: () => new Date(clock),
    vault: createVault(randomBytes(32)),
  } as Deps;
});
afterAll(() => handle.close());

const MINUTE = 60_000;

interface Attempted {
  outcome: 'counted' | 'refused';
  /** Got past the check (a password would have been checked, a link looked up). */
  checked: boolean;
  justLocked: boolean;
}

/**
 * A failed attempt, made the two ways the service makes them: counted after the fact (secret
 * links, the per-address sign-in count), or reserved before the password is checked (the
 * per-email sign-in count), locking at once when the last allowed one fails.
 */
const attempts: Record<'afterwards' | 'reserved', (limited: Limited) => Promise<Attempted>> = {
  async afterwards(limited) {
    const { retryAfterMs } = await readLimits(deps, [limited]);
    if (retryAfterMs !== null) return { outcome: 'refused', checked: false, justLocked: false };
    const counted = await recordFailure(deps, limited);
    const locked = (counted.lockedUntil?.getTime() ?? 0) > clock;
    return {
      outcome: locked ? 'refused' : 'counted',
      checked: true,
      justLocked: counted.justLocked,
    };
  },
  async reserved(limited) {
    const reserved = await reserveAttempt(deps, limited);
    if ((reserved.lockedUntil?.getTime() ?? 0) > clock) {
      return { outcome: 'refused', checked: false, justLocked: reserved.justLocked };
    }
    if (reserved.failures < limited.rule.maxFailures) {
      return { outcome: 'counted', checked: true, justLocked: false };
    }
    const locked = await lockNow(deps, limited);
    return { outcome: 'refused', checked: true, justLocked: locked.justLocked };
  },
};

/** A success: as sign-in clears the count (when nothing is locked). */
const successes: Record<keyof typeof attempts, (limited: Limited) => Promise<void>> = {
  async afterwards(limited) {
    const state = await readLimits(deps, [limited]);
    if (state.retryAfterMs === null) await clearFailures(deps, limited);
  },
  async reserved(limited) {
    const reserved = await reserveAttempt(deps, limited);
    if ((reserved.lockedUntil?.getTime() ?? 0) <= clock) await clearFailures(deps, limited);
  },
};

/** The rule as a reader would state it: a fixed window from the first failure, then a lock. */
class Model {
  row: { windowStart: number; failures: number; lockedUntil: number | null } | null = null;
  constructor(readonly rule: LimitRule) {}

  locked(now: number) {
    return this.row?.lockedUntil != null && this.row.lockedUntil > now;
  }

  /** The outcome, and whether the attempt got past the check (was not refused before it). */
  attempt(now: number): { outcome: 'counted' | 'refused'; checked: boolean } {
    if (this.locked(now)) return { outcome: 'refused', checked: false };
    const { maxFailures, windowMs, lockMs } = this.rule;
    const row = this.row;
    const stale =
      !row ||
      (row.lockedUntil === null && row.windowStart <= now - windowMs) ||
      (row.lockedUntil !== null && row.lockedUntil <= now);
    if (!row || stale) {
      this.row = {
        windowStart: now,
        failures: 1,
        lockedUntil: maxFailures <= 1 ? now + lockMs : null,
      };
    } else {
      row.failures += 1;
      if (row.failures >= maxFailures) row.lockedUntil = now + lockMs;
    }
    return { outcome: this.locked(now) ? 'refused' : 'counted', checked: true };
  }

  success(now: number) {
    if (!this.locked(now)) this.row = null;
  }

  /** Failures counted in the current window without a 429: always fewer than the limit. */
  countedInWindow(now: number) {
    const row = this.row;
    if (!row || row.lockedUntil !== null || row.windowStart <= now - this.rule.windowMs) return 0;
    return row.failures;
  }
}

const step = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('fail' as const),
      burst: fc.integer({ min: 1, max: 4 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      ms: fc.integer({ min: 0, max: 20 * MINUTE }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('success' as const) }) },
);

const rule = fc.record({
  bucket: fc.constant('property'),
  maxFailures: fc.integer({ min: 1, max: 6 }),
  windowMs: fc.integer({ min: 1, max: 15 }).map((m) => m * MINUTE),
  lockMs: fc.integer({ min: 1, max: 15 }).map((m) => m * MINUTE),
});

describe('the limiter', () => {
  it.each(['afterwards', 'reserved'] as const)(
    'never lets the count reach the limit without a 429, for any sequence of attempts (counted %s)',
    async (way) => {
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(rule, fc.array(step, { maxLength: 25 }), async (limitRule, steps) => {
          runs += 1;
          const limited = { rule: limitRule, key: randomBytes(12).toString('base64url') };
          const model = new Model(limitRule);
          for (const s of steps) {
            if (s.kind === 'wait') {
              clock += s.ms;
              continue;
            }
            if (s.kind === 'success') {
              await successes[way](limited);
              model.success(clock);
              continue;
            }
            // A burst of concurrent attempts (truly concurrent on PostgreSQL's pool).
            const results = await Promise.all(
              Array.from({ length: s.burst }, () => attempts[way](limited)),
            );
            const lockedBefore = model.locked(clock);
            const expected = Array.from({ length: s.burst }, () => model.attempt(clock));
            expect(results.map((r) => r.outcome).sort()).toEqual(
              expected.map((e) => e.outcome).sort(),
            );
            // Reserved: no more get past the check than one after the other would, however
            // concurrent. (Counted afterwards, a burst is checked whole: fine for secret links,
            // which cannot be guessed anyway, and why passwords are counted before.)
            if (way === 'reserved') {
              expect(results.filter((r) => r.checked).length).toBe(
                expected.filter((e) => e.checked).length,
              );
            }
            // The lock starts once, told to exactly one of the attempts (one lock-out mail).
            const started = !lockedBefore && model.locked(clock) ? 1 : 0;
            expect(results.filter((r) => r.justLocked)).toHaveLength(started);
            expect(model.countedInWindow(clock)).toBeLessThan(limitRule.maxFailures);
          }
        }),
        { numRuns: process.env.TEST_DATABASE_URL ? 40 : 80 },
      );
      console.log(`rate-limit property (${way}): ${runs} sequences`);
    },
  );

  it('starts a lock exactly once however many processes reach the limit together', async () => {
    const limitRule = {
      bucket: 'once',
      maxFailures: 5,
      windowMs: 15 * MINUTE,
      lockMs: 15 * MINUTE,
    };
    const limited = { rule: limitRule, key: 'together' };
    const results = await Promise.all(
      Array.from({ length: 12 }, () => recordFailure(deps, limited)),
    );
    expect(results.filter((r) => r.justLocked)).toHaveLength(1);
    expect(results.map((r) => r.failures).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });
});

describe('purging', () => {
  it('deletes the rows whose window and lock are over, a batch at a time, and nothing else', async () => {
    await handle.db.delete(rateLimits);
    const short = { bucket: 'purge', maxFailures: 2, windowMs: MINUTE, lockMs: 10 * MINUTE };
    for (let i = 0; i < 5; i++) await recordFailure(deps, { rule: short, key: `done-${i}` });
    // Locked for 10 minutes: kept after its window.
    await recordFailure(deps, { rule: short, key: 'locked' });
    await recordFailure(deps, { rule: short, key: 'locked' });
    clock += 2 * MINUTE;
    await recordFailure(deps, { rule: short, key: 'fresh' });
    expect(await purgeExpiredLimits(deps, 3)).toBe(3);
    expect(await purgeExpiredLimits(deps, 3)).toBe(2);
    expect(await purgeExpiredLimits(deps, 3)).toBe(0);
    const left = (await handle.db.select({ key: rateLimits.key }).from(rateLimits)).map(
      (r) => r.key,
    );
    expect(left.sort()).toEqual(['fresh', 'locked']);
    clock += 10 * MINUTE;
    expect(await purgeExpiredLimits(deps)).toBe(2);
  });
});

describe('the client address', () => {
  const addressOf = (trustProxy: number, socket: string | null, forwarded?: string) => {
    const app = new Hono().get('/', (c) => c.text(clientAddress(c, { TRUST_PROXY: trustProxy })));
    const headers: Record<string, string> =
      forwarded === undefined ? {} : { 'x-forwarded-for': forwarded };
    return Promise.resolve(
      app.request('/', { headers }, socket ? fromAddress(socket) : undefined),
    ).then((r) => r.text());
  };

  it.each([
    [0, '192.0.2.1', '203.0.113.9', '192.0.2.1'],
    [1, '10.0.0.1', '203.0.113.9, 192.0.2.1', '192.0.2.1'],
    [2, '10.0.0.1', '203.0.113.9, 192.0.2.1, 10.0.0.2', '192.0.2.1'],
    [1, '10.0.0.1', undefined, '10.0.0.1'],
    [1, '10.0.0.1', 'not an address', '10.0.0.1'],
    [0, '::ffff:192.0.2.1', undefined, '192.0.2.1'],
    [0, '2001:db8:1:2:3:4:5:6', undefined, '2001:db8:1:2::/64'],
    [0, null, undefined, 'unknown'],
  ])(
    'TRUST_PROXY=%s, socket %s, X-Forwarded-For %s → %s',
    async (trust, socket, forwarded, expected) => {
      expect(await addressOf(trust, socket, forwarded)).toBe(expected);
    },
  );

  it('is an address, a /64 or "unknown" for any header and setting', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 10 }),
        fc.option(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string())),
        fc.option(fc.array(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string())).map((a) => a.join(', '))),
        async (trust, socket, forwarded) => {
          const text = await addressOf(trust, socket || null, forwarded ?? undefined);
          expect(text === 'unknown' || normalizeAddress(text.replace(/\/64$/, '')) !== null).toBe(
            true,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
