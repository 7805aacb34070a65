import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approvalInfo, approvalLinkView, orgZoomResponse } from '../../lib/contracts/api';
import { apiErrorBody } from '../../lib/contracts/errors';
import { approvalLinks, auditLog, orgConnections } from '../../server/db/schema';
import { pendingApprovalLink, redeemableLink } from '../../server/domain/approval-links';
import { seedOtherOrg, startTestService, type TestService } from './harness';

let service: TestService;
let owner: Record<string, string>;
let admin: Record<string, string>;
let member: Record<string, string>;
let otherOrgOwner: Record<string, string>;

beforeAll(async () => {
  service = await startTestService();
  owner = await service.signIn('olivia@acme.test');
  admin = await service.signIn('adam@acme.test');
  member = await service.signIn('mia@acme.test');
  otherOrgOwner = await seedOtherOrg(service);
});
afterAll(() => service.close());
beforeEach(async () => {
  await service.deps.db.delete(approvalLinks);
  await service.deps.db.delete(orgConnections);
});

function tokenOf(url: string): string {
  return url.split('/').at(-1) ?? '';
}

async function createLink(headers: Record<string, string>) {
  const res = await service.request('POST', '/api/org/zoom/approval-links', { headers, body: {} });
  expect(res.status).toBe(201);
  return approvalLinkView.parse(await res.json());
}

/**
 * "Generate a new link" some time after the last one: within seconds, the same admin asking
 * again gets the same link (double-submits.test.ts).
 */
async function ageLinks() {
  await service.deps.db.update(approvalLinks).set({ createdAt: new Date(Date.now() - 60_000) });
}

/** The error an approver's browser (or the console) shows for a refused request. */
async function errorOf(res: Response) {
  return apiErrorBody.parse(await res.json()).error;
}

