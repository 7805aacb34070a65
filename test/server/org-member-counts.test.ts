import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMembers } from '../../bench/seed-members';
import type { DatabaseHandle } from '../../server/db/client';
import { seedDemo } from '../../server/seed/demo';
import { openTestDatabase } from './harness';

/**
 * org_member_counts (kept by triggers, migration 0006) must always equal a count over the base
 * tables: after members join and leave, flip "removed the org connection", connect, change and
 * drop a personal Zoom, and lose their account; and with all of that happening at once from
 * several connections (on PostgreSQL the pool's ten; PGlite takes them in turn).
 */
let handle: DatabaseHandle;
const ORG = 'org_acme';

beforeAll(async () => {
  handle = await openTestDatabase();
  await seedDemo(handle.db);
  await seedMembers(handle.db, { orgId: ORG, count: 90 });
});
afterAll(() => handle.close());

type Group = { removed: boolean; personal: string; members: number };

const sorted = (rows: Group[]) =>
  rows
    .filter((r) => r.members !== 0)
    .map((r) => `${r.removed}/${r.personal}: ${r.members}`)
    .sort();

async function kept(): Promise<string[]> {
  const { rows } = await handle.db.execute<Group>(sql`select removed_org_connection as removed,
      personal_state as personal, members from org_member_counts where org_id = ${ORG}`);
  return sorted(rows);
}

async function counted(): Promise<string[]> {
  const { rows } = await handle.db.execute<Group>(sql`select m.removed_org_connection as removed,
      coalesce(pc.state, 'none') as personal, count(*)::int as members
    from memberships m
      left join personal_connections pc on pc.account_id = m.account_id and pc.org_id = m.org_id
    where m.org_id = ${ORG} group by 1, 2`);
  return sorted(rows);
}

const run = (statement: ReturnType<typeof sql>) => handle.db.execute(statement);
const member = (n: number) => `${ORG}_m${n}`;

async function join(id: string) {
  await run(sql`insert into accounts (id, email, name, password_hash)
    values (${id}, ${`${id}@new.test`}, 'New Member', 'scrypt$disabled')`);
  await run(sql`insert into memberships (org_id, account_id, role, member_name, member_email)
    values (${ORG}, ${id}, 'user', 'New Member', ${`${id}@new.test`})`);
}

async function connectPersonal(id: string, state = 'active') {
  await run(sql`insert into personal_connections
      (account_id, org_id, state, zoom_user_id, zoom_account_id, zoom_email, connected_at)
    values (${id}, ${ORG}, ${state}, ${`zu_${id}`}, ${`za_${id}`}, ${`${id}@zoom.test`}, now())`);
}

describe('org_member_counts', () => {
  it('starts equal to a count of the members already there', async () => {
    expect(await kept()).toEqual(await counted());
    expect((await kept()).length).toBeGreaterThan(2);
  });

  it('follows joins, removals, the removed flag and personal connections one by one', async () => {
    const steps: [string, () => Promise<unknown>][] = [
      ['a member joins', () => join('acct_new_1')],
      ['the new member connects a personal Zoom', () => connectPersonal('acct_new_1')],
      [
        'their personal Zoom needs reconnecting',
        () =>
          run(sql`update personal_connections set state = 'needs_reconnect'
            where account_id = 'acct_new_1'`),
      ],
      [
        'they remove the org connection for themselves',
        () =>
          run(sql`update memberships set removed_org_connection = true
            where account_id = 'acct_new_1'`),
      ],
      [
        'a token refresh writes the connection without changing its state',
        () =>
          run(sql`update personal_connections set refresh_lease_id = 'lease'
            where account_id = 'acct_new_1'`),
      ],
      [
        'a role change touches the membership but not the inputs',
        () => run(sql`update memberships set role = 'admin' where account_id = 'acct_new_1'`),
      ],
      [
        'a personal Zoom is disconnected',
        () => run(sql`delete from personal_connections where account_id = ${member(10)}`),
      ],
      [
        'a member with a personal Zoom is removed from the org',
        () => run(sql`delete from memberships where account_id = ${member(20)}`),
      ],
      [
        'an account with both goes (cascade)',
        () => run(sql`delete from accounts where id = 'acct_new_1'`),
      ],
      [
        'a personal Zoom connects for someone who is not a member',
        async () => {
          await run(sql`insert into accounts (id, email, name, password_hash)
            values ('acct_outsider', 'outsider@new.test', 'Outsider', 'scrypt$disabled')`);
          await connectPersonal('acct_outsider');
        },
      ],
      ['the outsider then joins', () => join('acct_outsider_m')],
    ];
    for (const [what, step] of steps) {
      await step();
      expect(await kept(), what).toEqual(await counted());
    }
  });

  it('stays right with the same members changed from several connections at once', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => member(i + 31));
    const writes = ids.flatMap((id, i) => [
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`update memberships
          set removed_org_connection = not removed_org_connection where account_id = ${id}`);
      }),
      handle.db.transaction(async (tx) => {
        if (i % 3 === 0) {
          await tx.execute(sql`delete from personal_connections where account_id = ${id}`);
        } else {
          await tx.execute(sql`insert into personal_connections
              (account_id, org_id, state, zoom_user_id, zoom_account_id, zoom_email, connected_at)
            values (${id}, ${ORG}, 'active', ${`zu2_${id}`}, ${`za2_${id}`}, ${`${id}@z.test`}, now())
            on conflict (account_id) do update set state =
              case when personal_connections.state = 'active' then 'needs_reconnect' else 'active' end`);
        }
      }),
      i % 5 === 0
        ? handle.db.execute(sql`delete from memberships where account_id = ${id}`)
        : Promise.resolve(),
    ]);
    await Promise.all(writes);
    expect(await kept()).toEqual(await counted());
  });

  it('goes with the org', async () => {
    await run(sql`insert into orgs (id, name) values ('org_gone', 'Gone')`);
    await run(sql`insert into accounts (id, email, name, password_hash)
      values ('acct_gone', 'gone@new.test', 'Gone', 'scrypt$disabled')`);
    await run(sql`insert into memberships (org_id, account_id, role, member_name, member_email)
      values ('org_gone', 'acct_gone', 'owner', 'Gone', 'gone@new.test')`);
    await run(sql`delete from orgs where id = 'org_gone'`);
    const { rows } = await run(sql`select * from org_member_counts where org_id = 'org_gone'`);
    expect(rows).toEqual([]);
  });
});
