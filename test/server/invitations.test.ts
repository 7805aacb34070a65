import { eq, sql } from 'drizzle-orm';
import type { Logger as QueryLogger } from 'drizzle-orm/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  invitationInfo,
  invitationsResponse,
  invitationView,
  membersResponse,
  meResponse,
  signInResponse,
} from '../../lib/contracts/api';
import { verifyPassword } from '../../server/crypto/passwords';
import { hashToken } from '../../server/crypto/tokens';
import {
  accounts,
  invitations,
  mailOutbox,
  memberships,
  orgConnections,
} from '../../server/db/schema';
import { expectApiError, seedOtherOrg, startTestService, type TestService } from './harness';

let service: TestService;
let owner: Record<string, string>;
let admin: Record<string, string>;
let member: Record<string, string>;
let otherAdmin: Record<string, string>;

beforeAll(async () => {
  service = await startTestService();
  owner = await service.signIn('olivia@acme.test');
  admin = await service.signIn('adam@acme.test');
  member = await service.signIn('mia@acme.test');
  otherAdmin = await seedOtherOrg(service);
});
afterAll(() => service.close());

async function invite(email: string, role = 'user', headers = owner) {
  const res = await service.request('POST', '/api/org/invitations', {
    headers,
    body: { email, role },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const view = invitationView.parse(await res.json());
  const token = (view.url ?? '').split('/invite/')[1] ?? '';
  return { view, token };
}

const accept = (
  token: string,
  body: unknown = { name: 'New Person', password: 'a-long-password' },
) => service.request('POST', `/api/invitations/${token}/accept`, { body });

describe('inviting people', () => {
  it('creates a single-use, hashed, 7-day link on PUBLIC_URL', async () => {
    const { view, token } = await invite('Nina@Example.test', 'admin');
    expect(view.email).toBe('nina@example.test');
    expect(view.url).toBe(`http://service.test/invite/${token}`);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const days = (Date.parse(view.expiresAt) - Date.parse(view.createdAt)) / 86_400_000;
    expect(days).toBe(7);
    const [row] = await service.deps.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, view.id));
    expect(row?.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const info = invitationInfo.parse(
      await (await service.request('GET', `/api/invitations/${token}`)).json(),
    );
    expect(info).toMatchObject({
      orgName: 'Acme Scheduling',
      email: 'nina@example.test',
      role: 'admin',
    });
  });

  it('lists pending invitations with their links, so one can be copied again, and revokes one', async () => {
    const { view, token } = await invite('rex@example.test');
    const list = invitationsResponse.parse(
      await (await service.request('GET', '/api/org/invitations', { headers: admin })).json(),
    );
    const listed = list.invitations.find((i) => i.id === view.id);
    expect(listed).toMatchObject({
      email: 'rex@example.test',
      url: view.url,
      invitedBy: { email: 'olivia@acme.test' },
    });
    const del = await service.request('DELETE', `/api/org/invitations/${view.id}`, {
      headers: admin,
    });
    expect(del.status).toBe(204);
    await expectApiError(
      await service.request('GET', `/api/invitations/${token}`),
      410,
      'invitation_revoked',
    );
    await expectApiError(await accept(token), 410, 'invitation_revoked');
    await expectApiError(
      await service.request('DELETE', `/api/org/invitations/${view.id}`, { headers: admin }),
      404,
      'not_found',
    );
  });

  it('a new invitation for the same email with another role replaces the pending one', async () => {
    const first = await invite('twice@example.test');
    const second = await invite('twice@example.test', 'admin');
    await expectApiError(await accept(first.token), 410, 'invitation_revoked');
    expect((await accept(second.token)).status).toBe(201);
  });

  it('refuses an email that is already a member of the org (409 email_taken)', async () => {
    const res = await service.request('POST', '/api/org/invitations', {
      headers: owner,
      body: { email: 'MIA@acme.test', role: 'user' },
    });
    const error = await expectApiError(res, 409, 'email_taken');
    expect(error.message).toBe('This person is already a member of your organization.');
  });

  it('lets only owners invite owners', async () => {
    await expectApiError(
      await service.request('POST', '/api/org/invitations', {
        headers: admin,
        body: { email: 'boss@example.test', role: 'owner' },
      }),
      403,
      'forbidden',
    );
    await invite('boss@example.test', 'owner', owner);
    await invite('helper@example.test', 'admin', admin);
  });
});

describe('signing up with an invitation', () => {
  it("creates the account and membership, signs in, and the new member's Zoom waits for their email to be verified", async () => {
    // The org connection is active (as if a Zoom admin approved): nothing is copied on joining.
    await service.deps.db
      .insert(orgConnections)
      .values({ orgId: 'org_acme', state: 'active', zoomEmail: 'zara@acme.test' })
      .onConflictDoUpdate({ target: orgConnections.orgId, set: { state: 'active' } });
    const { token } = await invite('joiner@example.test', 'user');
    const res = await accept(token, { name: '  Jo Iner ', password: 'correct-horse-battery' });
    expect(res.status).toBe(201);
    const signedIn = signInResponse.parse(await res.json());
    expect(signedIn.account).toMatchObject({ email: 'joiner@example.test', name: 'Jo Iner' });
    expect(signedIn.membership).toMatchObject({ orgName: 'Acme Scheduling', role: 'user' });

    const [acct] = await service.deps.db
      .select()
      .from(accounts)
      .where(eq(accounts.email, 'joiner@example.test'));
    expect(acct?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword('correct-horse-battery', acct?.passwordHash ?? '')).toBe(true);
    const [m] = await service.deps.db
      .select()
      .from(memberships)
      .where(eq(memberships.accountId, acct?.id ?? ''));
    expect(m).toMatchObject({
      memberName: 'Jo Iner',
      memberEmail: 'joiner@example.test',
      role: 'user',
    });

    const me = meResponse.parse(
      await (
        await service.request('GET', '/api/me', {
          headers: { authorization: `Bearer ${signedIn.token}` },
        })
      ).json(),
    );
    // Joined, but the address is not proven theirs yet (test/server/mail.test.ts verifies it).
    expect(me.zoom).toMatchObject({
      status: 'not_connected',
      type: null,
      reason: 'email_not_verified',
      emailVerified: false,
    });
    const table = membersResponse.parse(
      await (await service.request('GET', '/api/org/members?q=joiner', { headers: owner })).json(),
    );
    expect(table.members).toEqual([
      expect.objectContaining({
        email: 'joiner@example.test',
        status: 'not_connected',
        type: null,
        reason: 'email_not_verified',
      }),
    ]);
    // And signing in with the new password works.
    expect(await service.signIn('joiner@example.test', 'correct-horse-battery')).toBeTruthy();
    await service.deps.db.delete(orgConnections).where(sql`org_id = 'org_acme'`);
  });

  it('is single use', async () => {
    const { token } = await invite('once@example.test');
    expect((await accept(token)).status).toBe(201);
    await expectApiError(await accept(token), 410, 'invitation_used');
    await expectApiError(
      await service.request('GET', `/api/invitations/${token}`),
      410,
      'invitation_used',
    );
  });

  it('expires after 7 days', async () => {
    const { view, token } = await invite('late@example.test');
    await service.deps.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, view.id));
    await expectApiError(
      await service.request('GET', `/api/invitations/${token}`),
      410,
      'invitation_expired',
    );
    await expectApiError(await accept(token), 410, 'invitation_expired');
  });

  it('answers 404 for an unknown link and 400 for a malformed one', async () => {
    await expectApiError(
      await service.request('GET', `/api/invitations/${'A'.repeat(43)}`),
      404,
      'invitation_not_found',
    );
    await expectApiError(
      await service.request('GET', '/api/invitations/short'),
      400,
      'bad_request',
    );
  });

  it('refuses a weak password or a missing name and creates nothing', async () => {
    const { token } = await invite('weak@example.test');
    await expectApiError(
      await accept(token, { name: 'Weak', password: 'short' }),
      400,
      'bad_request',
    );
    await expectApiError(
      await accept(token, { name: '   ', password: 'long-enough-pass' }),
      400,
      'bad_request',
    );
    await expectApiError(
      await accept(token, { name: 'X', password: 'long-enough-pass', role: 'owner' }),
      400,
      'bad_request',
    );
    const rows = await service.deps.db
      .select()
      .from(accounts)
      .where(eq(accounts.email, 'weak@example.test'));
    expect(rows).toHaveLength(0);
    expect((await accept(token)).status).toBe(201);
  });

  it('refuses when the email got an account after the invitation was sent', async () => {
    const { token } = await invite('race@example.test');
    const other = await service.request('POST', '/api/org/invitations', {
      headers: otherAdmin,
      body: { email: 'race@example.test', role: 'user' },
    });
    const otherToken = invitationView.parse(await other.json()).url?.split('/invite/')[1] ?? '';
    expect((await accept(otherToken)).status).toBe(201);
    await expectApiError(await accept(token), 409, 'email_taken');
  });
});