describe('approval links', () => {
  it('gives an org admin a link on PUBLIC_URL that expires in 7 days', async () => {
    const link = await createLink(admin);
    expect(link.url).toMatch(/^http:\/\/service\.test\/approve\/[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(link.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    expect(link.requestedBy).toEqual({ name: 'Adam Admin', email: 'adam@acme.test' });
  });

  it('stores the token hashed and sealed, never in the clear', async () => {
    const link = await createLink(owner);
    const [row] = await service.deps.db.select().from(approvalLinks);
    expect(row?.tokenHash).not.toBe(tokenOf(link.url));
    expect(row?.tokenSealed).not.toContain(tokenOf(link.url));
  });

  it('shows the pending link again in the console, with state pending_approval', async () => {
    const link = await createLink(owner);
    const res = await service.request('GET', '/api/org/zoom', { headers: admin });
    const view = orgZoomResponse.parse(await res.json());
    expect(view.state).toBe('pending_approval');
    expect(view.pendingLink?.url).toBe(link.url);
    expect(view.pendingLink?.requestedBy.name).toBe('Olivia Owner');
  });

  it('revokes the previous link when a new one is generated', async () => {
    const first = await createLink(owner);
    await ageLinks();
    const second = await createLink(owner);
    const old = await service.request('GET', `/api/approvals/${tokenOf(first.url)}`);
    expect(old.status).toBe(410);
    expect(await errorOf(old)).toMatchObject({
      code: 'link_revoked',
      message: 'This approval link was replaced or revoked by an admin of the organization.',
    });
    const current = await service.request('GET', `/api/approvals/${tokenOf(second.url)}`);
    expect(current.status).toBe(200);
    expect(approvalInfo.parse(await current.json())).toMatchObject({
      orgName: 'Acme Scheduling',
      requestedBy: { name: 'Olivia Owner' },
    });
  });

  it('refuses an expired link with its own code', async () => {
    const link = await createLink(owner);
    await service.deps.db.update(approvalLinks).set({ expiresAt: new Date(Date.now() - 1000) });
    const res = await service.request('GET', `/api/approvals/${tokenOf(link.url)}`);
    expect(res.status).toBe(410);
    expect(await errorOf(res)).toMatchObject({
      code: 'link_expired',
      message: 'This approval link has expired.',
    });
    const view = orgZoomResponse.parse(
      await (await service.request('GET', '/api/org/zoom', { headers: owner })).json(),
    );
    expect(view.pendingLink).toBeNull();
    expect(view.state).toBe('not_connected');
  });

  it('refuses an unknown link with 404', async () => {
    const res = await service.request('GET', `/api/approvals/${'x'.repeat(43)}`);
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toMatchObject({
      code: 'link_not_found',
      message: 'This approval link does not exist.',
    });
  });

  it('stops working at the very moment it expires, for approvers and in the console', async () => {
    const link = await createLink(owner);
    const expiresAt = new Date(link.expiresAt);
    const justBefore = new Date(expiresAt.getTime() - 1);
    const at = (now: Date) => ({ ...service.deps, now: () => now });

    expect((await redeemableLink(service.deps.db, justBefore, tokenOf(link.url))).info).toEqual(
      expect.objectContaining({ expiresAt: link.expiresAt }),
    );
    expect((await pendingApprovalLink(at(justBefore), 'org_acme'))?.url).toBe(link.url);

    const refused = await redeemableLink(service.deps.db, expiresAt, tokenOf(link.url)).catch(
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ code: 'link_expired' });
    expect(await pendingApprovalLink(at(expiresAt), 'org_acme')).toBeNull();
  });

  it('records who requested each link in the audit log', async () => {
    const link = await createLink(admin);
    const rows = await service.deps.db.select().from(auditLog);
    expect(rows).toContainEqual(
      expect.objectContaining({
        action: 'approval_link.requested',
        actorLabel: 'adam@acme.test',
        detail: { expiresAt: link.expiresAt },
      }),
    );
  });
});

describe('approval links against the stored state', () => {
  it('refuses a new link while Zoom is connected (409), and changes nothing', async () => {
    await service.deps.db
      .insert(orgConnections)
      .values({ orgId: 'org_acme', state: 'active', updatedAt: new Date() });
    const res = await service.request('POST', '/api/org/zoom/approval-links', {
      headers: owner,
      body: {},
    });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({
      code: 'conflict',
      message: 'Zoom is already connected for this organization.',
    });
    expect(await service.deps.db.select().from(approvalLinks)).toHaveLength(0);
    const [row] = await service.deps.db.select().from(orgConnections);
    expect(row?.state).toBe('active');
  });

  it('stores exactly one live link: the previous one is marked revoked in the database', async () => {
    await createLink(owner);
    await ageLinks();
    await createLink(owner);
    const rows = await service.deps.db.select().from(approvalLinks);
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.revokedAt === null)).toHaveLength(1);
    const [connection] = await service.deps.db.select().from(orgConnections);
    expect(connection?.state).toBe('pending_approval');
  });

  it('revokes the pending link in the database, puts the org back to not_connected and audits it', async () => {
    const link = await createLink(owner);
    await service.deps.db.delete(auditLog);
    const res = await service.request('DELETE', '/api/org/zoom/approval-links/current', {
      headers: admin,
    });
    expect(res.status).toBeLessThan(300);
    const [row] = await service.deps.db.select().from(approvalLinks);
    expect(row?.revokedAt).toBeInstanceOf(Date);
    expect(row?.usedAt).toBeNull();
    const [connection] = await service.deps.db.select().from(orgConnections);
    expect(connection).toMatchObject({ state: 'not_connected', stateReason: null });
    const audit = await service.deps.db.select().from(auditLog);
    expect(audit.map((a) => [a.action, a.actorLabel])).toEqual([
      ['approval_link.revoked', 'adam@acme.test'],
    ]);
    const old = await service.request('GET', `/api/approvals/${tokenOf(link.url)}`);
    expect(apiErrorBody.parse(await old.json()).error.code).toBe('link_revoked');

    // Nothing left to revoke: 404, and no second audit entry.
    const again = await service.request('DELETE', '/api/org/zoom/approval-links/current', {
      headers: admin,
    });
    expect(again.status).toBe(404);
    expect(await errorOf(again)).toMatchObject({
      code: 'not_found',
      message: 'There is no pending approval link.',
    });
    expect(await service.deps.db.select().from(auditLog)).toHaveLength(1);
  });

  it('refuses a used link with its own code', async () => {
    const link = await createLink(owner);
    await service.deps.db.update(approvalLinks).set({ usedAt: new Date() });
    const res = await service.request('GET', `/api/approvals/${tokenOf(link.url)}`);
    expect(res.status).toBe(410);
    expect(await errorOf(res)).toMatchObject({
      code: 'link_used',
      message: 'This approval link was already used to connect Zoom.',
    });
  });
});

describe('who may use the console', () => {
  it('refuses members: 403 and no link created', async () => {
    const res = await service.request('POST', '/api/org/zoom/approval-links', {
      headers: member,
      body: {},
    });
    expect(res.status).toBe(403);
    expect(apiErrorBody.parse(await res.json()).error.code).toBe('forbidden');
    expect(await service.deps.db.select().from(approvalLinks)).toHaveLength(0);
    expect((await service.request('GET', '/api/org/zoom', { headers: member })).status).toBe(403);
    expect((await service.request('GET', '/api/org/members', { headers: member })).status).toBe(
      403,
    );
  });

  it("shows another org's admin only their own org", async () => {
    await createLink(owner);
    const res = await service.request('GET', '/api/org/zoom', { headers: otherOrgOwner });
    const view = orgZoomResponse.parse(await res.json());
    expect(view.orgName).toBe('Globex');
    expect(view.pendingLink).toBeNull();
    const members = (await (
      await service.request('GET', '/api/org/members', { headers: otherOrgOwner })
    ).json()) as {
      members: { email: string }[];
    };
    expect(members.members.map((m) => m.email)).toEqual(['gina@globex.test']);
  });
});
