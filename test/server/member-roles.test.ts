import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, memberships } from '../../server/db/schema';
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

const setRole = (accountId: string, role: string, headers = owner) =>
  service.request('PATCH', `/api/org/members/${accountId}`, { headers, body: { role } });

async function roleOf(accountId: string) {
  const [row] = await service.deps.db
    .select({ role: memberships.role })
    .from(memberships)
    .where(eq(memberships.accountId, accountId));
  return row?.role;
}

describe('owners change roles', () => {
  it('promotes and demotes', async () => {
    const res = await setRole('acct_max', 'admin');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'acct_max', role: 'admin' });
    expect(await roleOf('acct_max')).toBe('admin');
    expect((await setRole('acct_max', 'user')).status).toBe(200);
    expect(await roleOf('acct_max')).toBe('user');
  });

  it('never demotes the last owner', async () => {
    await expectApiError(await setRole('acct_olivia', 'admin'), 409, 'last_owner');
    expect(await roleOf('acct_olivia')).toBe('owner');
    // With a second owner, one of them may step down.
    expect((await setRole('acct_adam', 'owner')).status).toBe(200);
    expect((await setRole('acct_olivia', 'admin')).status).toBe(200);
    const adam = await service.signIn('adam@acme.test');
    await expectApiError(await setRole('acct_adam', 'user', adam), 409, 'last_owner');
    expect((await setRole('acct_olivia', 'owner', adam)).status).toBe(200);
    expect((await setRole('acct_adam', 'admin')).status).toBe(200);
  });

  it('lets two owners demote each other at once without losing every owner', async () => {
    expect((await setRole('acct_adam', 'owner')).status).toBe(200);
    const adam = await service.signIn('adam@acme.test');
    const results = await Promise.all([
      setRole('acct_adam', 'admin', owner),
      setRole('acct_olivia', 'admin', adam),
    ]);
    // One wins. The other is refused either as the last owner (409) or, when the winner's
    // demotion committed first, as no longer an owner at all (403): both keep one owner.
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const owners = await service.deps.db
      .select()
      .from(memberships)
      .where(eq(memberships.role, 'owner'));
    expect(owners.filter((o) => o.orgId === 'org_acme')).toHaveLength(1);
    // Back to the demo roles.
    if ((await roleOf('acct_olivia')) !== 'owner') {
      const adamOwner = await service.signIn('adam@acme.test');
      expect((await setRole('acct_olivia', 'owner', adamOwner)).status).toBe(200);
    }
    expect((await setRole('acct_adam', 'admin')).status).toBe(200);
  });
});

describe('owners remove members', () => {
  it('removes a member: their account and sessions go, the email can be invited again', async () => {
    const max = await service.signIn('max@acme.test');
    const res = await service.request('DELETE', '/api/org/members/acct_max', { headers: owner });
    expect(res.status).toBe(204);
    expect(await roleOf('acct_max')).toBeUndefined();
    expect((await service.request('GET', '/api/me', { headers: max })).status).toBe(401);
    const again = await service.request('POST', '/api/org/invitations', {
      headers: owner,
      body: { email: 'max@acme.test', role: 'user' },
    });
    expect(again.status).toBe(201);
  });

  it('never removes the last owner', async () => {
    await expectApiError(
      await service.request('DELETE', '/api/org/members/acct_olivia', { headers: owner }),
      409,
      'last_owner',
    );
    expect(await roleOf('acct_olivia')).toBe('owner');
  });
});

describe('who may change roles and remove members', () => {
  it.each([
    ['an admin', () => admin],
    ['a member', () => member],
  ])('refuses %s (403) and changes nothing', async (_, who) => {
    await expectApiError(await setRole('acct_mia', 'admin', who()), 403, 'forbidden');
    await expectApiError(
      await service.request('DELETE', '/api/org/members/acct_mia', { headers: who() }),
      403,
      'forbidden',
    );
    expect(await roleOf('acct_mia')).toBe('user');
  });

  it("answers 404 to another org's owner and touches nothing", async () => {
    await expectApiError(await setRole('acct_mia', 'owner', otherAdmin), 404, 'not_found');
    await expectApiError(
      await service.request('DELETE', '/api/org/members/acct_mia', { headers: otherAdmin }),
      404,
      'not_found',
    );
    expect(await roleOf('acct_mia')).toBe('user');
    const [mia] = await service.deps.db.select().from(accounts).where(eq(accounts.id, 'acct_mia'));
    expect(mia).toBeTruthy();
  });

  it.each([[{ role: 'superuser' }], [{}], [{ role: 'admin', name: 'x' }], ['not json']])(
    'answers 400 for %o',
    async (body) => {
      await expectApiError(
        await service.request('PATCH', '/api/org/members/acct_mia', { headers: owner, body }),
        400,
        'bad_request',
      );
    },
  );
});