describe('the invitation page', () => {
  it('shows a sign-up form, creates the account from it, and says what to do next', async () => {
    const { token } = await invite('page@example.test');
    const form = await service.request('GET', `/invite/${token}`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('Join Acme Scheduling');
    expect(html).toContain('Create account');
    expect(html).not.toMatch(/<script(?![^>]*src=)/);
    const weak = await service.app.request(`/invite/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'Page Person', password: 'short' }).toString(),
    });
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain('at least 10 characters');
    const ok = await service.app.request(`/invite/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'Page Person', password: 'long-enough-pass' }).toString(),
    });
    expect(ok.status).toBe(200);
    const done = await ok.text();
    expect(done).toContain('You&#39;re in Acme Scheduling');
    expect(done.replace(/\s+/g, ' ')).toContain('sign in as <strong>page@example.test</strong>');
    const install = `https://chromewebstore.google.com/detail/${service.env.EXTENSION_IDS[0]}`;
    expect(done).toContain(`<a class="button" href="${install}">Install the extension</a>`);
    // The page says what is true now: Zoom waits for the mailed link, not "ready".
    expect(done.replace(/\s+/g, ' ')).toContain(
      'We emailed a link to <strong>page@example.test</strong>: open it to verify your email.',
    );
    expect(done).not.toContain('ready for you');
    // Back, reload or a second submit after joining: they are in; no "ask for a new one".
    const used = await service.request('GET', `/invite/${token}`);
    expect(used.status).toBe(410);
    const usedPage = (await used.text()).replace(/\s+/g, ' ');
    expect(usedPage).toContain('already used');
    expect(usedPage).toContain('sign in as <strong>page@example.test</strong>');
    expect(usedPage).not.toMatch(/invite you again/i);
    expect((await service.request('GET', '/invite/nope')).status).toBe(404);
  });
});

