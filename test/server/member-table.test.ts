import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMembers } from '../../bench/seed-members';
import { type MemberRow, membersResponse, membersSummary } from '../../lib/contracts/api';
import { apiErrorBody } from '../../lib/contracts/errors';
import {
  effectiveConnection,
  orgConnectionState,
  orgConnectionStates,
  personalConnectionStates,
} from '../../lib/domain/effective-connection';
import {
  accounts,
  memberships,
  orgConnections,
  orgs,
  personalConnections,
} from '../../server/db/schema';
import { rowsRead } from '../../server/domain/member-table';
import { seedOtherOrg, startTestService, type TestService } from './harness';

let service: TestService;
let owner: Record<string, string>;
let member: Record<string, string>;
let otherAdmin: Record<string, string>;

beforeAll(async () => {
  service = await startTestService();
  owner = await service.signIn('olivia@acme.test');
  member = await service.signIn('mia@acme.test');
  otherAdmin = await seedOtherOrg(service);
  // 4 demo members + 300 bulk ones (every 10th personal, every 20th removed the org one).
  await seedMembers(service.deps.db, { orgId: 'org_acme', count: 300 });
  await seedMembers(service.deps.db, { orgId: 'org_globex', count: 20 });
});
afterAll(() => service.close());

async function page(query: string, headers = owner) {
  const res = await service.request('GET', `/api/org/members?${query}`, { headers });
  expect(res.status, await res.clone().text()).toBe(200);
  return membersResponse.parse(await res.json());
}

async function allPages(
  query: string,
  limit = 37,
): Promise<{ rows: MemberRow[]; totals: number[] }> {
  const rows: MemberRow[] = [];
  const totals: number[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor ? `&cursor=${cursor}` : '';
    const p = await page(`${query}&limit=${limit}${suffix}`);
    rows.push(...p.members);
    totals.push(p.total);
    cursor = p.nextCursor;
  } while (cursor);
  return { rows, totals };
}

async function setOrg(state: (typeof orgConnectionStates)[number], allowMemberRemoval: boolean) {
  await service.deps.db.delete(orgConnections).where(sql`org_id = 'org_acme'`);
  await service.deps.db.insert(orgConnections).values({ orgId: 'org_acme', state });
  await service.deps.db.update(orgs).set({ allowMemberRemoval }).where(sql`id = 'org_acme'`);
}

const byName = (a: MemberRow, b: MemberRow) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

