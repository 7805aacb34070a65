import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { orgZoomResponse } from '../../lib/contracts/api';
import { apiErrorBody } from '../../lib/contracts/errors';
import type { RunningZoomSandbox } from '../../sandbox/server';
import { memberships, orgConnections, orgs } from '../../server/db/schema';
import { seedOtherOrg, startServiceWithZoom, type TestServiceWithZoom } from './harness';
import { myZoom } from './personal-zoom';
import { connectOrgThroughZoom } from './zoom-browser';

let _zoom: RunningZoomSandbox;
let service: TestServiceWithZoom;
let owner: Record<string, string>;
let admin: Record<string, string>;
let mia: Record<string, string>;
let gina: Record<string, string>;

beforeAll(async () => {
  service = await startServiceWithZoom();
  _zoom = service.zoom;
  owner = await service.signIn('olivia@acme.test');
  admin = await service.signIn('adam@acme.test');
  mia = await service.signIn('mia@acme.test');
  gina = await seedOtherOrg(service);
  await connectOrgThroughZoom(service, owner);
});
afterAll(async () => {
  await service.close();
});
beforeEach(async () => {
  await service.deps.db.update(orgs).set({ allowMemberRemoval: false });
  await service.deps.db.update(memberships).set({ removedOrgConnection: false });
});

const setting = (headers: Record<string, string>, body: unknown) =>
  service.request('PATCH', '/api/org/zoom/settings', { headers, body });
const choose = (removed: boolean) =>
  service.request('PUT', '/api/me/zoom/org-connection', { headers: mia, body: { removed } });

async function allowRemoval(orgId = 'org_acme') {
  const [row] = await service.deps.db.select().from(orgs).where(eq(orgs.id, orgId));
  return row?.allowMemberRemoval;
}

describe("the org setting and a member's own removal", () => {
  it('lets a member remove the org connection for themselves and add it back while allowed', async () => {
    const res = await setting(admin, { allowMemberRemoval: true });
    expect(res.status).toBe(200);
    expect(orgZoomResponse.parse(await res.json()).settings.allowMemberRemoval).toBe(true);
    expect(await myZoom(service, mia)).toMatchObject({ canRemoveOrgConnection: true });

    const removed = await choose(true);
    expect(removed.status).toBe(200);
    expect(await removed.json()).toMatchObject({
      status: 'not_connected',
      reason: 'removed_by_member',
      removedOrgConnection: true,
    });
    // Only Mia: everyone else keeps the org connection.
    expect((await myZoom(service, owner)).type).toBe('organization');

    expect(await (await choose(false)).json()).toMatchObject({
      status: 'connected',
      type: 'organization',
      removedOrgConnection: false,
    });
  });

  it('refuses the removal with 403 while the setting is off, and changes nothing', async () => {
    const res = await choose(true);
    expect(res.status).toBe(403);
    expect(apiErrorBody.parse(await res.json()).error.code).toBe('forbidden');
    const [row] = await service.deps.db
      .select()
      .from(memberships)
      .where(eq(memberships.accountId, 'acct_mia'));
    expect(row?.removedOrgConnection).toBe(false);
    expect((await myZoom(service, mia)).type).toBe('organization');
  });

  it('puts a member back on the org connection when the setting is turned off again', async () => {
    await setting(owner, { allowMemberRemoval: true });
    await choose(true);
    await setting(owner, { allowMemberRemoval: false });
    expect(await myZoom(service, mia)).toMatchObject({
      type: 'organization',
      canRemoveOrgConnection: false,
      removedOrgConnection: false,
    });
  });

  it('lets only org admins change the setting (members get 403, nothing changes)', async () => {
    const res = await setting(mia, { allowMemberRemoval: true });
    expect(res.status).toBe(403);
    expect(apiErrorBody.parse(await res.json()).error.code).toBe('forbidden');
    expect(await allowRemoval()).toBe(false);
    const anonymous = await service.request('PATCH', '/api/org/zoom/settings', {
      body: { allowMemberRemoval: true },
    });
    expect(anonymous.status).toBe(401);
  });

  it("changes only the caller's own org when another org's admin sets it", async () => {
    const res = await setting(gina, { allowMemberRemoval: true });
    expect(res.status).toBe(200);
    expect(orgZoomResponse.parse(await res.json()).orgName).toBe('Globex');
    expect(await allowRemoval('org_globex')).toBe(true);
    expect(await allowRemoval('org_acme')).toBe(false);
  });

  it.each([
    ['a non-boolean', { allowMemberRemoval: 'yes' }],
    ['an unknown key', { allowMemberRemoval: true, orgId: 'org_globex' }],
    ['an empty body', {}],
  ])('rejects %s with 400 and the stable error shape', async (_label, body) => {
    const res = await setting(owner, body);
    expect(res.status).toBe(400);
    const error = apiErrorBody.parse(await res.json()).error;
    expect(error.code).toBe('bad_request');
    expect(error.issues?.length).toBeGreaterThan(0);
    expect(await allowRemoval()).toBe(false);
    const choice = await service.request('PUT', '/api/me/zoom/org-connection', {
      headers: mia,
      body: { removed: 'yes' },
    });
    expect(choice.status).toBe(400);
  });

  it('keeps the org connection row itself untouched by a member removal', async () => {
    await setting(owner, { allowMemberRemoval: true });
    const [before] = await service.deps.db.select().from(orgConnections);
    await choose(true);
    const [after] = await service.deps.db.select().from(orgConnections);
    expect(after).toEqual(before);
  });
});