describe('who may manage invitations', () => {
  it('refuses members (403) on every invitation endpoint', async () => {
    const { view } = await invite('x1@example.test');
    for (const [method, path, body] of [
      ['POST', '/api/org/invitations', { email: 'x@example.test', role: 'user' }],
      ['GET', '/api/org/invitations', undefined],
      ['DELETE', `/api/org/invitations/${view.id}`, undefined],
    ] as const) {
      await expectApiError(
        await service.request(method, path, { headers: member, body }),
        403,
        'forbidden',
      );
    }
  });

  it("keeps another org's admin away from this org's invitations", async () => {
    const { view } = await invite('x2@example.test');
    const list = invitationsResponse.parse(
      await (await service.request('GET', '/api/org/invitations', { headers: otherAdmin })).json(),
    );
    expect(list.invitations.map((i) => i.email)).not.toContain('x2@example.test');
    await expectApiError(
      await service.request('DELETE', `/api/org/invitations/${view.id}`, { headers: otherAdmin }),
      404,
      'not_found',
    );
  });

  it.each([
    [{ email: 'not-an-email', role: 'user' }],
    [{ email: 'a@example.test', role: 'superuser' }],
    [{ email: 'a@example.test' }],
    [{ email: 'a@example.test', role: 'user', extra: 1 }],
  ])('answers 400 for %o', async (body) => {
    await expectApiError(
      await service.request('POST', '/api/org/invitations', { headers: owner, body }),
      400,
      'bad_request',
    );
    await expectApiError(
      await service.request('DELETE', '/api/org/invitations/not-a-uuid', { headers: owner }),
      400,
      'bad_request',
    );
  });
});