describe('the member table pages on the server', () => {
  it('pages through every member once, in name order, with the total', async () => {
    const { rows, totals } = await allPages('sort=name&dir=asc');
    expect(rows).toHaveLength(304);
    expect(new Set(rows.map((r) => r.id)).size).toBe(304);
    expect(new Set(totals)).toEqual(new Set([304]));
    // The database's collation decides the order; it must be a consistent total order.
    const names = rows.map((r) => r.name);
    const [{ sorted }] = (
      await service.deps.db.execute(
        sql`select array_agg(member_name order by member_name, account_id) as sorted from memberships where org_id = 'org_acme'`,
      )
    ).rows as [{ sorted: string[] }];
    expect(names).toEqual(sorted);
  });

  // A page's statement reads one of a few row counts (rowsRead); the page is cut from them.
  it.each([1, 25, 26, 50, 51, 200])(
    'pages by %i as it reads, cut from its statement',
    async (limit) => {
      const all = await allPages('sort=name&dir=asc', 100);
      const first = await page(`sort=name&dir=asc&limit=${limit}`);
      expect(first.members).toEqual(all.rows.slice(0, limit));
      const second = await page(`sort=name&dir=asc&limit=${limit}&cursor=${first.nextCursor}`);
      expect(second.members).toEqual(all.rows.slice(limit, 2 * limit));
      expect(second.nextCursor === null).toBe(2 * limit >= 304);
    },
  );

  it('reads the next row count at or above limit + 1, from a handful of statements', () => {
    for (let limit = 1; limit <= 200; limit++) expect(rowsRead(limit)).toBeGreaterThan(limit);
    const counts = new Set(Array.from({ length: 200 }, (_, i) => rowsRead(i + 1)));
    expect([...counts]).toEqual([26, 51, 101, 201]);
    expect(rowsRead(5000)).toBe(5001);
  });

  it('sorts descending and by email', async () => {
    const desc = await allPages('sort=name&dir=desc', 100);
    const asc = await allPages('sort=name&dir=asc', 100);
    expect(desc.rows.map((r) => r.id)).toEqual(asc.rows.map((r) => r.id).reverse());
    const byEmail = await allPages('sort=email&dir=asc', 100);
    expect(byEmail.rows).toHaveLength(304);
    expect(new Set(byEmail.rows.map((r) => r.id)).size).toBe(304);
  });

  it('sorts by status and type, grouping rows and keeping name order inside a group', async () => {
    await setOrg('active', true);
    for (const dir of ['asc', 'desc'] as const) {
      const { rows } = await allPages(`sort=type&dir=${dir}`, 41);
      expect(rows).toHaveLength(304);
      const rank = (r: MemberRow) =>
        r.type === 'organization' ? 0 : r.type === 'personal' ? 1 : 2;
      const ranks = rows.map(rank);
      const sortedRanks = [...ranks].sort((a, b) => (dir === 'asc' ? a - b : b - a));
      expect(ranks).toEqual(sortedRanks);
      expect(new Set(rows.map((r) => r.id)).size).toBe(304);
      const organization = rows.filter((r) => r.type === 'organization');
      expect(organization).toEqual([...organization].sort(byName));
      const status = await allPages(`sort=status&dir=${dir}`, 41);
      const first = status.rows[0]?.status;
      expect(first).toBe(dir === 'asc' ? 'connected' : 'not_connected');
    }
  });

  it('keeps a cursor stable when members join between pages', async () => {
    const first = await page('sort=name&limit=20');
    await seedMembers(service.deps.db, { orgId: 'org_acme', count: 5, prefix: 'late_' });
    const rest: MemberRow[] = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const p = await page(`sort=name&limit=50&cursor=${cursor}`);
      rest.push(...p.members);
      cursor = p.nextCursor;
    }
    const seen = [...first.members, ...rest];
    expect(new Set(seen.map((r) => r.id)).size).toBe(seen.length);
    const lastOfFirst = first.members.at(-1) as MemberRow;
    // Every row after the first page sorts after its last row: nothing repeats or shifts.
    for (const r of rest) expect(byName(lastOfFirst, r)).toBe(-1);
    await service.deps.db.delete(accounts).where(sql`id like 'late_%'`);
  });

  it('searches names and emails, case-insensitively, anywhere in the text', async () => {
    const smith = await allPages('q=SMITH', 100);
    expect(smith.rows.length).toBeGreaterThan(0);
    expect(smith.rows.every((r) => /smith/i.test(r.name) || /smith/i.test(r.email))).toBe(true);
    expect(smith.totals[0]).toBe(smith.rows.length);
    const olivia = await page('q=olivia@acme');
    expect(olivia.members.map((r) => r.email)).toEqual(['olivia@acme.test']);
    // LIKE wildcards are plain characters.
    expect((await page('q=%25')).total).toBe(0);
    expect((await page('q=x_y')).total).toBe(0);
  });

  it('filters by status and type, and the total counts the filter', async () => {
    await setOrg('active', false);
    const personal = await allPages('type=personal', 100);
    expect(personal.rows.every((r) => r.type === 'personal')).toBe(true);
    // Every 10th bulk member has a personal connection; every 30th of those needs reconnecting.
    expect(personal.rows).toHaveLength(30 - 10);
    const org = await allPages('type=organization', 100);
    expect(org.rows).toHaveLength(304 - 20);
    expect(org.totals[0]).toBe(284);
    const notConnected = await page('status=not_connected');
    expect(notConnected.total).toBe(0);
    const combined = await page('status=connected&type=personal&q=smith');
    expect(combined.members.every((r) => r.type === 'personal' && /smith/i.test(r.name))).toBe(
      true,
    );
  });

  it('counts members, organization, personal and not connected', async () => {
    await setOrg('active', true);
    const res = await service.request('GET', '/api/org/members/summary', { headers: owner });
    const summary = membersSummary.parse(await res.json());
    // Removed: every 20th bulk member (15); those with a working personal keep it, the 5 whose
    // personal needs reconnecting (every 60th) are not connected.
    expect(summary).toEqual({ members: 304, personal: 20, notConnected: 5, organization: 279 });
    await setOrg('needs_reconnect', false);
    const after = membersSummary.parse(
      await (await service.request('GET', '/api/org/members/summary', { headers: owner })).json(),
    );
    expect(after).toEqual({ members: 304, personal: 20, notConnected: 284, organization: 0 });
  });
});

