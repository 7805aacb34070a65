import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { flowResult } from '../../lib/contracts/api';
import { apiErrorBody } from '../../lib/contracts/errors';
import type { RunningZoomSandbox } from '../../sandbox/server';
import { auditLog, oauthFlows, orgConnections, personalConnections } from '../../server/db/schema';
import {
  expectApiError,
  startServiceWithZoom,
  type TestServiceWithZoom,
  withZoomTimeout,
} from './harness';
import { connectPersonal, EXTENSION_REDIRECT, myZoom } from './personal-zoom';
import { approveAtZoom, connectOrgThroughZoom, pathOf } from './zoom-browser';

let zoom: RunningZoomSandbox;
let service: TestServiceWithZoom;
let owner: Record<string, string>;
let mia: Record<string, string>;

beforeAll(async () => {
  service = await startServiceWithZoom();
  zoom = service.zoom;
  owner = await service.signIn('olivia@acme.test');
  mia = await service.signIn('mia@acme.test');
});
afterAll(async () => {
  await service.close();
});
beforeEach(async () => {
  await fetch(`${zoom.url}/_sandbox/reset`, { method: 'POST' });
  await service.deps.db.delete(oauthFlows);
  await service.deps.db.delete(orgConnections);
  await service.deps.db.delete(personalConnections);
});

async function sandboxStats() {
  return (await (await fetch(`${zoom.url}/_sandbox/stats`)).json()) as {
    revokes: number;
    tokenRequests: { refresh_token: number };
  };
}