describe('the invitation success page tells the truth about Zoom', () => {
  async function setOrgState(state: 'active' | 'disconnected') {
    await service.deps.db
      .insert(orgConnections)
      .values({ orgId: 'org_acme', state })
      .onConflictDoUpdate({ target: orgConnections.orgId, set: { state } });
  }

  async function joinThroughPage(email: string) {
    const { token } = await invite(email);
    const res = await service.app.request(`/invite/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'Page Person', password: 'long-enough-pass' }).toString(),
    });
    expect(res.status).toBe(200);
    return (await res.text()).replace(/\s+/g, ' ');
  }

  it('does not promise Zoom while the organization is disconnected', async () => {
    await setOrgState('disconnected');
    const done = await joinThroughPage('disconnected@example.test');
    expect(done).not.toContain('ready for you');
    expect(done).toContain('Your organization disconnected Zoom.');
  });

  it('says Zoom works once the email is verified when the organization connection is active', async () => {
    await setOrgState('active');
    const done = await joinThroughPage('active@example.test');
    // A new address is unverified: the org's Zoom is not "ready" before the mailed link.
    expect(done).not.toContain('ready for you');
    expect(done).toMatch(
      /Your organization(&#39;|')s Zoom works for you once your email is verified\./,
    );
    await service.deps.db.delete(orgConnections).where(sql`org_id = 'org_acme'`);
  });
});

describe('an email with an account in another org', () => {
  /**
   * Inviting it must answer exactly like inviting anyone (no cross-org enumeration): the same
   * status, headers and body but for the email, id and link, the same statements sent to the
   * database (no branch that takes longer), the same mail queued and the same page behind the link.
   */
  it('is invited exactly like any other email', async () => {
    let statements: string[] = [];
    const logger: QueryLogger = { logQuery: (query) => statements.push(query) };
    const traced = await startTestService({}, { queryLogger: logger });
    try {
      await seedOtherOrg(traced);
      const boss = await traced.signIn('olivia@acme.test');
      const at = new Date('2026-11-29T12:00:00.000Z');
      traced.deps.now = () => at;
      const inviteTraced = async (email: string) => {
        statements = [];
        const res = await traced.request('POST', '/api/org/invitations', {
          headers: boss,
          body: { email, role: 'user' },
        });
        const sent = statements;
        const text = await res.text();
        const token = /\/invite\/([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? '';
        const id = (JSON.parse(text) as { id?: string }).id ?? '';
        const headers = [...res.headers].filter(([name]) => name !== 'x-request-id');
        const page = await traced.request('GET', `/invite/${token}`);
        const [queued] = await traced.deps.db
          .select({ kind: mailOutbox.kind })
          .from(mailOutbox)
          .where(eq(mailOutbox.recipient, email));
        const values: [string, string][] = [
          [email, 'EMAIL'],
          [token, 'TOKEN'],
          [id, 'ID'],
        ];
        const blank = (s: string) =>
          values.reduce((text, [value, name]) => (value ? text.split(value).join(name) : text), s);
        return {
          status: res.status,
          headers,
          body: blank(text),
          statements: sent,
          page: { status: page.status, html: blank(await page.text()) },
          queued: queued?.kind ?? null,
        };
      };
      const elsewhere = await inviteTraced('gina@globex.test');
      const nobody = await inviteTraced('nobody-yet@example.test');
      expect(nobody.status).toBe(201);
      expect(nobody.queued).toBe('invitation');
      expect(elsewhere).toEqual(nobody);
    } finally {
      await traced.close();
    }
  });
});
