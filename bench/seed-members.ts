import { sql } from 'drizzle-orm';
import type { Database } from '../server/db/client';

export const FIRST_NAMES = [
  'Ava',
  'Ben',
  'Chloé',
  'Dev',
  'Emma',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kara',
  'Liam',
  'Maya',
  'Noah',
  'Olga',
  'Priya',
  'Quinn',
  'Rosa',
  'Sam',
  'Tariq',
];
export const LAST_NAMES = [
  'Smith',
  'García',
  'Nguyen',
  'Okafor',
  'Müller',
  'Kowalski',
  'Rossi',
  'Tanaka',
  'Silva',
  "O'Brien",
  'Johansson',
  'Haddad',
  'Novak',
  'Dubois',
  'Kim',
  'Patel',
  'Larsen',
  'Moreau',
  'Costa',
  'Ivanova',
  'Fischer',
  'Lopez',
  'Chen',
  'Brown',
  'Wilson',
];

/**
 * Adds `count` members to an org in three set-based statements (generate_series), with a
 * realistic mix: every 10th has a personal Zoom (every 30th of those needs reconnecting), every
 * 20th removed the org connection for themselves, every 500th is an admin.
 */
export async function seedMembers(
  db: Database,
  opts: { orgId: string; count: number; prefix?: string },
): Promise<void> {
  const prefix = opts.prefix ?? `${opts.orgId}_m`;
  const first = sql.raw(`array[${FIRST_NAMES.map((n) => `'${n}'`).join(',')}]`);
  const last = sql.raw(`array[${LAST_NAMES.map((n) => `'${n.replace(/'/g, "''")}'`).join(',')}]`);
  const people = sql`select g,
      ${prefix} || g as id,
      (${first})[1 + g % ${FIRST_NAMES.length}] || ' ' || (${last})[1 + (g / ${FIRST_NAMES.length}) % ${LAST_NAMES.length}] as name,
      lower(replace((${first})[1 + g % ${FIRST_NAMES.length}] || '.' || (${last})[1 + (g / ${FIRST_NAMES.length}) % ${LAST_NAMES.length}], '''', '')) || '.' || ${prefix} || g || '@bulk.test' as email
    from generate_series(1, ${opts.count}::int) as g`;
  await db.execute(sql`insert into accounts (id, email, name, password_hash)
    select id, email, name, 'scrypt$disabled' from (${people}) p`);
  await db.execute(sql`insert into memberships
      (org_id, account_id, role, member_name, member_email, removed_org_connection)
    select ${opts.orgId}, id, case when g % 500 = 0 then 'admin' else 'user' end, name, email, g % 20 = 0
    from (${people}) p`);
  await db.execute(sql`insert into personal_connections
      (account_id, org_id, state, zoom_user_id, zoom_account_id, zoom_email, connected_at)
    select id, ${opts.orgId}, case when g % 30 = 0 then 'needs_reconnect' else 'active' end,
      'zu_' || id, 'za_' || id, email, now()
    from (${people}) p where g % 10 = 0`);
  await db.execute(sql`vacuum analyze accounts`);
  await db.execute(sql`vacuum analyze memberships`);
  await db.execute(sql`vacuum analyze personal_connections`);
}
