import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signInResponse } from '../../lib/contracts/api';
import { type RunningMailCatcher, startMailCatcher } from '../../sandbox/mail-catcher';
import { rateLimits } from '../../server/db/schema';
import { LIMITS } from '../../server/domain/rate-limits';
import { deliverDueMail } from '../../server/mail/outbox';
import { DEMO_PASSWORD } from '../../server/seed/demo';
import { expectApiError, startTestService, type TestService } from './harness';

/**
 * Sign-in attempts are limited per email and per client address (README, Limits): 20 wrong
 * passwords lock the email for 15 minutes — the right password too — and its owner gets one mail.
 */

let service: TestService;
let catcher: RunningMailCatcher;
let clock = Date.now();
const MINUTE = 60_000;

beforeAll(async () => {
  catcher = await startMailCatcher();
  service = await startTestService({ SMTP_URL: catcher.smtpUrl });
  service.deps.now = () => new Date(clock);
});
afterAll(async () => {
  await service.close();
  await catcher.close();
});
beforeEach(async () => {
  // A fresh day for every test: earlier locks and the once-a-day mail are over.
  clock += 25 * 60 * MINUTE;
  await deliverDueMail(service.deps);
  catcher.clear();
});

let nextAddress = 1;
/** A client address of its own per test, so one test's count is not another's. */
const newAddress = () => `203.0.113.${nextAddress++}`;

function signIn(email: string, password: string, address: string, headers = {}) {
  return service.request('POST', '/api/auth/sign-in', {
    body: { email, password },
    address,
    headers,
  });
}

async function failTimes(n: number, email: string, address: string) {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await signIn(email, `wrong-${i}`, address)).status);
  return statuses;
}

async function mailTo(address: string) {
  await deliverDueMail(service.deps);
  return catcher.messages().filter((m) => m.to.includes(address));
}

describe('sign-in limited per account', () => {
  it('answers the 20th wrong password with 429 and Retry-After, and refuses the right one until the lock ends', async () => {
    const address = newAddress();
    expect(await failTimes(19, 'mia@acme.test', address)).toEqual(Array(19).fill(401));
    const locked = await signIn('mia@acme.test', 'wrong-20', address);
    const error = await expectApiError(locked, 429, 'too_many_attempts');
    expect(error.message).toBe('Too many failed sign-ins. Try again in 15 minutes.');
    expect(locked.headers.get('retry-after')).toBe(String(15 * 60));

    // From another address too: the lock is the account's.
    const right = await signIn('mia@acme.test', DEMO_PASSWORD, newAddress());
    await expectApiError(right, 429, 'too_many_attempts');
    clock += 10 * MINUTE;
    const later = await signIn('mia@acme.test', DEMO_PASSWORD, address);
    await expectApiError(later, 429, 'too_many_attempts');
    expect(later.headers.get('retry-after')).toBe(String(5 * 60));

    clock += 5 * MINUTE;
    const after = await signIn('mia@acme.test', DEMO_PASSWORD, address);
    expect(after.status).toBe(200);
    signInResponse.parse(await after.json());
  });

  it('checks no more passwords when guesses arrive all at once than one after the other', async () => {
    const address = newAddress();
    // The right password last: sent with the guesses, it is not checked past the 20th.
    const burst = await Promise.all([
      ...Array.from({ length: 40 }, (_, i) => signIn('max@acme.test', `wrong-${i}`, address)),
      signIn('max@acme.test', DEMO_PASSWORD, address),
    ]);
    expect(burst.at(-1)?.status).toBe(429);
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(19).fill(401), ...Array(22).fill(429)]);
    await expectApiError(
      await signIn('max@acme.test', DEMO_PASSWORD, address),
      429,
      'too_many_attempts',
    );
    expect(await mailTo('max@acme.test')).toHaveLength(1);
  });

  it('starts the count again after a success', async () => {
    const address = newAddress();
    expect(await failTimes(19, 'max@acme.test', address)).toEqual(Array(19).fill(401));
    expect((await signIn('max@acme.test', DEMO_PASSWORD, address)).status).toBe(200);
    expect(await failTimes(19, 'max@acme.test', address)).toEqual(Array(19).fill(401));
    await expectApiError(await signIn('max@acme.test', 'wrong', address), 429, 'too_many_attempts');
  });

  it('starts the count again when the window is over without a lock', async () => {
    const address = newAddress();
    expect(await failTimes(19, 'adam@acme.test', address)).toEqual(Array(19).fill(401));
    clock += 15 * MINUTE;
    expect(await failTimes(19, 'adam@acme.test', address)).toEqual(Array(19).fill(401));
    expect((await signIn('adam@acme.test', DEMO_PASSWORD, address)).status).toBe(200);
  });

  it('locks an email without an account the same way, so a 429 does not say one exists', async () => {
    const address = newAddress();
    const statuses = await failTimes(20, 'nobody@acme.test', address);
    expect(statuses).toEqual([...Array(19).fill(401), 429]);
    expect(await mailTo('nobody@acme.test')).toEqual([]);
  });

  it('mails the owner once when the account is locked, saying what happened and what to do', async () => {
    const address = newAddress();
    await failTimes(20, 'olivia@acme.test', address);
    // Wrong and right passwords while locked, from elsewhere too: no second mail.
    await failTimes(5, 'olivia@acme.test', newAddress());
    await signIn('olivia@acme.test', DEMO_PASSWORD, address);
    const mails = await mailTo('olivia@acme.test');
    expect(mails.map((m) => m.subject)).toEqual([
      'Sign-in to Org Zoom Connect paused after wrong passwords',
    ]);
    const text = mails[0]?.text ?? '';
    expect(text).toContain('wrong password for olivia@acme.test 20 times');
    expect(text).toContain('Acme Scheduling');
    expect(text).toContain(new Date(clock + 15 * MINUTE).toUTCString());
    expect(text).toContain('If you no longer know your password, reset it');
    expect(text).toMatch(/Reset your password: http:\/\/[^ ]+\/reset\b/);
    expect(text).not.toContain(DEMO_PASSWORD);
    expect(text).not.toContain('wrong-');
    expect(text).not.toContain(address);

    // A second lock the same day sends nothing more; the next day's does.
    clock += 20 * MINUTE;
    await failTimes(20, 'olivia@acme.test', address);
    expect(await mailTo('olivia@acme.test')).toHaveLength(1);
    clock += 24 * 60 * MINUTE;
    await failTimes(20, 'olivia@acme.test', address);
    expect(await mailTo('olivia@acme.test')).toHaveLength(2);
  });

  it('keeps no email or address in the clear', async () => {
    const address = newAddress();
    await failTimes(1, 'mia@acme.test', address);
    const rows = await service.deps.db.select().from(rateLimits);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain('mia@acme.test');
    expect(stored).not.toContain(address);
    expect(rows.map((r) => r.bucket)).toContain(LIMITS.signInAccount.bucket);
  });
});

