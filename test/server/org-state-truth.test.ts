import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  approvalLinkView,
  membersResponse,
  membersSummary,
  meResponse,
  orgZoomResponse,
} from '../../lib/contracts/api';
import {
  type OrgConnectionState,
  orgConnectionState,
  orgConnectionStates,
} from '../../lib/domain/effective-connection';
import { approvalLinks, memberships, orgConnections, orgs } from '../../server/db/schema';
import { orgStateColumn } from '../../server/domain/org-state-sql';
import { startTestService, type TestService } from './harness';

/**
 * Issue 9, "the org state is derived twice": every reader (console, /api/me, member table,
 * summary, CSV) takes the org's state from one rule, and a break keeps its reason until a Zoom
 * admin approves again.
 */
let service: TestService;
let owner: Record<string, string>;
let member: Record<string, string>;
const realNow = () => new Date();

beforeAll(async () => {
  // The clock moves past a 7-day approval link here; the sessions signed in below must outlive
  // that idle week (session expiry has its own tests: test/server/session-expiry.test.ts).
  service = await startTestService({ SESSION_IDLE_HOURS: String(24 * 14) });
  owner = await service.signIn('olivia@acme.test');
  member = await service.signIn('mia@acme.test');
});
afterAll(() => service.close());
beforeEach(async () => {
  service.deps.now = realNow;
  await service.deps.db.delete(approvalLinks);
  await service.deps.db.delete(orgConnections);
  await service.deps.db.update(memberships).set({ zoomUserMissing: false });
});

const BREAK = 'zara@acme.test is no longer a Zoom admin (now Member).';

async function breakConnection() {
  await service.deps.db.insert(orgConnections).values({
    orgId: 'org_acme',
    state: 'needs_reconnect',
    stateReason: BREAK,
    zoomEmail: 'zara@acme.test',
    zoomAccountId: 'zacc_acme',
    zoomRole: 'Member',
    approvedAt: new Date(Date.now() - 86_400_000),
  });
}

