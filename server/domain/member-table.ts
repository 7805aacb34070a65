import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  MemberRow,
  MembersResponse,
  MembersSummary,
  membersFilter,
} from '../../lib/contracts/api';
import type { ConnectionOutcome } from '../../lib/domain/effective-connection';
import { memberships, personalConnections } from '../db/schema';
import type { Deps } from '../deps';
import { ApiError } from '../http/errors';
import { memberConnectionSql } from './member-connection-sql';
import { orgZoomState } from './org-connection';

/**
 * The admin member table at 100,000 members: one set-based query per page. Status and Type are
 * computed in SQL from the one rule (member-connection-sql.ts) with the org's state bound as
 * parameters, so nothing is stored per member and nothing is rewritten when the org connects.
 *
 * Plans on PostgreSQL 15, 100,000 members (npm run bench; EXPLAIN in test/server/member-table-plan):
 * - sort by name/email: Index Scan on memberships_org_name_idx / _email_idx with the keyset as
 *   an index condition `ROW(member_name, account_id) > ROW($, $)`, nested loop into
 *   personal_connections_pkey, stops after limit+1 rows.
 * - search `q`: BitmapOr over memberships_name_trgm_idx and memberships_email_trgm_idx for
 *   selective terms (≥ 3 characters); short terms walk the name index and filter.
 * - total and summary: one pass over the org's memberships (index-only on the name index)
 *   hash-joined to personal_connections.
 */

export type MembersFilterInput = z.output<typeof membersFilter>;
type Page = { cursor?: string; limit: number };

const typeRank = (o: ConnectionOutcome) =>
  o.status === 'connected' ? (o.type === 'organization' ? 0 : 1) : 2;
const statusRank = (o: ConnectionOutcome) => (o.status === 'connected' ? 0 : 1);

function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

async function memberQueryParts(deps: Deps, orgId: string, filter: MembersFilterInput) {
  const org = await orgZoomState(deps, orgId);
  const zoom = memberConnectionSql(org, {
    personal: sql`coalesce(${personalConnections.state}, 'none')`,
    removedByMember: sql`${memberships.removedOrgConnection}`,
  });
  const conditions: SQL[] = [eq(memberships.orgId, orgId)];
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    conditions.push(
      sql`(${memberships.memberName} ilike ${pattern} or ${memberships.memberEmail} ilike ${pattern})`,
    );
  }
  if (filter.status) conditions.push(zoom.where((o) => o.status === filter.status));
  if (filter.type) {
    conditions.push(zoom.where((o) => o.status === 'connected' && o.type === filter.type));
  }
  return { zoom, where: and(...conditions) as SQL };
}

const personalJoin = eq(personalConnections.accountId, memberships.accountId);

/** Sort keys in order; the last is always the account id, so the order is total. */
function sortKeys(
  filter: MembersFilterInput,
  zoom: Awaited<ReturnType<typeof memberQueryParts>>['zoom'],
) {
  const name = sql`${memberships.memberName}`;
  const id = sql`${memberships.accountId}`;
  switch (filter.sort) {
    case 'name':
      return { primary: null, rest: [name, id] };
    case 'email':
      return { primary: null, rest: [sql`${memberships.memberEmail}`, id] };
    case 'status':
      return { primary: zoom.rank(statusRank), rest: [name, id] };
    case 'type':
      return { primary: zoom.rank(typeRank), rest: [name, id] };
  }
}

interface Cursor {
  sort: string;
  dir: string;
  keys: (string | number)[];
}

function decodeCursor(cursor: string, filter: MembersFilterInput): Cursor {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if (
      value?.sort === filter.sort &&
      value.dir === filter.dir &&
      Array.isArray(value.keys) &&
      value.keys.length === (filter.sort === 'name' || filter.sort === 'email' ? 2 : 3) &&
      value.keys.every((k) => typeof k === 'string' || typeof k === 'number')
    ) {
      return value;
    }
  } catch {}
  throw new ApiError(400, 'bad_request', 'Invalid cursor.');
}

function encodeCursor(filter: MembersFilterInput, keys: (string | number)[]): string {
  return Buffer.from(JSON.stringify({ sort: filter.sort, dir: filter.dir, keys })).toString(
    'base64url',
  );
}

/**
 * Keyset condition "after the cursor". Name and email sort one way on every key, so a row
 * comparison serves as the index condition; status and type sort their computed rank in the
 * asked direction and then by name ascending.
 */
