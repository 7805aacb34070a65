import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningMailCatcher, startMailCatcher } from '../../sandbox/mail-catcher';
import { hashPassword } from '../../server/crypto/passwords';
import { hashToken } from '../../server/crypto/tokens';
import { accounts, mailOutbox, memberships, passwordResets } from '../../server/db/schema';
import { createLogger } from '../../server/log';
import { deliverDueMail } from '../../server/mail/outbox';
import { expectApiError, startTestService, type TestService } from './harness';

/**
 * Safe accounts: a password reset by email that works once and signs the account out
 * everywhere, a password change that keeps only the session that made it, "sign out
 * everywhere", and none of it reachable for another account or revealing who has one.
 */

let service: TestService;
let catcher: RunningMailCatcher;
const realNow = () => new Date();

beforeAll(async () => {
  catcher = await startMailCatcher();
  // Quiet: every test here sends mail, and each send is logged.
  service = await startTestService({ SMTP_URL: catcher.smtpUrl }, { log: createLogger(quiet()) });
  for (const name of ['bella', 'cole', 'dan', 'zoe']) await addMember(name);
});
afterAll(async () => {
  await service.close();
  await catcher.close();
});
beforeEach(async () => {
  service.deps.now = realNow;
  await deliverDueMail(service.deps);
  catcher.clear();
});

const quiet = () => new Writable({ write: (_chunk, _enc, done) => done() });

/** Another member of the demo org, so each test has an account of its own to change. */
async function addMember(name: string) {
  const id = `acct_${name}`;
  const email = `${name}@acme.test`;
  const passwordHash = await hashPassword('demo-password');
  await service.deps.db.insert(accounts).values({ id, email, name, passwordHash });
  await service.deps.db.insert(memberships).values({
    orgId: 'org_acme',
    accountId: id,
    role: 'user',
    memberName: name,
    memberEmail: email,
  });
}

async function mailTo(address: string) {
  await deliverDueMail(service.deps);
  return catcher.messages().filter((m) => m.to.includes(address));
}

const resetLinkIn = (text: string) =>
  text.match(/http:\/\/service\.test\/reset\/([A-Za-z0-9_-]{43})/)?.[1] ?? null;

async function askForReset(email: string) {
  const res = await service.request('POST', '/api/auth/password-reset', { body: { email } });
  expect(res.status).toBe(202);
  return res;
}

/** Asks for a reset for `email` and returns the token from the mail that arrived. */
async function resetToken(email: string): Promise<string> {
  await askForReset(email);
  const mails = await mailTo(email);
  expect(mails).toHaveLength(1);
  const token = resetLinkIn(mails[0]?.text ?? '');
  expect(token).not.toBeNull();
  catcher.clear();
  return token ?? '';
}

