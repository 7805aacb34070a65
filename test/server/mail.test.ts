import { Writable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { invitationView, meResponse, signInResponse } from '../../lib/contracts/api';
import { type RunningMailCatcher, startMailCatcher } from '../../sandbox/mail-catcher';
import { SANDBOX_ACCOUNTS } from '../../sandbox/seed';
import { hashToken } from '../../server/crypto/tokens';
import { accounts, emailVerifications, mailOutbox, memberships } from '../../server/db/schema';
import type { Deps } from '../../server/deps';
import { createLogger } from '../../server/log';
import { BACKOFF_MS, deliverDueMail } from '../../server/mail/outbox';
import { createMailer } from '../../server/mail/transport';
import { expectApiError, startServiceWithZoom, type TestServiceWithZoom } from './harness';
import { connectOrgThroughZoom } from './zoom-browser';

/**
 * Email, for real: every mail goes through the outbox and SMTP into a real mail catcher, and
 * arrives once with the right link. And verified addresses: joining by invitation gives no org
 * Zoom until a link mailed to the address is opened, so nobody can act as another Zoom user.
 */

const ACME_ZOOM_ACCOUNT = SANDBOX_ACCOUNTS[0]?.id;

let service: TestServiceWithZoom;
let catcher: RunningMailCatcher;
let owner: Record<string, string>;
let adam: Record<string, string>;
const logLines: string[] = [];

beforeAll(async () => {
  catcher = await startMailCatcher();
  service = await startServiceWithZoom({ SMTP_URL: catcher.smtpUrl });
  service.deps.log = createLogger(
    new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  );
  owner = await service.signIn('olivia@acme.test');
  adam = await service.signIn('adam@acme.test');
  await connectOrgThroughZoom(service, owner);
});
afterAll(async () => {
  await service.close();
  await catcher.close();
});
beforeEach(async () => {
  await deliverDueMail(service.deps);
  catcher.clear();
});

async function invite(email: string, headers = owner) {
  const res = await service.request('POST', '/api/org/invitations', {
    headers,
    body: { email, role: 'user' },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const view = invitationView.parse(await res.json());
  return { url: view.url ?? '', token: (view.url ?? '').split('/invite/')[1] ?? '' };
}

async function join(token: string, password = 'a-long-password') {
  const res = await service.request('POST', `/api/invitations/${token}/accept`, {
    body: { name: 'New Person', password },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const { token: session } = signInResponse.parse(await res.json());
  return { authorization: `Bearer ${session}` };
}

/** The mails the catcher holds for one address, after the outbox ran. */
async function mailTo(address: string) {
  await deliverDueMail(service.deps);
  return catcher.messages().filter((m) => m.to.includes(address));
}

const linkIn = (text: string, path: string) =>
  text.match(new RegExp(`http://service\\.test/${path}/[A-Za-z0-9_-]{43}`))?.[0] ?? null;

async function me(headers: Record<string, string>) {
  return meResponse.parse(await (await service.request('GET', '/api/me', { headers })).json());
}

function createMeeting(headers: Record<string, string>) {
  return service.request('POST', '/api/me/meetings', {
    headers,
    body: { topic: 'Board review', startTime: '2026-12-01T15:30:00Z', durationMinutes: 30 },
  });
}

function changeEmail(headers: Record<string, string>, email: string, password: string) {
  return service.request('PUT', '/api/me/email', { headers, body: { email, password } });
}

/** Opens a verification link as a person does: the page, then its button. */
async function verifyThrough(link: string) {
  const path = new URL(link).pathname;
  const page = await service.app.request(path);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Verify my email');
  return service.app.request(path, { method: 'POST' });
}

describe('invitations are emailed', () => {
  it('arrives once in the mail catcher, text and HTML, with the link the admin can also copy', async () => {
    const { url } = await invite('ivy@example.test');
    expect(url).toMatch(/^http:\/\/service\.test\/invite\//);
    const mails = await mailTo('ivy@example.test');
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.subject).toBe('Olivia Owner invited you to Acme Scheduling');
    expect(mail?.from).toBe('no-reply@org-zoom-connect.localhost');
    expect(linkIn(mail?.text ?? '', 'invite')).toBe(url);
    expect(mail?.html).toContain(`href="${url}"`);
    expect(mail?.text).toContain("organization's Zoom");
    // Sent is sent: another run sends nothing more.
    expect(await deliverDueMail(service.deps)).toEqual({ sent: 0, failed: 0 });
    expect(await mailTo('ivy@example.test')).toHaveLength(1);
  });

  it('keeps no link in the clear in the database, and drops the message once sent', async () => {
    await invite('sealed@example.test');
    const [queued] = await service.deps.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.recipient, 'sealed@example.test'));
    expect(queued?.messageSealed).toBeTruthy();
    expect(queued?.messageSealed).not.toContain('/invite/');
    await deliverDueMail(service.deps);
    const [sent] = await service.deps.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.recipient, 'sealed@example.test'));
    expect(sent).toMatchObject({ messageSealed: null, attempts: 1 });
    expect(sent?.sentAt).toBeInstanceOf(Date);
  });
});

describe('verified addresses', () => {
  it('joins unverified, with no org Zoom, until the mailed link is opened; then Type Organization', async () => {
    // Vera is a user of the org's Zoom account, so an org meeting can be hosted by her.
    const added = await service.zoomControl('POST', '/users', {
      accountId: ACME_ZOOM_ACCOUNT,
      email: 'vera@example.test',
      firstName: 'Vera',
      lastName: 'Verified',
      role: 'Member',
    });
    expect(added.status).toBeLessThan(300);
    const { token } = await invite('vera@example.test');
    const vera = await join(token);
    const before = await me(vera);
    expect(before.zoom).toMatchObject({
      status: 'not_connected',
      type: null,
      reason: 'email_not_verified',
      emailVerified: false,
    });
    await expectApiError(await createMeeting(vera), 403, 'email_not_verified');

    const verification = (await mailTo('vera@example.test')).filter(
      (m) => m.subject === 'Verify your email for Org Zoom Connect',
    );
    expect(verification).toHaveLength(1);
    const link = linkIn(verification[0]?.text ?? '', 'verify');
    expect(link).not.toBeNull();
    expect(verification[0]?.html).toContain(`href="${link}"`);
    // Stored hashed: the table holds the hash of the mailed token, never the token.
    const mailed = link?.split('/verify/')[1] ?? '';
    const [stored] = await service.deps.db
      .select()
      .from(emailVerifications)
      .where(eq(emailVerifications.tokenHash, hashToken(mailed)));
    expect(stored?.email).toBe('vera@example.test');

    const done = await verifyThrough(link ?? '');
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Your email is verified');
    const after = await me(vera);
    expect(after.zoom).toMatchObject({
      status: 'connected',
      type: 'organization',
      emailVerified: true,
    });
    expect((await createMeeting(vera)).status).toBe(201);

    // Single use.
    const again = await service.app.request(new URL(link ?? '').pathname, { method: 'POST' });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('already used');
  });

  it("refuses the impersonation: an org admin who accepts a Zoom Admin's invitation himself gets no meeting hosted by her", async () => {
    // Adam is a Zoom Member; zara@acme.test is the Zoom account's Admin with no account here.
    const { token } = await invite('zara@acme.test', adam);
    const asZara = await join(token, 'adams-own-password');
    const zoomBefore = await (await service.zoomControl('GET', '/state')).json();
    const res = await createMeeting(asZara);
    const error = await expectApiError(res, 403, 'email_not_verified');
    expect(error.message).toContain('Verify your email');
    const zoomAfter = await (await service.zoomControl('GET', '/state')).json();
    expect(zoomAfter.counters.meetings).toBe(zoomBefore.counters.meetings);
    // The member table and the CSV say why.
    const table = await (
      await service.request('GET', '/api/org/members?q=zara', { headers: owner })
    ).json();
    expect(table.members).toEqual([
      expect.objectContaining({ email: 'zara@acme.test', reason: 'email_not_verified' }),
    ]);
    const csv = await (
      await service.request('GET', '/api/org/members.csv?q=zara', { headers: owner })
    ).text();
    expect(csv).toContain('Email not verified yet: cannot use the organization Zoom');
    // A second link to the same mailbox does not help him either: he cannot read it.
    expect(
      (await service.request('POST', '/api/me/email/verification', { headers: asZara })).status,
    ).toBe(202);
    await expectApiError(await createMeeting(asZara), 403, 'email_not_verified');
    const toZara = await mailTo('zara@acme.test');
    expect(toZara.map((m) => m.subject).sort()).toEqual([
      'Adam Admin invited you to Acme Scheduling',
      'Verify your email for Org Zoom Connect',
      'Verify your email for Org Zoom Connect',
    ]);
  });

  it('refuses an expired link, and a link for an address the account no longer has', async () => {
    const { token } = await invite('late@example.test');
    const late = await join(token);
    const [mail] = (await mailTo('late@example.test')).filter((m) =>
      m.subject.startsWith('Verify'),
    );
    const link = linkIn(mail?.text ?? '', 'verify') ?? '';
    const realNow = service.deps.now;
    service.deps.now = () => new Date(Date.now() + 49 * 3_600_000);
    try {
      const expired = await service.app.request(new URL(link).pathname, { method: 'POST' });
      expect(expired.status).toBe(410);
      expect(await expired.text()).toContain('expired');
    } finally {
      service.deps.now = realNow;
    }
    expect((await me(late)).zoom.emailVerified).toBe(false);
    const unknown = await service.app.request(`/verify/${'x'.repeat(43)}`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('does not exist');

    // After an email change, a link to the old address verifies nothing.
    expect((await changeEmail(late, 'later@example.test', 'a-long-password')).status).toBe(200);
    const stale = await service.app.request(new URL(link).pathname, { method: 'POST' });
    expect(stale.status).toBe(410);
    expect(await stale.text()).toContain('no longer has');
    expect((await me(late)).zoom.emailVerified).toBe(false);
  });

  it('re-verifies when a member changes their email: the old link stops, the new address gets one', async () => {
    const { token } = await invite('first@example.test');
    const person = await join(token);
    const [firstMail] = (await mailTo('first@example.test')).filter((m) =>
      m.subject.startsWith('Verify'),
    );
    expect((await verifyThrough(linkIn(firstMail?.text ?? '', 'verify') ?? '')).status).toBe(200);
    expect((await me(person)).zoom.type).toBe('organization');

    const refusals = [
      ['second@example.test', 'wrong-password', 403, 'wrong_password'],
      ['mia@acme.test', 'a-long-password', 409, 'email_taken'],
    ] as const;
    for (const [email, password, status, code] of refusals) {
      await expectApiError(await changeEmail(person, email, password), status, code);
      expect((await me(person)).account.email).toBe('first@example.test');
    }
    expect((await changeEmail(person, 'Second@Example.test', 'a-long-password')).status).toBe(200);
    const moved = await me(person);
    expect(moved.account.email).toBe('second@example.test');
    expect(moved.zoom).toMatchObject({ reason: 'email_not_verified', emailVerified: false });
    const [secondMail] = await mailTo('second@example.test');
    expect(secondMail?.subject).toBe('Verify your email for Org Zoom Connect');
    expect((await verifyThrough(linkIn(secondMail?.text ?? '', 'verify') ?? '')).status).toBe(200);
    expect((await me(person)).zoom.type).toBe('organization');
    await expectApiError(
      await service.request('POST', '/api/me/email/verification', { headers: person }),
      409,
      'conflict',
    );
  });

  it('starts demo accounts verified', async () => {
    const rows = await service.deps.db
      .select({ email: accounts.email, verifiedAt: accounts.emailVerifiedAt })
      .from(accounts)
      .where(sql`${accounts.email} like '%@acme.test' and ${accounts.id} like 'acct_%'`);
    expect(rows.length).toBe(4);
    for (const row of rows) expect(row.verifiedAt).toBeInstanceOf(Date);
    expect((await me(owner)).zoom.emailVerified).toBe(true);
    const [copy] = await service.deps.db
      .select({ v: memberships.emailVerified })
      .from(memberships)
      .where(eq(memberships.accountId, 'acct_mia'));
    expect(copy?.v).toBe(true);
  });
});

describe('delivery', () => {
  it('retries a mail that failed to send, and sends it once after the SMTP server comes back', async () => {
    // An SMTP server that is down: its port, closed.
    const down = await startMailCatcher();
    const port = new URL(down.smtpUrl).port;
    await down.close();
    const realMailer = service.deps.mailer;
    service.deps.mailer = createMailer({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: service.env.MAIL_FROM,
    });
    const realNow = service.deps.now;
    let clock = Date.now();
    service.deps.now = () => new Date(clock);
    let back: RunningMailCatcher | null = null;
    try {
      await invite('retry@example.test');
      expect(await deliverDueMail(service.deps)).toEqual({ sent: 0, failed: 1 });
      const [row] = await service.deps.db
        .select()
        .from(mailOutbox)
        .where(eq(mailOutbox.recipient, 'retry@example.test'));
      expect(row).toMatchObject({ attempts: 1, sentAt: null });
      expect(row?.lastError).toBeTruthy();
      // Not before its back-off.
      expect(await deliverDueMail(service.deps)).toEqual({ sent: 0, failed: 0 });
      clock += BACKOFF_MS[0] ?? 0;
      expect(await deliverDueMail(service.deps)).toEqual({ sent: 0, failed: 1 });

      back = await startMailCatcher({ smtpPort: Number(port) });
      clock += BACKOFF_MS[1] ?? 0;
      expect(await deliverDueMail(service.deps)).toEqual({ sent: 1, failed: 0 });
      clock += 3_600_000;
      expect(await deliverDueMail(service.deps)).toEqual({ sent: 0, failed: 0 });
      expect(back.messages().filter((m) => m.to.includes('retry@example.test'))).toHaveLength(1);
      // The log says a mail failed, never its link.
      const failures = logLines.filter((l) => l.includes('Mail could not be sent'));
      expect(failures.length).toBeGreaterThan(0);
      expect(logLines.join('')).not.toContain('/invite/');
      expect(logLines.join('')).not.toContain('retry@example.test');
    } finally {
      service.deps.mailer = realMailer;
      service.deps.now = realNow;
      await back?.close();
    }
  });

  it('sends each mail once when several processes deliver at the same time', async () => {
    for (const n of [1, 2, 3, 4, 5]) await invite(`crowd${n}@example.test`);
    const second: Deps = { ...service.deps };
    const third: Deps = { ...service.deps };
    const results = await Promise.all([
      deliverDueMail(service.deps),
      deliverDueMail(second),
      deliverDueMail(third),
    ]);
    expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(5);
    const crowd = catcher.messages().filter((m) => m.to.some((t) => t.startsWith('crowd')));
    expect(crowd).toHaveLength(5);
    expect(new Set(crowd.map((m) => m.to[0])).size).toBe(5);
  });

  it('never makes a request wait for SMTP: inviting answers while the mail is still queued', async () => {
    const realMailer = service.deps.mailer;
    let calls = 0;
    service.deps.mailer = {
      send: () => {
        calls++;
        return new Promise(() => {});
      },
    };
    try {
      await invite('queued@example.test');
      expect(calls).toBe(0);
      const [row] = await service.deps.db
        .select()
        .from(mailOutbox)
        .where(eq(mailOutbox.recipient, 'queued@example.test'));
      expect(row?.sentAt).toBeNull();
    } finally {
      service.deps.mailer = realMailer;
    }
  });
});