async function requestLink() {
  const res = await service.request('POST', '/api/org/zoom/approval-links', {
    headers: owner,
    body: {},
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return approvalLinkView.parse(await res.json());
}

async function json(path: string, headers = owner) {
  const res = await service.request('GET', path, { headers });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

/** What every screen's source says about the org, side by side. */
async function everyReader() {
  const consoleView = orgZoomResponse.parse(await json('/api/org/zoom'));
  const me = meResponse.parse(await json('/api/me', member));
  const table = membersResponse.parse(await json('/api/org/members?q=mia'));
  const csv = await (
    await service.request('GET', '/api/org/members.csv?q=mia', { headers: owner })
  ).text();
  return { consoleView, me, mia: table.members[0], csv };
}

function moveClockTo(at: string) {
  service.deps.now = () => new Date(Date.parse(at) + 1000);
}

describe('a reconnect after a break keeps the break visible until a Zoom admin approves', () => {
  it('while the reconnect link is pending: broken, with its reason, and the link shown', async () => {
    await breakConnection();
    const link = await requestLink();
    const { consoleView, me, mia, csv } = await everyReader();
    expect(consoleView).toMatchObject({ state: 'needs_reconnect', stateReason: BREAK });
    expect(consoleView.pendingLink?.url).toBe(link.url);
    expect(me.zoom).toMatchObject({ orgState: 'needs_reconnect', reason: 'org_needs_reconnect' });
    expect(mia).toMatchObject({ status: 'not_connected', reason: 'org_needs_reconnect' });
    expect(csv).toContain("The organization's Zoom connection needs reconnecting");
  });

  it('after the reconnect link expires: the console and the members agree it is broken', async () => {
    await breakConnection();
    const link = await requestLink();
    moveClockTo(link.expiresAt);
    const { consoleView, me, mia, csv } = await everyReader();
    expect(consoleView).toMatchObject({
      state: 'needs_reconnect',
      stateReason: BREAK,
      pendingLink: null,
      expiredLink: { expiresAt: link.expiresAt },
    });
    expect(me.zoom).toMatchObject({ orgState: 'needs_reconnect', reason: 'org_needs_reconnect' });
    expect(mia).toMatchObject({ reason: 'org_needs_reconnect' });
    expect(csv).not.toContain('Waiting for a Zoom admin');
  });

  it('revoking the reconnect link goes back to the break, with its reason', async () => {
    await breakConnection();
    await requestLink();
    const res = await service.request('DELETE', '/api/org/zoom/approval-links/current', {
      headers: owner,
    });
    expect(res.status).toBe(204);
    const { consoleView, me } = await everyReader();
    expect(consoleView).toMatchObject({ state: 'needs_reconnect', stateReason: BREAK });
    expect(me.zoom.reason).toBe('org_needs_reconnect');
  });

  it('a Disconnect while a reconnect link is pending revokes the link too', async () => {
    await breakConnection();
    const link = await requestLink();
    const res = await service.request('POST', '/api/org/zoom/disconnect', { headers: owner });
    expect(res.status, await res.clone().text()).toBe(200);
    const token = link.url.split('/').at(-1);
    expect((await service.request('GET', `/api/approvals/${token}`)).status).toBe(410);
    const { consoleView, me } = await everyReader();
    expect(consoleView.state).toBe('disconnected');
    expect(me.zoom.reason).toBe('org_disconnected');
  });
});

describe('a first link that runs out unused', () => {
  it('is not "waiting for approval" anywhere, and the console says the link expired', async () => {
    const link = await requestLink();
    moveClockTo(link.expiresAt);
    const { consoleView, me, mia } = await everyReader();
    expect(consoleView).toMatchObject({
      state: 'not_connected',
      pendingLink: null,
      expiredLink: { expiresAt: link.expiresAt },
    });
    expect(me.zoom).toMatchObject({ orgState: 'not_connected', reason: 'org_not_connected' });
    expect(mia).toMatchObject({ reason: 'org_not_connected' });
    const summary = membersSummary.parse(await json('/api/org/members/summary'));
    expect(summary.notConnected).toBe(summary.members);
  });

  it('a new link clears the expired one', async () => {
    const first = await requestLink();
    moveClockTo(first.expiresAt);
    await requestLink();
    const view = orgZoomResponse.parse(await json('/api/org/zoom'));
    expect(view).toMatchObject({ state: 'pending_approval', expiredLink: null });
  });
});

describe('the org rule in SQL is the org rule in TypeScript', () => {
  const links = ['none', 'live', 'expired', 'revoked', 'used'] as const;
  const combos = [null, ...orgConnectionStates].flatMap((stored) =>
    links.map((link) => ({ stored, link })),
  );

  it(`agrees with orgConnectionState on all ${combos.length} combinations, on the real database`, async () => {
    const now = new Date('2026-06-01T12:00:00Z');
    const hour = 3_600_000;
    for (const [i, c] of combos.entries()) {
      const orgId = `org_state_${i}`;
      await service.deps.db.insert(orgs).values({ id: orgId, name: orgId });
      if (c.stored) await service.deps.db.insert(orgConnections).values({ orgId, state: c.stored });
      if (c.link !== 'none') {
        await service.deps.db.insert(approvalLinks).values({
          id: `link_${i}`,
          orgId,
          tokenHash: `hash_${i}`,
          tokenSealed: 'sealed',
          requestedByAccountId: 'acct_olivia',
          createdAt: new Date(now.getTime() - 2 * hour),
          expiresAt: new Date(now.getTime() + (c.link === 'expired' ? -hour : hour)),
          revokedAt: c.link === 'revoked' ? now : null,
          usedAt: c.link === 'used' ? now : null,
        });
      }
    }
    const rows = await service.deps.db
      .select({ id: orgs.id, state: orgStateColumn(sql`${now.toISOString()}`) })
      .from(orgs)
      .leftJoin(orgConnections, eq(orgConnections.orgId, orgs.id))
      .where(sql`${orgs.id} like 'org_state_%'`);
    const byId = new Map(rows.map((r) => [r.id, r.state as OrgConnectionState]));
    for (const [i, c] of combos.entries()) {
      const expected = orgConnectionState({ stored: c.stored, liveLink: c.link === 'live' });
      expect(byId.get(`org_state_${i}`), JSON.stringify(c)).toBe(expected);
    }
    expect(byId.size).toBe(6 * 5);
  });
});

describe('a member Zoom does not know (1001) is not "Connected" anywhere', () => {
  async function activeOrgWithMiaMissing() {
    await service.deps.db.insert(orgConnections).values({ orgId: 'org_acme', state: 'active' });
    await service.deps.db
      .update(memberships)
      .set({ zoomUserMissing: true })
      .where(eq(memberships.accountId, 'acct_mia'));
  }

  it('in their own view, the table, the counts and the CSV', async () => {
    await activeOrgWithMiaMissing();
    const { me, mia, csv } = await everyReader();
    expect(me.zoom).toMatchObject({
      status: 'not_connected',
      type: null,
      reason: 'not_in_zoom_account',
      orgState: 'active',
    });
    expect(mia).toMatchObject({
      status: 'not_connected',
      type: null,
      reason: 'not_in_zoom_account',
      zoomUserMissing: true,
    });
    expect(csv).toMatch(
      /mia@acme\.test,Member,Not connected,,Not a user of the organization's Zoom account/,
    );
    const summary = membersSummary.parse(await json('/api/org/members/summary'));
    expect(summary).toEqual({ members: 4, organization: 3, personal: 0, notConnected: 1 });
    const connected = membersResponse.parse(await json('/api/org/members?status=connected'));
    expect(connected.members.map((m) => m.email)).not.toContain('mia@acme.test');
    expect(connected.total).toBe(3);
  });
});