function afterCursor(keys: ReturnType<typeof sortKeys>, dir: 'asc' | 'desc', cursor: Cursor): SQL {
  const [a, b, c] = cursor.keys;
  const [name, id] = keys.rest as [SQL, SQL];
  if (!keys.primary) {
    return dir === 'asc'
      ? sql`(${name}, ${id}) > (${a}, ${b})`
      : sql`(${name}, ${id}) < (${a}, ${b})`;
  }
  const primaryAfter =
    dir === 'asc' ? sql`${keys.primary} > ${a}::int` : sql`${keys.primary} < ${a}::int`;
  return sql`(${primaryAfter} or (${keys.primary} = ${a}::int and (${name}, ${id}) > (${b}, ${c})))`;
}

async function selectPage(
  deps: Deps,
  orgId: string,
  filter: MembersFilterInput,
  page: Page,
): Promise<{ rows: MemberRow[]; nextCursor: string | null; where: SQL }> {
  const { zoom, where } = await memberQueryParts(deps, orgId, filter);
  const keys = sortKeys(filter, zoom);
  const conditions = [where];
  if (page.cursor)
    conditions.push(afterCursor(keys, filter.dir, decodeCursor(page.cursor, filter)));
  const order = keys.primary
    ? [
        filter.dir === 'asc' ? asc(keys.primary) : desc(keys.primary),
        ...keys.rest.map((k) => asc(k)),
      ]
    : keys.rest.map((k) => (filter.dir === 'asc' ? asc(k) : desc(k)));
  const rows = await deps.db
    .select({
      id: memberships.accountId,
      name: memberships.memberName,
      email: memberships.memberEmail,
      role: memberships.role,
      status: zoom.status,
      type: zoom.type,
      reason: zoom.reason,
      sortKey: keys.primary ?? sql<number>`0`,
    })
    .from(memberships)
    .leftJoin(personalConnections, personalJoin)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(page.limit + 1);
  const pageRows = rows.slice(0, page.limit);
  const last = pageRows.at(-1);
  let nextCursor: string | null = null;
  if (rows.length > page.limit && last) {
    const rest = [filter.sort === 'email' ? last.email : last.name, last.id];
    nextCursor = encodeCursor(filter, keys.primary ? [Number(last.sortKey), ...rest] : rest);
  }
  return {
    rows: pageRows.map(({ sortKey: _, ...row }) => row as MemberRow),
    nextCursor,
    where,
  };
}

export async function listMembers(
  deps: Deps,
  orgId: string,
  query: MembersFilterInput & Page,
): Promise<MembersResponse> {
  const { rows, nextCursor, where } = await selectPage(deps, orgId, query, query);
  const [counted] = await deps.db
    .select({ total: sql<number>`count(*)::int` })
    .from(memberships)
    .leftJoin(personalConnections, personalJoin)
    .where(where);
  return { members: rows, nextCursor, total: Number(counted?.total ?? 0) };
}

/** Every row of the filter, in pages, for the CSV export (no count). */
export async function* allMembers(
  deps: Deps,
  orgId: string,
  filter: MembersFilterInput,
  chunk = 5000,
): AsyncGenerator<MemberRow[]> {
  let cursor: string | undefined;
  do {
    const page = await selectPage(deps, orgId, filter, { cursor, limit: chunk });
    if (page.rows.length > 0) yield page.rows;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** The counts above the table, in one pass over the org's members. */
export async function membersSummary(deps: Deps, orgId: string): Promise<MembersSummary> {
  const { zoom, where } = await memberQueryParts(deps, orgId, { sort: 'name', dir: 'asc' });
  const [row] = await deps.db
    .select({
      members: sql<number>`count(*)::int`,
      organization: sql<number>`(count(*) filter (where ${zoom.type} = 'organization'))::int`,
      personal: sql<number>`(count(*) filter (where ${zoom.type} = 'personal'))::int`,
      notConnected: sql<number>`(count(*) filter (where ${zoom.status} = 'not_connected'))::int`,
    })
    .from(memberships)
    .leftJoin(personalConnections, personalJoin)
    .where(where);
  return {
    members: Number(row?.members ?? 0),
    organization: Number(row?.organization ?? 0),
    personal: Number(row?.personal ?? 0),
    notConnected: Number(row?.notConnected ?? 0),
  };
}
