import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approvalLinkView, invitationView, orgZoomResponse } from '../../lib/contracts/api';
import {
  approvalLinks,
  auditLog,
  invitations,
  oauthFlows,
  orgConnections,
} from '../../server/db/schema';
import { expectApiError, startServiceWithZoom, type TestServiceWithZoom } from './harness';
import { connectOrgThroughZoom } from './zoom-browser';

/**
 * Issue 9, "Double submits": a double click, a retry or two open consoles send the same
 * mutating request twice, possibly to two service processes at once. The second one must not
 * make a second link, invitation or audit entry, and a second Disconnect is not an error.
 */
let service: TestServiceWithZoom;
let second: Awaited<ReturnType<TestServiceWithZoom['secondInstance']>>;
let owner: Record<string, string>;
let admin: Record<string, string>;

beforeAll(async () => {
  service = await startServiceWithZoom();
  second = await service.secondInstance();
  owner = await service.signIn('olivia@acme.test');
  admin = await service.signIn('adam@acme.test');
}, 120_000);
afterAll(async () => {
  await second.close();
  await service.close();
});
beforeEach(async () => {
  await fetch(`${service.zoom.url}/_sandbox/reset`, { method: 'POST' });
  await service.deps.db.delete(oauthFlows);
  await service.deps.db.delete(approvalLinks);
  await service.deps.db.delete(orgConnections);
  await service.deps.db.delete(invitations);
  await service.deps.db.delete(auditLog);
});

async function auditActions(action: string) {
  return service.deps.db.select().from(auditLog).where(eq(auditLog.action, action));
}

const requestLink = (instance: { request: TestServiceWithZoom['request'] }, headers = owner) =>
  instance.request('POST', '/api/org/zoom/approval-links', { headers, body: {} });

const inviteFrom = (
  instance: { request: TestServiceWithZoom['request'] },
  email: string,
  role = 'user',
) => instance.request('POST', '/api/org/invitations', { headers: owner, body: { email, role } });

describe('"Connect Zoom for my organization" twice', () => {
  it('on two service processes at once makes one link and one audit entry', async () => {
    const answers = await Promise.all([requestLink(service), requestLink(second)]);
    expect(answers.map((r) => r.status)).toEqual([201, 201]);
    const [a, b] = await Promise.all(
      answers.map(async (r) => approvalLinkView.parse(await r.json())),
    );
    expect(b?.url).toBe(a?.url);
    expect(await service.deps.db.select().from(approvalLinks)).toHaveLength(1);
    expect(await auditActions('approval_link.requested')).toHaveLength(1);
  });

  it('one after the other within seconds returns the same, still working link', async () => {
    const first = approvalLinkView.parse(await (await requestLink(service)).json());
    const again = approvalLinkView.parse(await (await requestLink(second)).json());
    expect(again).toEqual(first);
    const live = await service.deps.db
      .select()
      .from(approvalLinks)
      .where(isNull(approvalLinks.revokedAt));
    expect(live).toHaveLength(1);
    expect(await auditActions('approval_link.requested')).toHaveLength(1);
  });

  it('still gives a new link when another admin asks, or when the link is older', async () => {
    const first = approvalLinkView.parse(await (await requestLink(service)).json());
    const byAdmin = approvalLinkView.parse(await (await requestLink(service, admin)).json());
    expect(byAdmin.url).not.toBe(first.url);
    await service.deps.db
      .update(approvalLinks)
      .set({ createdAt: new Date(Date.now() - 60_000) })
      .where(isNull(approvalLinks.revokedAt));
    const later = approvalLinkView.parse(await (await requestLink(service, admin)).json());
    expect(later.url).not.toBe(byAdmin.url);
    expect(await auditActions('approval_link.requested')).toHaveLength(3);
  });
});

describe('"Send invitation" twice', () => {
  it('on two service processes at once makes one invitation and one audit entry', async () => {
    const answers = await Promise.all([
      inviteFrom(service, 'twice@example.test'),
      inviteFrom(second, 'twice@example.test'),
    ]);
    expect(answers.map((r) => r.status)).toEqual([201, 201]);
    const [a, b] = await Promise.all(
      answers.map(async (r) => invitationView.parse(await r.json())),
    );
    expect(a?.url).toMatch(/\/invite\//);
    expect(b?.id).toBe(a?.id);
    expect(b?.url).toBe(a?.url);
    expect(await service.deps.db.select().from(invitations)).toHaveLength(1);
    expect(await auditActions('invitation.created')).toHaveLength(1);
  });

  it('returns the pending invitation, whose link still works', async () => {
    const first = invitationView.parse(await (await inviteFrom(service, 'p@example.test')).json());
    const again = invitationView.parse(await (await inviteFrom(second, 'p@example.test')).json());
    expect(again).toEqual(first);
    const token = first.url?.split('/invite/')[1] ?? '';
    expect((await service.request('GET', `/api/invitations/${token}`)).status).toBe(200);
  });

  it('with another role is a new invitation that replaces the pending one', async () => {
    const first = invitationView.parse(await (await inviteFrom(service, 'r@example.test')).json());
    const admin = invitationView.parse(
      await (await inviteFrom(service, 'r@example.test', 'admin')).json(),
    );
    expect(admin.id).not.toBe(first.id);
    const pending = await service.deps.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.email, 'r@example.test'), isNull(invitations.revokedAt)));
    expect(pending.map((p) => p.role)).toEqual(['admin']);
  });
});

describe('"Disconnect" twice', () => {
  it('answers the second one with the disconnected state, and audits once', async () => {
    await connectOrgThroughZoom(service, owner);
    const answers = await Promise.all([
      service.request('POST', '/api/org/zoom/disconnect', { headers: owner }),
      second.request('POST', '/api/org/zoom/disconnect', { headers: owner }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200]);
    for (const res of answers) {
      expect(orgZoomResponse.parse(await res.json()).state).toBe('disconnected');
    }
    const again = await service.request('POST', '/api/org/zoom/disconnect', { headers: owner });
    expect(again.status).toBe(200);
    expect(await auditActions('org_connection.disconnected')).toHaveLength(1);
  });

  it('still refuses when Zoom was never connected (409), changing nothing', async () => {
    await expectApiError(
      await service.request('POST', '/api/org/zoom/disconnect', { headers: owner }),
      409,
      'conflict',
    );
    expect(await service.deps.db.select().from(orgConnections)).toHaveLength(0);
  });
});