describe('the rule in SQL is the rule in TypeScript', () => {
  it('agrees with effectiveConnection on every combination, on the real database', async () => {
    // One member per combination of the per-member inputs.
    const combos = personalConnectionStates.flatMap((personal) =>
      [false, true].flatMap((removedByMember) =>
        [false, true].flatMap((zoomUserMissing) =>
          [false, true].map((emailVerified) => ({
            personal,
            removedByMember,
            zoomUserMissing,
            emailVerified,
          })),
        ),
      ),
    );
    await service.deps.db.insert(orgs).values({ id: 'org_rule', name: 'Rule' });
    for (const [i, c] of combos.entries()) {
      const id = `rule_${i}`;
      await service.deps.db
        .insert(accounts)
        .values({ id, email: `${id}@rule.test`, name: id, passwordHash: 'x' });
      await service.deps.db.insert(memberships).values({
        orgId: 'org_rule',
        accountId: id,
        role: 'user',
        memberName: id,
        memberEmail: `${id}@rule.test`,
        removedOrgConnection: c.removedByMember,
        zoomUserMissing: c.zoomUserMissing,
        emailVerified: c.emailVerified,
      });
      if (c.personal !== 'none') {
        await service.deps.db.insert(personalConnections).values({
          accountId: id,
          orgId: 'org_rule',
          state: c.personal,
          zoomUserId: id,
          zoomAccountId: id,
          zoomEmail: `${id}@zoom.test`,
          connectedAt: new Date(),
        });
      }
    }
    const { listMembers, membersSummary: summary } = await import(
      '../../server/domain/member-table'
    );
    let checked = 0;
    for (const org of orgConnectionStates) {
      for (const allowMemberRemoval of [false, true]) {
        await service.deps.db.delete(orgConnections).where(sql`org_id = 'org_rule'`);
        await service.deps.db.insert(orgConnections).values({ orgId: 'org_rule', state: org });
        await service.deps.db.update(orgs).set({ allowMemberRemoval }).where(sql`id = 'org_rule'`);
        const { members } = await listMembers(service.deps, 'org_rule', {
          sort: 'name',
          dir: 'asc',
          limit: 50,
        });
        const counts = { organization: 0, personal: 0, notConnected: 0 };
        for (const [i, c] of combos.entries()) {
          // No approval link here: a stored pending_approval without one is nothing to approve.
          const orgState = orgConnectionState({ stored: org, liveLink: false });
          const expected = effectiveConnection({ ...c, org: orgState, allowMemberRemoval });
          const row = members.find((m) => m.id === `rule_${i}`);
          expect(row, JSON.stringify({ ...c, org, allowMemberRemoval })).toMatchObject({
            status: expected.status,
            type: expected.type,
            reason: expected.status === 'not_connected' ? expected.reason : null,
          });
          if (expected.type === 'organization') counts.organization++;
          if (expected.type === 'personal') counts.personal++;
          if (expected.status === 'not_connected') counts.notConnected++;
          // And the filters select exactly the rows the rule puts there.
          checked++;
        }
        for (const type of ['organization', 'personal'] as const) {
          const filtered = await listMembers(service.deps, 'org_rule', {
            sort: 'type',
            dir: 'asc',
            limit: 50,
            type,
          });
          expect(filtered.total).toBe(counts[type]);
        }
        const notConnected = await listMembers(service.deps, 'org_rule', {
          sort: 'status',
          dir: 'desc',
          limit: 50,
          status: 'not_connected',
        });
        expect(notConnected.total).toBe(counts.notConnected);
        expect(await summary(service.deps, 'org_rule')).toEqual({
          members: combos.length,
          ...counts,
        });
      }
    }
    expect(combos).toHaveLength(24);
    expect(checked).toBe(combos.length * orgConnectionStates.length * 2);
  });
});

