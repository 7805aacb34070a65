import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  flowResult,
  membersResponse,
  orgZoomResponse,
  startFlowResponse,
} from '../../lib/contracts/api';
import { DEV_EXTENSION_ID } from '../../lib/contracts/dev-extension';
import { apiErrorBody } from '../../lib/contracts/errors';
import type { RunningZoomSandbox } from '../../sandbox/server';
import { approvalLinks, auditLog, oauthFlows, orgConnections } from '../../server/db/schema';
import { seedOtherOrg, startServiceWithZoom, type TestServiceWithZoom } from './harness';
import { approveAtZoom, connectOrgThroughZoom, pathOf } from './zoom-browser';

const EXTENSION_REDIRECT = `https://${DEV_EXTENSION_ID}.chromiumapp.org/zoom`;

let zoom: RunningZoomSandbox;
let service: TestServiceWithZoom;
let owner: Record<string, string>;

beforeAll(async () => {
  service = await startServiceWithZoom();
  zoom = service.zoom;
  owner = await service.signIn('olivia@acme.test');
});
afterAll(async () => {
  await service.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});
beforeEach(async () => {
  await fetch(`${zoom.url}/_sandbox/reset`, { method: 'POST' });
  await service.deps.db.delete(oauthFlows);
  await service.deps.db.delete(approvalLinks);
  await service.deps.db.delete(orgConnections);
});

async function newLinkToken(): Promise<string> {
  const res = await service.request('POST', '/api/org/zoom/approval-links', {
    headers: owner,
    body: {},
  });
  return ((await res.json()) as { url: string }).url.split('/').at(-1) ?? '';
}

async function startFlow(linkToken: string) {
  const res = await service.request('POST', `/api/approvals/${linkToken}/flows`, {
    body: { client: 'extension', redirectUri: EXTENSION_REDIRECT },
  });
  expect(res.status).toBe(200);
  return startFlowResponse.parse(await res.json());
}

async function result(state: string) {
  return flowResult.parse(await (await service.request('GET', `/api/oauth/flows/${state}`)).json());
}

async function setZoomUser(email: string, change: Record<string, string>) {
  const res = await service.zoomControl('PATCH', `/users/${email}`, change);
  expect(res.status).toBe(200);
}

async function sandboxStats() {
  return (await (await fetch(`${zoom.url}/_sandbox/stats`)).json()) as {
    revokes: number;
    webhooksSent: unknown[];
  };
}

/** A new link's flow through Zoom's consent; `beforeCallback` runs between consent and us. */
async function approveThroughZoom(email: string, beforeCallback?: () => Promise<void>) {
  const { authorizeUrl, state } = await startFlow(await newLinkToken());
  const answer = await approveAtZoom(authorizeUrl, email);
  expect(answer.location).toBeTruthy();
  await beforeCallback?.();
  const callback = await service.app.request(pathOf(answer.location ?? ''));
  expect(callback.status).toBe(302);
  return { state };
}