describe('sign-in limited per client address', () => {
  it('locks an address after 100 wrong passwords across accounts, and other addresses still sign in', async () => {
    const address = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.signInAddress.maxFailures; i++) {
      statuses.push((await signIn(`person-${i}@example.test`, 'wrong', address)).status);
    }
    expect(statuses).toEqual([...Array(99).fill(401), 429]);
    const refused = await signIn('mia@acme.test', DEMO_PASSWORD, address);
    await expectApiError(refused, 429, 'too_many_attempts');
    expect(Number(refused.headers.get('retry-after'))).toBe(15 * 60);
    expect((await signIn('mia@acme.test', DEMO_PASSWORD, newAddress())).status).toBe(200);
    clock += 15 * MINUTE;
    expect((await signIn('mia@acme.test', DEMO_PASSWORD, address)).status).toBe(200);
  }, 60_000);

  it('does not let one IPv6 client spread its guesses over the addresses of its /64', async () => {
    const prefix = `2001:db8:${nextAddress++}:1`;
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.signInAddress.maxFailures; i++) {
      const address = `${prefix}:${i.toString(16)}:0:0:1`;
      statuses.push((await signIn(`v6-${i}@example.test`, 'wrong', address)).status);
    }
    expect(statuses.at(-1)).toBe(429);
    const other = await signIn('mia@acme.test', DEMO_PASSWORD, `${prefix}:ffff::2`);
    await expectApiError(other, 429, 'too_many_attempts');
  }, 60_000);

  it('counts X-Forwarded-For only with TRUST_PROXY', async () => {
    const proxied = await startTestService({ TRUST_PROXY: '1' });
    proxied.deps.now = service.deps.now;
    try {
      const proxy = '10.0.0.1';
      const send = (client: string, password: string) =>
        proxied.request('POST', '/api/auth/sign-in', {
          body: { email: 'mia@acme.test', password },
          address: proxy,
          // The client may write anything on the left; the proxy appends what it saw.
          headers: { 'x-forwarded-for': `198.51.100.7, ${client}` },
        });
      for (let i = 0; i < 19; i++) expect((await send('192.0.2.1', 'wrong')).status).toBe(401);
      const rows = await proxied.deps.db
        .select()
        .from(rateLimits)
        .where(eq(rateLimits.bucket, LIMITS.signInAddress.bucket));
      expect(rows).toHaveLength(1);
      expect(rows[0]?.key).toBe(proxied.deps.vault.fingerprint('address:192.0.2.1'));
    } finally {
      await proxied.close();
    }
    // Without it the header is ignored: the socket's address is counted.
    const address = newAddress();
    await signIn('max@acme.test', 'wrong', address, { 'x-forwarded-for': '192.0.2.99' });
    const keys = (await service.deps.db.select().from(rateLimits)).map((r) => r.key);
    expect(keys).toContain(service.deps.vault.fingerprint(`address:${address}`));
    expect(keys).not.toContain(service.deps.vault.fingerprint('address:192.0.2.99'));
  });
});

describe('two service instances on one database', () => {
  it('share the count: failures on either lock the account on both', async () => {
    const second = await service.secondInstance();
    try {
      const address = newAddress();
      const viaSecond = (password: string) =>
        second.request('POST', '/api/auth/sign-in', {
          body: { email: 'adam@acme.test', password },
          address,
        });
      expect(await failTimes(10, 'adam@acme.test', address)).toEqual(Array(10).fill(401));
      for (let i = 0; i < 9; i++) expect((await viaSecond('wrong')).status).toBe(401);
      await expectApiError(await viaSecond('wrong'), 429, 'too_many_attempts');
      await expectApiError(
        await signIn('adam@acme.test', DEMO_PASSWORD, address),
        429,
        'too_many_attempts',
      );
    } finally {
      await second.close();
    }
  });
});