function submitReset(token: string, password: string) {
  return service.app.request(`/reset/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ password }).toString(),
  });
}

async function signInStatus(email: string, password: string) {
  const res = await service.request('POST', '/api/auth/sign-in', { body: { email, password } });
  return res.status;
}

const me = (headers: Record<string, string>) => service.request('GET', '/api/me', { headers });

describe('password reset by email', () => {
  it('mails a single-use link; setting a password through it signs the account out everywhere', async () => {
    const before1 = await service.signIn('mia@acme.test');
    const before2 = await service.signIn('mia@acme.test');
    const token = await resetToken('mia@acme.test');

    const form = await service.app.request(`/reset/${token}`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('New password');
    // Opening the link (or a mail scanner fetching it) changes nothing.
    expect((await me(before1)).status).toBe(200);

    const done = await submitReset(token, 'a-brand-new-password');
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Your password was changed');

    expect((await me(before1)).status).toBe(401);
    expect((await me(before2)).status).toBe(401);
    expect(await signInStatus('mia@acme.test', 'demo-password')).toBe(401);
    expect(await signInStatus('mia@acme.test', 'a-brand-new-password')).toBe(200);

    const notices = await mailTo('mia@acme.test');
    expect(notices.map((m) => m.subject)).toEqual(['Your Org Zoom Connect password was changed']);
    expect(notices[0]?.text).toContain('every device was signed out');
  });

  it('refuses a link the second time, and says it was used', async () => {
    const token = await resetToken('adam@acme.test');
    expect((await submitReset(token, 'first-new-password')).status).toBe(200);
    const again = await submitReset(token, 'second-new-password');
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('already used');
    expect((await service.app.request(`/reset/${token}`)).status).toBe(410);
    expect(await signInStatus('adam@acme.test', 'first-new-password')).toBe(200);
    expect(await signInStatus('adam@acme.test', 'second-new-password')).toBe(401);
  });

  it('ends every other link of the account once one is used', async () => {
    const first = await resetToken('cole@acme.test');
    const second = await resetToken('cole@acme.test');
    expect((await submitReset(second, 'cole-new-password')).status).toBe(200);
    expect((await submitReset(first, 'someone-elses-password')).status).toBe(410);
  });

  it('refuses an expired link and changes nothing', async () => {
    const token = await resetToken('bella@acme.test');
    const sessionBefore = await service.signIn('bella@acme.test');
    service.deps.now = () => new Date(Date.now() + 61 * 60_000);
    const late = await submitReset(token, 'too-late-password');
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('expired');
    service.deps.now = realNow;
    expect(await signInStatus('bella@acme.test', 'demo-password')).toBe(200);
    expect((await me(sessionBefore)).status).toBe(200);
  });

  it.each([
    ['a made-up token', 'a'.repeat(43), 404],
    ['a malformed token', 'not a token!', 404],
  ])('answers %s with "not found"', async (_, token, status) => {
    const path = `/reset/${encodeURIComponent(token)}`;
    expect((await service.app.request(path)).status).toBe(status);
    expect((await submitReset(encodeURIComponent(token), 'whatever-password')).status).toBe(status);
  });

  it('refuses a short new password and keeps the link usable', async () => {
    const token = await resetToken('dan@acme.test');
    const short = await submitReset(token, 'short');
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('at least 10 characters');
    expect((await submitReset(token, 'long-enough-password')).status).toBe(200);
  });

  it('answers the same for an address with no account, and mails nobody', async () => {
    const known = await askForReset('olivia@acme.test');
    const unknown = await askForReset('nobody@acme.test');
    expect(await unknown.text()).toBe(await known.text());
    await deliverDueMail(service.deps);
    expect(catcher.messages().filter((m) => m.to.includes('nobody@acme.test'))).toEqual([]);
    const queued = await service.deps.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.recipient, 'nobody@acme.test'));
    expect(queued).toEqual([]);
  });

  it('keeps only a hash of the link token, and refuses a body that is not an email', async () => {
    const token = await resetToken('olivia@acme.test');
    const rows = await service.deps.db.select().from(passwordResets);
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
    expect(rows.some((r) => r.tokenHash === hashToken(token))).toBe(true);
    const bad = await service.request('POST', '/api/auth/password-reset', {
      body: { email: 'not-an-email' },
    });
    await expectApiError(bad, 400, 'bad_request');
  });

  it('asks for a link from the web page too (the "password changed" mail links there)', async () => {
    expect((await service.app.request('/reset')).status).toBe(200);
    const res = await service.app.request('/reset', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'olivia@acme.test' }).toString(),
    });
    expect(res.status).toBe(202);
    expect(await res.text()).toContain('If an account uses that email');
    expect(await mailTo('olivia@acme.test')).toHaveLength(1);
  });
});

describe('password reset requests are limited', () => {
  const ask = (email: string, address: string) =>
    service.request('POST', '/api/auth/password-reset', { body: { email }, address });

  it('mails one inbox at most 5 times an hour, answering every request alike', async () => {
    const answers: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await ask('zoe@acme.test', `203.0.113.${10 + i}`);
      expect(res.status).toBe(202);
      answers.push(await res.text());
    }
    expect(new Set(answers).size).toBe(1);
    expect(await mailTo('zoe@acme.test')).toHaveLength(5);
    // An hour on, the inbox gets mail again.
    service.deps.now = () => new Date(realNow().getTime() + 61 * 60_000);
    expect((await ask('zoe@acme.test', '203.0.113.99')).status).toBe(202);
    expect(await mailTo('zoe@acme.test')).toHaveLength(6);
  });

  it('answers the 21st request from one address within the hour with 429 and Retry-After', async () => {
    const address = '198.51.100.7';
    for (let i = 0; i < 20; i++) {
      expect((await ask(`someone-${i}@elsewhere.test`, address)).status).toBe(202);
    }
    const refused = await ask('olivia@acme.test', address);
    await expectApiError(refused, 429, 'too_many_attempts');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await mailTo('olivia@acme.test')).toEqual([]);
    expect((await ask('olivia@acme.test', '198.51.100.8')).status).toBe(202);
  });

  it('lets the owner of a locked account in once they set a new password through the link', async () => {
    const address = '192.0.2.44';
    const wrong = () =>
      service.request('POST', '/api/auth/sign-in', {
        body: { email: 'cole@acme.test', password: 'not-the-password' },
        address,
      });
    let last = await wrong();
    for (let i = 1; i < 20; i++) last = await wrong();
    expect(last.status).toBe(429);
    const [lockout] = await mailTo('cole@acme.test');
    expect(lockout?.text).toContain('Reset your password: http://service.test/reset');
    catcher.clear();
    const token = await resetToken('cole@acme.test');
    expect((await submitReset(token, 'a-brand-new-password')).status).toBe(200);
    const signIn = await service.request('POST', '/api/auth/sign-in', {
      body: { email: 'cole@acme.test', password: 'a-brand-new-password' },
      address: '192.0.2.45',
    });
    expect(signIn.status).toBe(200);
  });
});

describe('password change', () => {
  const change = (headers: Record<string, string>, currentPassword: string, newPassword: string) =>
    service.request('PUT', '/api/me/password', {
      headers,
      body: { currentPassword, newPassword },
    });

  it('refuses a wrong current password with 403, changing nothing and signing nobody out', async () => {
    const here = await service.signIn('zoe@acme.test');
    const there = await service.signIn('zoe@acme.test');
    await expectApiError(
      await change(here, 'wrong-password', 'zoe-new-password'),
      403,
      'wrong_password',
    );
    expect((await me(here)).status).toBe(200);
    expect((await me(there)).status).toBe(200);
    expect(await signInStatus('zoe@acme.test', 'demo-password')).toBe(200);
    expect(await mailTo('zoe@acme.test')).toEqual([]);
  });

  it('sets the password, keeps this session, ends the others, and mails a notice', async () => {
    const here = await service.signIn('zoe@acme.test');
    const there = await service.signIn('zoe@acme.test');
    const res = await change(here, 'demo-password', 'zoe-new-password');
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as { signedOut: number }).signedOut).toBeGreaterThanOrEqual(1);
    expect((await me(here)).status).toBe(200);
    expect((await me(there)).status).toBe(401);
    expect(await signInStatus('zoe@acme.test', 'zoe-new-password')).toBe(200);
    const notices = await mailTo('zoe@acme.test');
    expect(notices.map((m) => m.subject)).toEqual(['Your Org Zoom Connect password was changed']);
  });

  it('refuses a new password that is too short', async () => {
    const here = await service.signIn('olivia@acme.test');
    await expectApiError(await change(here, 'demo-password', 'short'), 400, 'bad_request');
  });

  it('needs a session', async () => {
    await expectApiError(
      await change({}, 'demo-password', 'zoe-new-password'),
      401,
      'unauthenticated',
    );
  });
});

describe('sign out everywhere', () => {
  it('ends every session of the account, this one included, and no other account’s', async () => {
    const here = await service.signIn('olivia@acme.test');
    const there = await service.signIn('olivia@acme.test');
    const someoneElse = await service.signIn('mia@acme.test', 'a-brand-new-password');
    const res = await service.request('DELETE', '/api/me/sessions', { headers: here });
    expect(res.status).toBe(204);
    expect((await me(here)).status).toBe(401);
    expect((await me(there)).status).toBe(401);
    expect((await me(someoneElse)).status).toBe(200);
  });

  it('acts only on the caller’s own account, whatever the request names', async () => {
    const olivia = await service.signIn('olivia@acme.test');
    const [oliviaRow] = await service.deps.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.email, 'olivia@acme.test'));
    // A member tries to end the owner's sessions by naming her account.
    const member = await service.signIn('mia@acme.test', 'a-brand-new-password');
    const res = await service.request('DELETE', `/api/me/sessions?accountId=${oliviaRow?.id}`, {
      headers: member,
      body: { accountId: oliviaRow?.id },
    });
    expect(res.status).toBe(204);
    expect((await me(olivia)).status).toBe(200);
    expect((await me(member)).status).toBe(401);
    // And an admin has no way to end a member's sessions either.
    const other = await service.request('DELETE', `/api/org/members/${oliviaRow?.id}/sessions`, {
      headers: olivia,
    });
    expect(other.status).toBe(404);
  });

  it('needs a session', async () => {
    const res = await service.request('DELETE', '/api/me/sessions');
    await expectApiError(res, 401, 'unauthenticated');
  });
});