describe('personal Zoom connections', () => {
  it('lets a Zoom Member connect personally, with the personal app, and stores tokens sealed', async () => {
    const start = await service.request('POST', '/api/me/zoom/personal/flows', {
      headers: mia,
      body: { client: 'extension', redirectUri: EXTENSION_REDIRECT },
    });
    const { authorizeUrl } = (await start.json()) as { authorizeUrl: string };
    expect(new URL(authorizeUrl).searchParams.get('client_id')).toBe('sandbox-personal-app');

    const { state, outcome } = await connectPersonal(service, mia, 'mia@acme.test');
    expect(outcome).toBe('connected');
    const result = flowResult.parse(
      await (await service.request('GET', `/api/oauth/flows/${state}`)).json(),
    );
    expect(result).toMatchObject({ kind: 'personal', outcome: 'connected', zoomRole: 'Member' });

    expect(await myZoom(service, mia)).toMatchObject({
      status: 'connected',
      type: 'personal',
      zoomEmail: 'mia@acme.test',
      personal: 'active',
      personalZoomEmail: 'mia@acme.test',
    });
    const [row] = await service.deps.db.select().from(personalConnections);
    const access = service.deps.vault.open(row?.accessTokenSealed ?? '');
    expect(row?.accessTokenSealed).not.toContain(access);
    expect(row).toMatchObject({ accountId: 'acct_mia', orgId: 'org_acme', state: 'active' });
    const audit = await service.deps.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'personal_connection.connected'));
    expect(audit).toHaveLength(1);
  });

  it('revokes the new grant when Zoom fails to say who signed in after the code exchange', async () => {
    const start = await service.request('POST', '/api/me/zoom/personal/flows', {
      headers: mia,
      body: { client: 'extension', redirectUri: EXTENSION_REDIRECT },
    });
    const { authorizeUrl, state } = (await start.json()) as { authorizeUrl: string; state: string };
    const answer = await approveAtZoom(authorizeUrl, 'mia.personal@example.test');
    await service.zoomControl('POST', '/faults', { match: '/v2/users/me', status: 503 });
    await service.app.request(pathOf(answer.location ?? ''));
    const result = flowResult.parse(
      await (await service.request('GET', `/api/oauth/flows/${state}`)).json(),
    );
    expect(result.outcome).toBe('error');
    const zoomState = (await (await fetch(`${zoom.url}/_sandbox/state`)).json()) as {
      grants: { clientId: string; revoked: boolean }[];
    };
    expect(zoomState.grants).toEqual([
      expect.objectContaining({ clientId: 'sandbox-personal-app', revoked: true }),
    ]);
    expect((await sandboxStats()).revokes).toBe(1);
    expect(await service.deps.db.select().from(personalConnections)).toHaveLength(0);
  });

  it('keeps a personal connection when the org connects', async () => {
    await connectPersonal(service, mia, 'mia.personal@example.test');
    const [before] = await service.deps.db.select().from(personalConnections);
    await connectOrgThroughZoom(service, owner);

    expect(await myZoom(service, mia)).toMatchObject({
      type: 'personal',
      zoomEmail: 'mia.personal@example.test',
      orgState: 'active',
    });
    const [after] = await service.deps.db.select().from(personalConnections);
    expect(after).toEqual(before);
    // Everyone else gets the org connection.
    expect((await myZoom(service, owner)).type).toBe('organization');
  });

  it('disconnects: revokes the grant at Zoom, deletes the row, and the org connection shows again', async () => {
    await connectOrgThroughZoom(service, owner);
    await connectPersonal(service, mia, 'mia.personal@example.test');

    const res = await service.request('DELETE', '/api/me/zoom/personal', { headers: mia });
    expect(res.status).toBe(204);
    expect((await sandboxStats()).revokes).toBe(1);
    const state = (await (await fetch(`${zoom.url}/_sandbox/state`)).json()) as {
      grants: { clientId: string; userEmail: string; revoked: boolean }[];
    };
    expect(state.grants.find((g) => g.clientId === 'sandbox-personal-app')?.revoked).toBe(true);
    expect(await service.deps.db.select().from(personalConnections)).toHaveLength(0);
    expect(await myZoom(service, mia)).toMatchObject({
      type: 'organization',
      zoomEmail: 'mia@acme.test',
      personal: 'none',
      personalZoomEmail: null,
    });

    const again = await service.request('DELETE', '/api/me/zoom/personal', { headers: mia });
    expect(again.status).toBe(404);
    expect(apiErrorBody.parse(await again.json()).error.code).toBe('not_found');
  });

  it('turns a dead personal grant into needs_reconnect on check, and falls back to the org', async () => {
    await connectOrgThroughZoom(service, owner);
    await connectPersonal(service, mia, 'mia.personal@example.test');
    await fetch(`${zoom.url}/_sandbox/grants/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'mia.personal@example.test',
        clientId: 'sandbox-personal-app',
      }),
    });

    const res = await service.request('POST', '/api/me/zoom/personal/check', { headers: mia });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'connected',
      type: 'organization',
      personal: 'needs_reconnect',
      personalZoomEmail: 'mia.personal@example.test',
    });
    const [row] = await service.deps.db.select().from(personalConnections);
    expect(row).toMatchObject({ state: 'needs_reconnect', accessTokenSealed: null });
    expect(row?.stateReason).toMatch(/^Zoom no longer accepts your personal connection/);
  });

  it.each([
    ['fails with a 5xx', { status: 503 }, 0, /having trouble right now/],
    ['does not answer in time', { delayMs: 1500 }, 300, /didn't answer in time/],
  ])(
    'answers a check 503 zoom_unavailable with Retry-After when Zoom %s, and keeps the connection',
    async (_, fault, timeoutMs, wording) => {
      await connectPersonal(service, mia, 'mia.personal@example.test');
      await service.zoomControl('POST', '/faults', { match: '/v2/users/me', ...fault });
      const check = () => service.request('POST', '/api/me/zoom/personal/check', { headers: mia });
      const res = await (timeoutMs ? withZoomTimeout(service, timeoutMs, check) : check());
      const { message } = await expectApiError(res, 503, 'zoom_unavailable');
      expect(message).toMatch(wording);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      const [row] = await service.deps.db.select().from(personalConnections);
      expect(row?.state).toBe('active');
    },
  );

  it('confirms a working personal connection on check without refreshing', async () => {
    await connectPersonal(service, mia, 'mia.personal@example.test');
    const res = await service.request('POST', '/api/me/zoom/personal/check', { headers: mia });
    expect(await res.json()).toMatchObject({ type: 'personal', personal: 'active' });
    expect((await sandboxStats()).tokenRequests.refresh_token).toBe(0);
  });

  it('refuses without a session, for the web client, and for a foreign redirect', async () => {
    const anonymous = await service.request('POST', '/api/me/zoom/personal/flows', {
      body: { client: 'extension', redirectUri: EXTENSION_REDIRECT },
    });
    expect(anonymous.status).toBe(401);
    const web = await service.request('POST', '/api/me/zoom/personal/flows', {
      headers: mia,
      body: { client: 'web' },
    });
    expect(web.status).toBe(400);
    expect(apiErrorBody.parse(await web.json()).error.code).toBe('bad_request');
    const foreign = await service.request('POST', '/api/me/zoom/personal/flows', {
      headers: mia,
      body: { client: 'extension', redirectUri: 'https://evil.chromiumapp.org/zoom' },
    });
    expect(foreign.status).toBe(400);
    expect(apiErrorBody.parse(await foreign.json()).error.code).toBe('invalid_redirect');
    const check = await service.request('POST', '/api/me/zoom/personal/check', { headers: mia });
    expect(check.status).toBe(404);
    expect(await service.deps.db.select().from(oauthFlows)).toHaveLength(0);
  });
});

describe('removing a member', () => {
  it("revokes the removed member's personal grant at Zoom", async () => {
    await connectPersonal(service, mia, 'mia.personal@example.test');
    const before = (await sandboxStats()).revokes;
    const res = await service.request('DELETE', '/api/org/members/acct_mia', { headers: owner });
    expect(res.status).toBe(204);
    expect((await sandboxStats()).revokes).toBe(before + 1);
    expect(await service.deps.db.select().from(personalConnections)).toHaveLength(0);
    // Back to the demo org for the other tests in this file.
    const { accounts, memberships } = await import('../../server/db/schema');
    const { hashPassword } = await import('../../server/crypto/passwords');
    await service.deps.db.insert(accounts).values({
      id: 'acct_mia',
      email: 'mia@acme.test',
      name: 'Mia Member',
      passwordHash: await hashPassword('demo-password'),
    });
    await service.deps.db.insert(memberships).values({
      orgId: 'org_acme',
      accountId: 'acct_mia',
      role: 'user',
      memberName: 'Mia Member',
      memberEmail: 'mia@acme.test',
    });
    mia = await service.signIn('mia@acme.test');
  });
});