describe('CSV export', () => {
  it('streams every row of the filter with escaping and formula neutralized', async () => {
    await setOrg('active', false);
    await service.deps.db
      .update(memberships)
      .set({ memberName: '=HYPERLINK("http://evil.test","x"), Jr.' })
      .where(sql`account_id = 'acct_max'`);
    await service.deps.db
      .update(memberships)
      .set({ memberName: '@Adam "The Admin"\nSecond line' })
      .where(sql`account_id = 'acct_adam'`);
    const res = await service.request('GET', '/api/org/members.csv?sort=email', { headers: owner });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    const text = await res.text();
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('Name,Email,Role,Status,Type,Reason');
    expect(text).toContain(
      `"'=HYPERLINK(""http://evil.test"",""x""), Jr.",max@acme.test,Member,Connected,Organization,`,
    );
    expect(text).toContain(`"'@Adam ""The Admin""\nSecond line",adam@acme.test,Admin,`);
    // 304 members + header + the trailing empty string after the last \r\n (one row has \n).
    expect(lines.length).toBe(304 + 2);
    const personal = await service.request('GET', '/api/org/members.csv?type=personal', {
      headers: owner,
    });
    const personalLines = (await personal.text()).trim().split('\r\n');
    expect(personalLines).toHaveLength(1 + 20);
    expect(personalLines.slice(1).every((l) => l.includes(',Personal,'))).toBe(true);
    await service.deps.db
      .update(memberships)
      .set({ memberName: sql`(select name from accounts where id = account_id)` })
      .where(sql`account_id in ('acct_max', 'acct_adam')`);
  });
});

describe('who may see the member table', () => {
  const endpoints = ['/api/org/members', '/api/org/members/summary', '/api/org/members.csv'];

  it.each(endpoints)('%s refuses a member (403) and a stranger (401)', async (path) => {
    const res = await service.request('GET', path, { headers: member });
    expect(res.status).toBe(403);
    expect(apiErrorBody.parse(await res.json()).error.code).toBe('forbidden');
    expect((await service.request('GET', path)).status).toBe(401);
  });

  it("shows another org's admin only their own members", async () => {
    const other = await service.request('GET', '/api/org/members?limit=200', {
      headers: otherAdmin,
    });
    const body = membersResponse.parse(await other.json());
    expect(body.total).toBe(21);
    expect(
      body.members.every((m) => m.email.endsWith('@globex.test') || m.id.startsWith('org_globex')),
    ).toBe(true);
    const search = membersResponse.parse(
      await (
        await service.request('GET', '/api/org/members?q=olivia', { headers: otherAdmin })
      ).json(),
    );
    expect(search.total).toBe(0);
    const csv = await (
      await service.request('GET', '/api/org/members.csv', { headers: otherAdmin })
    ).text();
    expect(csv).not.toContain('acme.test');
    const summary = membersSummary.parse(
      await (
        await service.request('GET', '/api/org/members/summary', { headers: otherAdmin })
      ).json(),
    );
    expect(summary.members).toBe(21);
  });

  it.each([
    'limit=0',
    'limit=500',
    'sort=role',
    'dir=up',
    'status=maybe',
    'type=zoom',
    'cursor=not-a-cursor',
    `q=${'x'.repeat(101)}`,
    'unknown=1',
  ])('answers 400 with the stable shape for %s', async (query) => {
    const res = await service.request('GET', `/api/org/members?${query}`, { headers: owner });
    expect(res.status).toBe(400);
    expect(apiErrorBody.parse(await res.json()).error.code).toBe('bad_request');
  });

  it('refuses a cursor from another sort', async () => {
    const first = await page('sort=name&limit=5');
    const res = await service.request(
      'GET',
      `/api/org/members?sort=email&cursor=${first.nextCursor}`,
      {
        headers: owner,
      },
    );
    expect(res.status).toBe(400);
  });
});
