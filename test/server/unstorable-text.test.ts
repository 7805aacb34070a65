import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitationView } from '../../lib/contracts/api';
import { hashToken } from '../../server/crypto/tokens';
import { accounts, invitations, memberships, oauthFlows } from '../../server/db/schema';
import { expectApiError, postZoomWebhook, startTestService, type TestService } from './harness';

/**
 * PostgreSQL (and PGlite) refuse NUL in text and jsonb, and a lone surrogate has no UTF-8 form:
 * such text is a 400 at the boundary, never a 500 from the database, and nothing is written.
 */

let service: TestService;
let owner: Record<string, string>;
beforeAll(async () => {
  service = await startTestService();
  owner = await service.signIn('olivia@acme.test');
});
afterAll(() => service.close());

const unstorable = [
  ['a NUL character', 'Mia\u0000Member'],
  ['a lone surrogate', 'Mia \ud800 Member'],
] as const;

async function invite(email: string) {
  const res = await service.request('POST', '/api/org/invitations', {
    headers: owner,
    body: { email, role: 'user' },
  });
  const view = invitationView.parse(await res.json());
  return (view.url ?? '').split('/invite/')[1] ?? '';
}

async function countRows() {
  const db = service.deps.db;
  return {
    accounts: (await db.select().from(accounts)).length,
    memberships: (await db.select().from(memberships)).length,
  };
}

describe('text the database cannot store is a bad_request and changes nothing', () => {
  it.each([
    ['the member search', '/api/org/members?q=a%00b'],
    ['the CSV export search', '/api/org/members.csv?q=a%00b'],
  ])('a NUL in %s', async (_, path) => {
    const res = await service.request('GET', path, { headers: owner });
    await expectApiError(res, 400, 'bad_request');
  });

  it.each(['PATCH', 'DELETE'])(
    'a NUL in the member id of %s /api/org/members/:id',
    async (method) => {
      const before = await countRows();
      const res = await service.request(method, '/api/org/members/acct_mia%00', {
        headers: owner,
        body: method === 'PATCH' ? { role: 'admin' } : undefined,
      });
      await expectApiError(res, 400, 'bad_request');
      expect(await countRows()).toEqual(before);
    },
  );

  it.each(unstorable)('sign-up through the API with %s in the name', async (_, name) => {
    const token = await invite(`api-${name.length}-${name.charCodeAt(4)}@acme.test`);
    const before = await countRows();
    const res = await service.request('POST', `/api/invitations/${token}/accept`, {
      body: { name, password: 'a-long-password' },
    });
    await expectApiError(res, 400, 'bad_request');
    expect(await countRows()).toEqual(before);
    const [row] = await service.deps.db
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, hashToken(token)));
    expect(row?.acceptedAt).toBeNull();
  });

  // A form cannot carry a lone surrogate: the browser encodes it as U+FFFD.
  it('the sign-up page re-shows its form for a NUL in the name', async () => {
    const token = await invite('page-signup@acme.test');
    const before = await countRows();
    const res = await service.app.request(`/invite/${token}`, {
      method: 'POST',
      body: new URLSearchParams({ name: 'Mia\u0000Member', password: 'a-long-password' }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Check the form');
    expect(await countRows()).toEqual(before);
  });

  it('a NUL in the meeting topic', async () => {
    const res = await service.request('POST', '/api/me/meetings', {
      headers: owner,
      body: { topic: 'Stand\u0000up', startTime: '2030-01-01T09:00:00Z', durationMinutes: 30 },
    });
    await expectApiError(res, 400, 'bad_request');
  });

  it("a NUL in Zoom's callback error leaves the sign-in unused", async () => {
    const link = (await (
      await service.request('POST', '/api/org/zoom/approval-links', { headers: owner, body: {} })
    ).json()) as { url: string };
    const linkToken = link.url.split('/').at(-1);
    const started = await service.request('POST', `/api/approvals/${linkToken}/flows`, {
      body: { client: 'web' },
    });
    const { state } = (await started.json()) as { state: string };
    const res = await service.app.request(`/oauth/zoom/callback?state=${state}&error=x%00y`);
    expect(res.status).toBe(400);
    const [flow] = await service.deps.db
      .select()
      .from(oauthFlows)
      .where(eq(oauthFlows.stateHash, hashToken(state)));
    expect(flow?.consumedAt).toBeNull();
  });

  it('a signed Zoom webhook with a NUL in the user id', async () => {
    const res = await postZoomWebhook(service, 'personal', {
      event: 'app_deauthorized',
      payload: {
        account_id: 'acme-zoom-account',
        user_id: 'zu_\u0000mia',
        client_id: service.env.ZOOM_PERSONAL_CLIENT_ID,
      },
    });
    await expectApiError(res, 400, 'bad_request');
  });
});
