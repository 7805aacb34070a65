import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkNowResponse, meResponse, orgZoomResponse } from '../../lib/contracts/api';
import type { RunningZoomSandbox } from '../../sandbox/server';
import { approvalLinks, auditLog, oauthFlows, orgConnections, orgs } from '../../server/db/schema';
import { claimDueHealthChecks, runDueHealthChecks } from '../../server/domain/org-health';
import { startServiceWithZoom, type TestServiceWithZoom } from './harness';
import { connectOrgThroughZoom } from './zoom-browser';

let zoom: RunningZoomSandbox;
let service: TestServiceWithZoom;
let owner: Record<string, string>;
let member: Record<string, string>;

beforeAll(async () => {
  service = await startServiceWithZoom();
  zoom = service.zoom;
  owner = await service.signIn('olivia@acme.test');
  member = await service.signIn('mia@acme.test');
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

async function checkNow(headers = owner) {
  const res = await service.request('POST', '/api/org/zoom/check', { headers });
  expect(res.status).toBe(200);
  return checkNowResponse.parse(await res.json());
}

async function memberZoom() {
  return meResponse.parse(
    await (await service.request('GET', '/api/me', { headers: member })).json(),
  ).zoom;
}

describe('Check now', () => {
  it('finds a healthy connection healthy and records when', async () => {
    await connectOrgThroughZoom(service, owner);
    const view = await checkNow();
    expect(view.check).toEqual({ outcome: 'healthy' });
    expect(view.state).toBe('active');
    expect(view.lastCheckedAt).not.toBeNull();
  });

  it('breaks the connection when the approving Zoom admin is demoted, and a different admin reconnects it', async () => {
    await connectOrgThroughZoom(service, owner);
    await service.zoomControl('PATCH', '/users/zara@acme.test', { role: 'Member' });
    const view = await checkNow();
    expect(view.check.outcome).toBe('needs_reconnect');
    expect(view.state).toBe('needs_reconnect');
    expect(view.stateReason).toContain('zara@acme.test is no longer a Zoom account Owner or Admin');
    expect(await memberZoom()).toMatchObject({
      status: 'not_connected',
      reason: 'org_needs_reconnect',
    });
    const audit = await service.deps.db.select().from(auditLog);
    expect(audit.map((a) => a.action)).toContain('org_connection.needs_reconnect');

    await connectOrgThroughZoom(service, owner, 'olivia@acme.test');
    expect(await memberZoom()).toMatchObject({ status: 'connected', type: 'organization' });
    const after = await service.deps.db.select().from(auditLog);
    expect(after.find((a) => a.action === 'org_connection.reconnected')?.detail).toMatchObject({
      zoomEmail: 'olivia@acme.test',
      previousZoomEmail: 'zara@acme.test',
    });
    expect((await checkNow()).check.outcome).toBe('healthy');
  });

  it('does not take a move to a custom admin role for a demotion', async () => {
    await connectOrgThroughZoom(service, owner);
    await service.zoomControl('PATCH', '/users/zara@acme.test', { role: 'Scheduling Admin' });
    const view = await checkNow();
    expect(view.check).toEqual({ outcome: 'healthy' });
    expect(view.state).toBe('active');
  });

  it('looks up a role_name /users/me leaves out before calling the approver demoted', async () => {
    await connectOrgThroughZoom(service, owner);
    await service.zoomControl('PATCH', '/users/zara@acme.test', { omitRoleName: 'me' });
    expect((await checkNow()).check).toEqual({ outcome: 'healthy' });
    await service.zoomControl('PATCH', '/users/zara@acme.test', { role: 'Member' });
    expect((await checkNow()).state).toBe('needs_reconnect');
  });

  it('breaks the connection when the approving Zoom user is deleted (4735 on refresh)', async () => {
    await connectOrgThroughZoom(service, owner);
    await service.zoomControl('DELETE', '/users/zara@acme.test');
    const view = await checkNow();
    expect(view.state).toBe('needs_reconnect');
    expect(view.stateReason).toMatch(/was removed from the Zoom account|no longer exists/i);
  });

  it('breaks the connection when the grant was revoked in Zoom', async () => {
    await connectOrgThroughZoom(service, owner);
    expect(
      (
        await service.zoomControl('POST', '/grants/revoke', {
          email: 'zara@acme.test',
          clientId: 'sandbox-org-app',
        })
      ).status,
    ).toBe(200);
    const view = await checkNow();
    expect(view.state).toBe('needs_reconnect');
  });

  it('rides out a brief Zoom outage with retries', async () => {
    await connectOrgThroughZoom(service, owner);
    await service.zoomControl('POST', '/faults', { match: '/v2/users', status: 503, count: 1 });
    expect((await checkNow()).check).toEqual({ outcome: 'healthy' });
  });

  it('reports a longer outage without breaking the connection', async () => {
    await connectOrgThroughZoom(service, owner);
    await service.zoomControl('POST', '/faults', { match: '/v2/users', status: 429, count: 10 });
    const view = await checkNow();
    expect(view.check.outcome).toBe('unreachable');
    expect(view.state).toBe('active');
    expect(view.lastCheckError).toMatch(/Zoom/);
    expect(await memberZoom()).toMatchObject({ status: 'connected' });
    await service.zoomControl('DELETE', '/faults');
  });

  it('is refused for members (403) and when nothing is connected (409)', async () => {
    expect((await service.request('POST', '/api/org/zoom/check', { headers: owner })).status).toBe(
      409,
    );
    await connectOrgThroughZoom(service, owner);
    expect((await service.request('POST', '/api/org/zoom/check', { headers: member })).status).toBe(
      403,
    );
  });
});

describe('scheduled checks', () => {
  it('checks due connections and finds a demotion without anyone pressing Check now', async () => {
    await connectOrgThroughZoom(service, owner);
    await service.zoomControl('PATCH', '/users/zara@acme.test', { role: 'Member' });
    expect(await runDueHealthChecks(service.deps, 60_000)).toBe(1);
    const view = orgZoomResponse.parse(
      await (await service.request('GET', '/api/org/zoom', { headers: owner })).json(),
    );
    expect(view.state).toBe('needs_reconnect');
    // The next check is an interval away: a second tick right now does nothing.
    expect(await runDueHealthChecks(service.deps, 60_000)).toBe(0);
  });

  it('hands each due connection to exactly one of several concurrent schedulers', async () => {
    const ids = ['org_h1', 'org_h2', 'org_h3', 'org_h4', 'org_h5'];
    for (const id of ids) {
      await service.deps.db.insert(orgs).values({ id, name: id });
      await service.deps.db.insert(orgConnections).values({ orgId: id, state: 'active' });
    }
    const now = new Date();
    const claims = await Promise.all([
      claimDueHealthChecks(service.deps.db, now, 60_000, 2),
      claimDueHealthChecks(service.deps.db, now, 60_000, 2),
      claimDueHealthChecks(service.deps.db, now, 60_000, 2),
    ]);
    const claimed = claims.flat();
    expect(new Set(claimed).size).toBe(claimed.length);
    const more = await claimDueHealthChecks(service.deps.db, now, 60_000, 10);
    expect([...claimed, ...more].sort()).toEqual(ids);
    for (const id of ids) await service.deps.db.delete(orgs).where(eq(orgs.id, id));
  });
});
