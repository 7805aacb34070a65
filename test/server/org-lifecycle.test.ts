import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditResponse, meResponse, orgZoomResponse } from '../../lib/contracts/api';
import { apiErrorBody } from '../../lib/contracts/errors';
import type { RunningZoomSandbox } from '../../sandbox/server';
import { approvalLinks, auditLog, oauthFlows, orgConnections } from '../../server/db/schema';
import { seedOtherOrg, startServiceWithZoom, type TestServiceWithZoom } from './harness';
import { connectOrgThroughZoom } from './zoom-browser';

let zoom: RunningZoomSandbox;
let service: TestServiceWithZoom;
let owner: Record<string, string>;
let member: Record<string, string>;
let otherOrgOwner: Record<string, string>;

beforeAll(async () => {
  service = await startServiceWithZoom();
  zoom = service.zoom;
  owner = await service.signIn('olivia@acme.test');
  member = await service.signIn('mia@acme.test');
  otherOrgOwner = await seedOtherOrg(service);
});
afterAll(async () => {
  await service.close();
});
beforeEach(async () => {
  await fetch(`${zoom.url}/_sandbox/reset`, { method: 'POST' });
  await service.deps.db.delete(oauthFlows);
  await service.deps.db.delete(approvalLinks);
  await service.deps.db.delete(orgConnections);
  await service.deps.db.delete(auditLog);
});

async function orgView(headers = owner) {
  return orgZoomResponse.parse(
    await (await service.request('GET', '/api/org/zoom', { headers })).json(),
  );
}

describe('revoking the pending approval link', () => {
  it('stops the link at once and returns the org to not connected', async () => {
    const link = (await (
      await service.request('POST', '/api/org/zoom/approval-links', { headers: owner, body: {} })
    ).json()) as { url: string };
    const res = await service.request('DELETE', '/api/org/zoom/approval-links/current', {
      headers: owner,
    });
    expect(res.status).toBe(204);
    const token = link.url.split('/').at(-1);
    const info = await service.request('GET', `/api/approvals/${token}`);
    expect(apiErrorBody.parse(await info.json()).error.code).toBe('link_revoked');
    expect((await orgView()).state).toBe('not_connected');
  });

  it('refuses members and other orgs, and changes nothing', async () => {
    await service.request('POST', '/api/org/zoom/approval-links', { headers: owner, body: {} });
    expect(
      (await service.request('DELETE', '/api/org/zoom/approval-links/current', { headers: member }))
        .status,
    ).toBe(403);
    const other = await service.request('DELETE', '/api/org/zoom/approval-links/current', {
      headers: otherOrgOwner,
    });
    expect(other.status).toBe(404);
    expect((await orgView()).pendingLink).not.toBeNull();
  });
});

describe('disconnect', () => {
  it('revokes the grant at Zoom, deletes the tokens and leaves members Not connected', async () => {
    await connectOrgThroughZoom(service, owner);
    expect((await orgView()).state).toBe('active');
    const res = await service.request('POST', '/api/org/zoom/disconnect', { headers: owner });
    expect(res.status).toBe(200);

    const [row] = await service.deps.db.select().from(orgConnections);
    expect(row).toMatchObject({
      state: 'disconnected',
      accessTokenSealed: null,
      refreshTokenSealed: null,
    });
    const stats = (await (await fetch(`${zoom.url}/_sandbox/stats`)).json()) as { revokes: number };
    expect(stats.revokes).toBe(1);
    const me = meResponse.parse(
      await (await service.request('GET', '/api/me', { headers: member })).json(),
    );
    expect(me.zoom).toMatchObject({ status: 'not_connected', reason: 'org_disconnected' });
    const audit = auditResponse.parse(
      await (await service.request('GET', '/api/org/audit', { headers: owner })).json(),
    );
    expect(audit.entries[0]).toMatchObject({
      action: 'org_connection.disconnected',
      actor: 'olivia@acme.test',
    });
  });

  it('does not revoke at Zoom while another org is connected to the same Zoom account', async () => {
    await connectOrgThroughZoom(service, owner);
    const [acme] = await service.deps.db.select().from(orgConnections);
    if (!acme) throw new Error('no org connection');
    // Globex approved on the same Zoom account: revoking Acme's grant could uninstall the app
    // for the account, and Zoom's app_deauthorized would then disconnect Globex too.
    await service.deps.db.insert(orgConnections).values({ ...acme, orgId: 'org_globex' });
    const res = await service.request('POST', '/api/org/zoom/disconnect', { headers: owner });
    expect(res.status).toBe(200);
    const stats = (await (await fetch(`${zoom.url}/_sandbox/stats`)).json()) as { revokes: number };
    expect(stats.revokes).toBe(0);
    const rows = await service.deps.db.select().from(orgConnections);
    expect(rows.find((r) => r.orgId === 'org_acme')).toMatchObject({
      state: 'disconnected',
      accessTokenSealed: null,
    });
    expect(rows.find((r) => r.orgId === 'org_globex')?.state).toBe('active');
    const [entry] = (await service.deps.db.select().from(auditLog)).filter(
      (a) => a.action === 'org_connection.disconnected',
    );
    expect(entry?.detail).toMatchObject({ revokedAtZoom: false, keptForOtherOrg: true });
  });

  it('can request a new approval after disconnecting', async () => {
    await connectOrgThroughZoom(service, owner);
    await service.request('POST', '/api/org/zoom/disconnect', { headers: owner });
    await connectOrgThroughZoom(service, owner, 'olivia@acme.test');
    expect((await orgView()).connection?.zoomEmail).toBe('olivia@acme.test');
  });

  it('refuses a member (403); a second disconnect answers the disconnected state', async () => {
    await connectOrgThroughZoom(service, owner);
    const denied = await service.request('POST', '/api/org/zoom/disconnect', { headers: member });
    expect(denied.status).toBe(403);
    expect((await orgView()).state).toBe('active');
    await service.request('POST', '/api/org/zoom/disconnect', { headers: owner });
    const again = await service.request('POST', '/api/org/zoom/disconnect', { headers: owner });
    expect(again.status).toBe(200);
    expect(orgZoomResponse.parse(await again.json()).state).toBe('disconnected');
  });

  it("does not let another org's admin disconnect this org", async () => {
    await connectOrgThroughZoom(service, owner);
    const res = await service.request('POST', '/api/org/zoom/disconnect', {
      headers: otherOrgOwner,
    });
    expect(res.status).toBe(409);
    expect((await orgView()).state).toBe('active');
  });
});

