import { scryptSync } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/crypto/passwords';
import { hashToken, newId } from '../../server/crypto/tokens';
import {
  accounts,
  emailVerifications,
  oauthFlows,
  passwordResets,
  sessions,
} from '../../server/db/schema';
import { KEEP_FINISHED_MS, purgeExpired } from '../../server/domain/janitor';
import { TOUCH_INTERVAL_MS } from '../../server/domain/sessions';
import { startTestService, type TestService } from './harness';

/**
 * Sessions end when idle (SESSION_IDLE_HOURS) or old (SESSION_ABSOLUTE_DAYS), whichever comes
 * first; what can't be used any more is purged by the janitor; old password hashes are replaced
 * on the next sign-in. Time is moved through deps.now().
 */

const HOUR = 3_600_000;
let service: TestService;
let clock = Date.now();

beforeAll(async () => {
  service = await startTestService({ SESSION_IDLE_HOURS: '24', SESSION_ABSOLUTE_DAYS: '7' });
  service.deps.now = () => new Date(clock);
});
afterAll(() => service.close());
beforeEach(() => {
  clock = Date.now();
});

const me = (headers: Record<string, string>) => service.request('GET', '/api/me', { headers });
const tokenOf = (headers: Record<string, string>) =>
  (headers.authorization ?? '').replace('Bearer ', '');

async function sessionRow(headers: Record<string, string>) {
  const [row] = await service.deps.db
    .select()
    .from(sessions)
    .where(eq(sessions.tokenHash, hashToken(tokenOf(headers))));
  return row;
}

describe('session expiry', () => {
  it('ends a session left unused for longer than the idle time', async () => {
    const headers = await service.signIn('mia@acme.test');
    clock += 23 * HOUR;
    expect((await me(headers)).status).toBe(200);
    // Used at 23 h, so it lives until 47 h; unused from then on, it ends.
    clock += 23 * HOUR;
    expect((await me(headers)).status).toBe(200);
    clock += 24 * HOUR + 1000;
    expect((await me(headers)).status).toBe(401);
  });

  it('ends a session at the absolute time however much it is used', async () => {
    const headers = await service.signIn('mia@acme.test');
    for (let day = 1; day < 7; day++) {
      clock += 20 * HOUR;
      expect((await me(headers)).status).toBe(200);
    }
    clock += 7 * 24 * HOUR;
    expect((await me(headers)).status).toBe(401);
    // Exactly: well inside the idle time, but past the 7 days since sign-in.
    const fresh = await service.signIn('mia@acme.test');
    clock += 7 * 24 * HOUR - 1000;
    await service.deps.db
      .update(sessions)
      .set({ lastUsedAt: new Date(clock) })
      .where(eq(sessions.tokenHash, hashToken(tokenOf(fresh))));
    expect((await me(fresh)).status).toBe(200);
    clock += 2000;
    expect((await me(fresh)).status).toBe(401);
  });

  it('records use at most once per interval, not on every request', async () => {
    const headers = await service.signIn('mia@acme.test');
    const signedInAt = (await sessionRow(headers))?.lastUsedAt.getTime();
    clock += TOUCH_INTERVAL_MS - 1000;
    await me(headers);
    expect((await sessionRow(headers))?.lastUsedAt.getTime()).toBe(signedInAt);
    clock += 2000;
    await me(headers);
    expect((await sessionRow(headers))?.lastUsedAt.getTime()).toBe(clock);
  });

  it('parses the idle and absolute times from the environment', async () => {
    expect(service.env.SESSION_IDLE_HOURS).toBe(24);
    expect(service.env.SESSION_ABSOLUTE_DAYS).toBe(7);
    const { parseEnv } = await import('../../server/env');
    const defaults = parseEnv({}, 'development');
    expect(defaults.SESSION_IDLE_HOURS).toBe(72);
    expect(defaults.SESSION_ABSOLUTE_DAYS).toBe(30);
    expect(() => parseEnv({ SESSION_IDLE_HOURS: '0' }, 'development')).toThrow(
      /SESSION_IDLE_HOURS/,
    );
    expect(() => parseEnv({ SESSION_ABSOLUTE_DAYS: 'soon' }, 'development')).toThrow(
      /SESSION_ABSOLUTE_DAYS/,
    );
  });
});