describe('org approval through the Zoom sandbox', () => {
  it('connects the org when a Zoom Admin approves, and hands the outcome to the extension', async () => {
    const linkToken = await newLinkToken();
    const { authorizeUrl, state } = await startFlow(linkToken);
    const authorize = new URL(authorizeUrl);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(
      'http://service.test/oauth/zoom/callback',
    );
    expect(authorize.searchParams.has('scope')).toBe(false);

    const zoomAnswer = await approveAtZoom(authorizeUrl, 'zara@acme.test');
    expect(zoomAnswer.status).toBe(302);
    const callback = await service.app.request(pathOf(zoomAnswer.location ?? ''));
    expect(callback.status).toBe(302);
    const final = new URL(callback.headers.get('location') ?? '');
    expect(`${final.origin}${final.pathname}`).toBe(EXTENSION_REDIRECT);
    expect(final.searchParams.get('outcome')).toBe('connected');
    expect(final.searchParams.get('state')).toBe(state);
    expect(final.search).not.toContain('token');

    expect(await result(state)).toMatchObject({
      outcome: 'connected',
      zoomEmail: 'zara@acme.test',
      zoomRole: 'Admin',
    });
    const view = orgZoomResponse.parse(
      await (await service.request('GET', '/api/org/zoom', { headers: owner })).json(),
    );
    expect(view.state).toBe('active');
    expect(view.connection).toMatchObject({
      zoomEmail: 'zara@acme.test',
      zoomRole: 'Admin',
      requestedBy: { name: 'Olivia Owner' },
    });
    const members = membersResponse.parse(
      await (await service.request('GET', '/api/org/members', { headers: owner })).json(),
    );
    expect(members.members.map((m) => [m.email, m.status, m.type])).toContainEqual([
      'mia@acme.test',
      'connected',
      'organization',
    ]);
    expect(members.members.every((m) => m.type === 'organization')).toBe(true);
  });

  it('keeps Zoom tokens sealed at rest', async () => {
    const { authorizeUrl } = await startFlow(await newLinkToken());
    const answer = await approveAtZoom(authorizeUrl, 'zara@acme.test');
    await service.app.request(pathOf(answer.location ?? ''));
    const [row] = await service.deps.db.select().from(orgConnections);
    const access = service.deps.vault.open(row?.accessTokenSealed ?? '');
    expect(access.length).toBeGreaterThan(10);
    expect(row?.accessTokenSealed).not.toContain(access);
    // The sealed token really is Zoom's: it reads the approver back.
    const me = await fetch(`${zoom.url}/v2/users/me`, {
      headers: { authorization: `Bearer ${access}` },
    });
    expect(((await me.json()) as { email: string }).email).toBe('zara@acme.test');
  });

  it('uses each link once: a second redemption is refused', async () => {
    const linkToken = await newLinkToken();
    const { authorizeUrl } = await startFlow(linkToken);
    await service.app.request(
      pathOf((await approveAtZoom(authorizeUrl, 'zara@acme.test')).location ?? ''),
    );
    const again = await service.request('POST', `/api/approvals/${linkToken}/flows`, {
      body: { client: 'extension', redirectUri: EXTENSION_REDIRECT },
    });
    expect(again.status).toBe(410);
    expect(apiErrorBody.parse(await again.json()).error.code).toBe('link_used');
  });

  it('refuses a replayed callback', async () => {
    const { authorizeUrl } = await startFlow(await newLinkToken());
    const path = pathOf((await approveAtZoom(authorizeUrl, 'zara@acme.test')).location ?? '');
    expect((await service.app.request(path)).status).toBe(302);
    const replay = await service.app.request(path);
    expect(replay.status).toBe(404);
    expect(await replay.text()).toContain('already been used');
  });

  it('refuses a Zoom account that is no longer an admin, revokes its grant and keeps the link valid', async () => {
    const linkToken = await newLinkToken();
    const { authorizeUrl, state } = await startFlow(linkToken);
    const answer = await approveAtZoom(authorizeUrl, 'zara@acme.test');
    // Demoted between consent and our check: the service's own role check must catch it.
    await fetch(`${zoom.url}/_sandbox/users/zara@acme.test`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'Member' }),
    });
    const callback = await service.app.request(pathOf(answer.location ?? ''));
    expect(new URL(callback.headers.get('location') ?? '').searchParams.get('outcome')).toBe(
      'not_admin',
    );
    expect(await result(state)).toMatchObject({
      outcome: 'not_admin',
      zoomEmail: 'zara@acme.test',
      zoomRole: 'Member',
    });
    expect(
      await service.deps.db
        .select()
        .from(orgConnections)
        .then((r) => r[0]?.state),
    ).toBe('pending_approval');
    const stats = (await (await fetch(`${zoom.url}/_sandbox/stats`)).json()) as { revokes: number };
    expect(stats.revokes).toBe(1);
    expect((await service.request('GET', `/api/approvals/${linkToken}`)).status).toBe(200);
    const audit = await service.deps.db.select().from(auditLog);
    expect(audit.map((a) => a.action)).toContain('org_connection.approval_refused');
  });

  it('connects the org when a custom Zoom role with admin privileges approves', async () => {
    await setZoomUser('zara@acme.test', { role: 'Scheduling Admin' });
    const { state } = await approveThroughZoom('zara@acme.test');
    expect(await result(state)).toMatchObject({
      outcome: 'connected',
      zoomRole: 'Scheduling Admin',
    });
    const [row] = await service.deps.db.select().from(orgConnections);
    expect(row).toMatchObject({ state: 'active', zoomRole: 'Scheduling Admin' });
  });

  it('looks up a role_name that /users/me leaves out instead of assuming Member', async () => {
    await setZoomUser('zara@acme.test', { omitRoleName: 'me' });
    const { state } = await approveThroughZoom('zara@acme.test');
    expect(await result(state)).toMatchObject({ outcome: 'connected', zoomRole: 'Admin' });
  });

  it('lets the consent stand when Zoom names no role at all, only its role_id', async () => {
    await setZoomUser('zara@acme.test', { role: 'Scheduling Admin', omitRoleName: 'always' });
    const { state } = await approveThroughZoom('zara@acme.test');
    expect(await result(state)).toMatchObject({
      outcome: 'connected',
      zoomRole: 'role rK7qSchedAdm2',
    });
  });

  it('refuses a plain Member found by the lookup, and revokes the grant', async () => {
    await setZoomUser('zara@acme.test', { omitRoleName: 'me' });
    const { state } = await approveThroughZoom('zara@acme.test', () =>
      setZoomUser('zara@acme.test', { role: 'Member' }),
    );
    expect(await result(state)).toMatchObject({ outcome: 'not_admin', zoomRole: 'Member' });
    expect((await sandboxStats()).revokes).toBe(1);
  });

  it('never revokes a refused grant while another org is connected to that Zoom account, and says so', async () => {
    const globex = await seedOtherOrg(service, { ifMissing: true });
    await connectOrgThroughZoom(service, globex, 'zara@acme.test');
    const { state } = await approveThroughZoom('olivia@acme.test', () =>
      setZoomUser('olivia@acme.test', { role: 'Member' }),
    );
    const refused = await result(state);
    expect(refused.outcome).toBe('not_admin');
    expect(refused.message).toMatch(/not revoked.*already connected to this Zoom account/);
    const stats = await sandboxStats();
    expect(stats.revokes).toBe(0);
    expect(stats.webhooksSent).toEqual([]);
    const zoomState = (await (await fetch(`${zoom.url}/_sandbox/state`)).json()) as {
      grants: { userEmail: string; revoked: boolean }[];
    };
    expect(zoomState.grants.find((g) => g.userEmail === 'olivia@acme.test')?.revoked).toBe(false);
    const rows = await service.deps.db.select().from(orgConnections);
    expect(rows.find((r) => r.orgId === 'org_globex')?.state).toBe('active');
    const audit = await service.deps.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'org_connection.approval_refused'));
    expect(audit.at(-1)?.detail).toMatchObject({ grant: 'kept_for_connected_account' });
  });

  it('revokes the new grant when Zoom fails to say who signed in after the code exchange', async () => {
    const { authorizeUrl, state } = await startFlow(await newLinkToken());
    const answer = await approveAtZoom(authorizeUrl, 'zara@acme.test');
    await service.zoomControl('POST', '/faults', { match: '/v2/users/me', status: 503 });
    await service.app.request(pathOf(answer.location ?? ''));
    expect(await result(state)).toMatchObject({ outcome: 'error' });
    const zoomState = (await (await fetch(`${zoom.url}/_sandbox/state`)).json()) as {
      grants: { userEmail: string; revoked: boolean }[];
    };
    expect(zoomState.grants).toEqual([
      expect.objectContaining({ userEmail: 'zara@acme.test', revoked: true }),
    ]);
    expect((await sandboxStats()).revokes).toBe(1);
    expect(
      await service.deps.db
        .select()
        .from(orgConnections)
        .then((r) => r[0]?.state),
    ).toBe('pending_approval');
  });

  it('leaves that grant unrevoked, and says so, while an org might be connected to its account', async () => {
    const globex = await seedOtherOrg(service, { ifMissing: true });
    await connectOrgThroughZoom(service, globex, 'zara@acme.test');
    const { authorizeUrl, state } = await startFlow(await newLinkToken());
    const answer = await approveAtZoom(authorizeUrl, 'olivia@acme.test');
    await service.zoomControl('POST', '/faults', { match: '/v2/users/me', status: 503 });
    await service.app.request(pathOf(answer.location ?? ''));
    const failed = await result(state);
    expect(failed.outcome).toBe('error');
    expect(failed.message).toMatch(/not revoked/);
    expect((await sandboxStats()).revokes).toBe(0);
  });

  it('ends a sign-in whose completion crashes as error, not Waiting for Zoom', async () => {
    const { authorizeUrl, state } = await startFlow(await newLinkToken());
    const answer = await approveAtZoom(authorizeUrl, 'zara@acme.test');
    // A bug while finishing, after the code exchange; not one of Zoom's answers.
    vi.spyOn(service.deps.zoom, 'getUser').mockRejectedValueOnce(
      new TypeError("Cannot read properties of undefined (reading 'id')"),
    );
    const callback = await service.app.request(pathOf(answer.location ?? ''));
    expect(callback.status).toBe(302);
    expect(new URL(callback.headers.get('location') ?? '').searchParams.get('outcome')).toBe(
      'error',
    );
    const ended = await result(state);
    expect(ended.outcome).toBe('error');
    expect(ended.message).toMatch(/went wrong on our side/);
    expect(ended.message).not.toContain('Cannot read properties');
    // The grant it got is not left behind at Zoom either.
    expect((await sandboxStats()).revokes).toBe(1);
  });

  it('reads a flow past its life as expired, not pending', async () => {
    const { state } = await startFlow(await newLinkToken());
    expect((await result(state)).outcome).toBe('pending');
    await service.deps.db.update(oauthFlows).set({ expiresAt: new Date(Date.now() - 1000) });
    expect(await result(state)).toMatchObject({
      outcome: 'expired',
      message: expect.stringContaining('not finished within 10 minutes'),
    });
  });

  it('does not issue a code to a Zoom Member at all (Zoom refuses the admin-managed app)', async () => {
    const { authorizeUrl } = await startFlow(await newLinkToken());
    const answer = await approveAtZoom(authorizeUrl, 'mia@acme.test');
    expect(answer.status).toBe(200);
    expect(answer.location).toBeNull();
    expect(answer.html).toContain('An account admin is required to install this type of app');
  });

  it('reports a declined consent as denied and stores nothing', async () => {
    const { authorizeUrl, state } = await startFlow(await newLinkToken());
    const answer = await approveAtZoom(authorizeUrl, 'zara@acme.test', 'decline');
    const callback = await service.app.request(pathOf(answer.location ?? ''));
    expect(new URL(callback.headers.get('location') ?? '').searchParams.get('outcome')).toBe(
      'denied',
    );
    expect((await result(state)).outcome).toBe('denied');
    expect(
      await service.deps.db
        .select()
        .from(orgConnections)
        .then((r) => r[0]?.state),
    ).toBe('pending_approval');
  });

  it('completes the same approval as a plain web redirect without the extension', async () => {
    const linkToken = await newLinkToken();
    const landing = await service.app.request(`/approve/${linkToken}`);
    expect(landing.status).toBe(200);
    const html = await landing.text();
    expect(html).toContain('Acme Scheduling wants to connect Zoom');
    expect(html).toContain('Sign in with Zoom');
    const start = await service.app.request(`/approve/${linkToken}/start`, { method: 'POST' });
    expect(start.status).toBe(302);
    const answer = await approveAtZoom(start.headers.get('location') ?? '', 'olivia@acme.test');
    const callback = await service.app.request(pathOf(answer.location ?? ''));
    const resultUrl = callback.headers.get('location') ?? '';
    expect(resultUrl).toMatch(/^http:\/\/service\.test\/approve\/result\?state=/);
    const page = await (await service.app.request(pathOf(resultUrl))).text();
    expect(page).toContain('Zoom is connected');
    expect(page).toContain('Every member of Acme Scheduling can now use Zoom.');
  });

  it('shows a clear page for a link that cannot be used', async () => {
    const linkToken = await newLinkToken();
    // A minute later (within seconds the same admin gets the same link back: double-submits).
    await service.deps.db.update(approvalLinks).set({ createdAt: new Date(Date.now() - 60_000) });
    await newLinkToken(); // revokes the first
    const page = await service.app.request(`/approve/${linkToken}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('replaced or revoked');
  });
});