describe('audit log', () => {
  it('records every step with actor and time, newest first, in pages', async () => {
    await connectOrgThroughZoom(service, owner);
    await service.request('POST', '/api/org/zoom/disconnect', { headers: owner });
    const first = auditResponse.parse(
      await (await service.request('GET', '/api/org/audit?limit=2', { headers: owner })).json(),
    );
    expect(first.entries.map((e) => e.action)).toEqual([
      'org_connection.disconnected',
      'org_connection.approved',
    ]);
    expect(first.nextBefore).not.toBeNull();
    const rest = auditResponse.parse(
      await (
        await service.request('GET', `/api/org/audit?limit=2&before=${first.nextBefore}`, {
          headers: owner,
        })
      ).json(),
    );
    expect(rest.entries.map((e) => e.action)).toEqual(['approval_link.requested']);
    expect(first.entries[1]?.actor).toContain('zara@acme.test');
  });

  it('is for org admins of that org only, and validates its query', async () => {
    await connectOrgThroughZoom(service, owner);
    expect((await service.request('GET', '/api/org/audit', { headers: member })).status).toBe(403);
    const other = auditResponse.parse(
      await (await service.request('GET', '/api/org/audit', { headers: otherOrgOwner })).json(),
    );
    expect(other.entries).toEqual([]);
    expect(
      (await service.request('GET', '/api/org/audit?limit=1000', { headers: owner })).status,
    ).toBe(400);
  });
});

describe('disconnect impact', () => {
  it('counts the members who lose Zoom and those who keep a personal connection', async () => {
    await connectOrgThroughZoom(service, owner);
    const { personalConnections } = await import('../../server/db/schema');
    await service.deps.db.insert(personalConnections).values({
      accountId: 'acct_max',
      orgId: 'org_acme',
      state: 'active',
      zoomUserId: 'zu_max',
      zoomAccountId: 'acme-zoom-account',
      zoomEmail: 'max@acme.test',
      connectedAt: new Date(),
    });
    const res = await service.request('GET', '/api/org/zoom/disconnect-impact', { headers: owner });
    expect(await res.json()).toEqual({
      membersLosingZoom: 3,
      membersKeepingPersonal: 1,
      zoomEventTypes: 0,
      upcomingBookings: 0,
    });
    expect(
      (await service.request('GET', '/api/org/zoom/disconnect-impact', { headers: member })).status,
    ).toBe(403);

    await service.request('POST', '/api/org/zoom/disconnect', { headers: owner });
    const max = await service.signIn('max@acme.test');
    const me = meResponse.parse(
      await (await service.request('GET', '/api/me', { headers: max })).json(),
    );
    expect(me.zoom).toMatchObject({ status: 'connected', type: 'personal' });
    await service.deps.db.delete(personalConnections);
  });
});