describe('the janitor', () => {
  async function ids<T extends { id: string }>(rows: Promise<T[]>) {
    return new Set((await rows).map((r) => r.id));
  }

  it('purges what can no longer be used and leaves what can', async () => {
    const now = new Date(clock);
    const ago = (ms: number) => new Date(clock - ms);
    const later = (ms: number) => new Date(clock + ms);
    const row = (id: string) => ({ id, tokenHash: hashToken(id), accountId: 'acct_max' });
    await service.deps.db.insert(sessions).values([
      { ...row('s-live'), createdAt: ago(HOUR), lastUsedAt: ago(HOUR), expiresAt: later(HOUR) },
      {
        ...row('s-idle'),
        createdAt: ago(HOUR),
        lastUsedAt: ago(25 * HOUR),
        expiresAt: later(HOUR),
      },
      { ...row('s-old'), createdAt: ago(HOUR), lastUsedAt: now, expiresAt: ago(1) },
    ]);
    const link = (id: string, expiresAt: Date, usedAt: Date | null = null) => ({
      ...row(id),
      createdAt: ago(HOUR),
      expiresAt,
      usedAt,
    });
    const keep = KEEP_FINISHED_MS;
    await service.deps.db
      .insert(passwordResets)
      .values([
        link('r-live', later(HOUR)),
        link('r-just-expired', ago(1)),
        link('r-expired', ago(keep + 1)),
        link('r-used', later(HOUR), ago(keep + 1)),
      ]);
    await service.deps.db.insert(emailVerifications).values([
      { ...link('v-live', later(HOUR)), email: 'max@acme.test' },
      { ...link('v-expired', ago(keep + 1)), email: 'max@acme.test' },
      { ...link('v-used', later(HOUR), ago(keep + 1)), email: 'max@acme.test' },
    ]);
    const flow = (id: string, expiresAt: Date) => ({
      id,
      stateHash: hashToken(id),
      kind: 'personal' as const,
      client: 'extension' as const,
      orgId: 'org_acme',
      accountId: 'acct_max',
      codeVerifierSealed: 'sealed',
      finalRedirect: 'https://example.chromiumapp.org/',
      createdAt: ago(HOUR),
      expiresAt,
    });
    await service.deps.db
      .insert(oauthFlows)
      .values([
        flow('f-live', later(HOUR)),
        flow('f-recent', ago(HOUR)),
        flow('f-old', ago(keep + 1)),
      ]);

    const purged = await purgeExpired(service.deps);
    expect(purged).toMatchObject({
      sessions: expect.any(Number),
      passwordResets: 2,
      emailVerifications: 2,
      oauthFlows: 1,
    });
    const sessionIds = await ids(service.deps.db.select({ id: sessions.id }).from(sessions));
    expect(sessionIds.has('s-live')).toBe(true);
    expect(sessionIds.has('s-idle')).toBe(false);
    expect(sessionIds.has('s-old')).toBe(false);
    const resetIds = await ids(
      service.deps.db.select({ id: passwordResets.id }).from(passwordResets),
    );
    expect([...resetIds].sort()).toEqual(['r-just-expired', 'r-live']);
    const verificationIds = await ids(
      service.deps.db.select({ id: emailVerifications.id }).from(emailVerifications),
    );
    expect(verificationIds.has('v-live')).toBe(true);
    expect(verificationIds.has('v-expired')).toBe(false);
    expect(verificationIds.has('v-used')).toBe(false);
    const flowIds = await ids(service.deps.db.select({ id: oauthFlows.id }).from(oauthFlows));
    expect([...flowIds].sort()).toEqual(['f-live', 'f-recent']);

    // Two runs at once (two processes): nothing left to do, and neither fails on the other.
    const [again, other] = await Promise.all([
      purgeExpired(service.deps),
      purgeExpired(service.deps),
    ]);
    expect(again.passwordResets + other.passwordResets).toBe(0);
  });

  it('purges sessions in batches larger than one DELETE takes', async () => {
    const stale = new Date(clock - 30 * 24 * HOUR);
    const many = Array.from({ length: 2500 }, () => {
      const id = newId();
      return { id, tokenHash: hashToken(id), accountId: 'acct_max', expiresAt: stale };
    });
    for (let i = 0; i < many.length; i += 500) {
      await service.deps.db.insert(sessions).values(many.slice(i, i + 500));
    }
    expect((await purgeExpired(service.deps)).sessions).toBeGreaterThanOrEqual(2500);
    const left = await service.deps.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(eq(sessions.expiresAt, stale));
    expect(left).toEqual([]);
  });
});

describe('password hashes', () => {
  /** The first scheme's format (scrypt N=2^15, r=8, p=1), as accounts made before hold it. */
  function legacyScrypt(password: string): string {
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync(password.normalize('NFKC'), salt, 32, {
      N: 2 ** 15,
      r: 8,
      p: 1,
      maxmem: 64 * 1024 * 1024,
    });
    return `scrypt$32768$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
  }

  it('signs in with a hash from before and replaces it with argon2id', async () => {
    const legacy = legacyScrypt('old-scheme-password');
    await service.deps.db
      .update(accounts)
      .set({ passwordHash: legacy })
      .where(eq(accounts.id, 'acct_max'));
    const wrong = await service.request('POST', '/api/auth/sign-in', {
      body: { email: 'max@acme.test', password: 'not-the-password' },
    });
    expect(wrong.status).toBe(401);
    const [unchanged] = await service.deps.db
      .select({ passwordHash: accounts.passwordHash })
      .from(accounts)
      .where(eq(accounts.id, 'acct_max'));
    expect(unchanged?.passwordHash).toBe(legacy);

    await service.signIn('max@acme.test', 'old-scheme-password');
    const [row] = await service.deps.db
      .select({ passwordHash: accounts.passwordHash })
      .from(accounts)
      .where(eq(accounts.id, 'acct_max'));
    expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword('old-scheme-password', row?.passwordHash ?? '')).toBe(true);
    await service.signIn('max@acme.test', 'old-scheme-password');
  });

  it('refuses a hash it does not know rather than failing open', async () => {
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
    expect(await verifyPassword('x', '$argon2id$garbage')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1$2')).toBe(false);
  });
});
