import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  MemberRow,
  MembersResponse,
  MembersSummary,
  membersFilter,
} from '../../lib/contracts/api';
import {
  type ConnectionOutcome,
  effectiveConnection,
  type PersonalConnectionState,
} from '../../lib/domain/effective-connection';
import { memberships, personalConnections } from '../db/schema';
import type { Deps } from '../deps';
import { memberConnectionSql } from './member-connection-sql';
import { decodeMemberCursor, encodeMemberCursor, type MemberCursor } from './member-cursor';
import { type OrgZoomState, orgZoomState } from './org-connection';

/**
 * The admin member table at 100,000 members: one set-based query per page. Status and Type are
 * computed in SQL from the one rule (member-connection-sql.ts) with the org's state bound as
 * parameters, so nothing is stored per member and nothing is rewritten when the org connects.
 *
 * Plans on PostgreSQL 15, 100,000 members (EXPLAIN ANALYZE printed by `npm run bench`):
 * - first page, sort by name/email: Index Scan on memberships_org_name_idx / _email_idx
 *   (Index Cond org_id, and the keyset `ROW(member_name, account_id) > ROW($, $)` on later pages),
 *   Nested Loop Left Join into personal_connections_pkey; stops after limit + 1 rows.
 * - search `q` (substring, case-insensitive): BitmapOr of memberships_name_trgm_idx and
 *   memberships_email_trgm_idx, top-N sort of the matches; the search's total counts the same
 *   bitmap. Terms under 3 characters have no trigrams and fall back to walking the name index.
 * - type = personal: the personal condition is null-rejecting, so the join becomes inner; the
 *   plan walks memberships_org_name_idx and probes personal_connections_pkey (77 rows for 50).
 * - total without a search, and the summary: countByInputs — memberships grouped by `removed`
 *   (memberships_org_removed_idx, index-only once vacuumed) and personal_connections by
 *   (org_id, state) joined to memberships' primary key: never a 100,000-row join.
 * - sort by status/type: the rank is computed per row, so a full top-N sort of the filter (not
 *   index-backed; outside the budgeted cases).
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
    personal: sql`${personalConnections.state}`,
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
  return { org, zoom, where: and(...conditions) as SQL };
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

/**
 * Keyset condition "after the cursor". Name and email sort one way on every key, so a row
 * comparison serves as the index condition; status and type sort their computed rank in the
 * asked direction and then by name ascending.
 */
function afterCursor(
  keys: ReturnType<typeof sortKeys>,
  dir: 'asc' | 'desc',
  cursor: MemberCursor,
): SQL {
  const [name, id] = keys.rest as [SQL, SQL];
  if (cursor.sort === 'name' || cursor.sort === 'email' || !keys.primary) {
    const [a, b] = cursor.keys;
    return dir === 'asc'
      ? sql`(${name}, ${id}) > (${a}, ${b})`
      : sql`(${name}, ${id}) < (${a}, ${b})`;
  }
  const [rank, b, c] = cursor.keys;
  const primaryAfter =
    dir === 'asc' ? sql`${keys.primary} > ${rank}::int` : sql`${keys.primary} < ${rank}::int`;
  return sql`(${primaryAfter} or (${keys.primary} = ${rank}::int and (${name}, ${id}) > (${b}, ${c})))`;
}

type QueryParts = Awaited<ReturnType<typeof memberQueryParts>>;

/** The page query (limit + 1 rows, to know whether another page follows) and the count. */
function pageQueries(deps: Deps, parts: QueryParts, filter: MembersFilterInput, page: Page) {
  const { zoom, where } = parts;
  const keys = sortKeys(filter, zoom);
  const conditions = [where];
  if (page.cursor) {
    conditions.push(afterCursor(keys, filter.dir, decodeMemberCursor(page.cursor, filter)));
  }
  const order = keys.primary
    ? [
        filter.dir === 'asc' ? asc(keys.primary) : desc(keys.primary),
        ...keys.rest.map((k) => asc(k)),
      ]
    : keys.rest.map((k) => (filter.dir === 'asc' ? asc(k) : desc(k)));
  const rows = deps.db
    .select({
      id: memberships.accountId,
      name: memberships.memberName,
      email: memberships.memberEmail,
      role: memberships.role,
      status: zoom.status,
      type: zoom.type,
      reason: zoom.reason,
      zoomUserMissing: memberships.zoomUserMissing,
      sortKey: keys.primary ?? sql<number>`0`,
    })
    .from(memberships)
    .leftJoin(personalConnections, personalJoin)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(page.limit + 1);
  const total = deps.db
    .select({ total: sql<number>`count(*)::int` })
    .from(memberships)
    .leftJoin(personalConnections, personalJoin)
    .where(where);
  return { rows, total, keys };
}

/** The SQL and parameters the table runs, for EXPLAIN in the bench and the plan test. */
export async function memberTableSql(deps: Deps, orgId: string, filter: MembersFilterInput & Page) {
  const q = pageQueries(deps, await memberQueryParts(deps, orgId, filter), filter, filter);
  return { page: q.rows.toSQL(), total: q.total.toSQL() };
}

async function selectPage(
  deps: Deps,
  parts: QueryParts,
  filter: MembersFilterInput,
  page: Page,
): Promise<{ rows: MemberRow[]; nextCursor: string | null }> {
  const { rows: query, keys } = pageQueries(deps, parts, filter, page);
  const rows = await query;
  const pageRows = rows.slice(0, page.limit);
  const last = pageRows.at(-1);
  let nextCursor: string | null = null;
  if (rows.length > page.limit && last) {
    const rest = [filter.sort === 'email' ? last.email : last.name, last.id] as const;
    nextCursor = encodeMemberCursor(
      filter,
      keys.primary ? [Number(last.sortKey), ...rest] : [...rest],
    );
  }
  return { rows: pageRows.map(({ sortKey: _, ...row }) => row as MemberRow), nextCursor };
}

export async function listMembers(
  deps: Deps,
  orgId: string,
  query: MembersFilterInput & Page,
): Promise<MembersResponse> {
  const parts = await memberQueryParts(deps, orgId, query);
  // Without a search the total comes from the per-input counts (two index scans); a search
  // counts its own (index-backed) matches.
  const total = query.q
    ? pageQueries(deps, parts, query, query).total.then(([row]) => Number(row?.total ?? 0))
    : countByInputs(deps, orgId).then((groups) =>
        groups
          .filter((g) => matchesFilter(outcomeOf(g, parts.org), query))
          .reduce((sum, g) => sum + g.count, 0),
      );
  const [page, counted] = await Promise.all([selectPage(deps, parts, query, query), total]);
  return { members: page.rows, nextCursor: page.nextCursor, total: counted };
}

/** Every row of the filter, in keyset chunks, for the CSV export (no count). */
export async function* allMembers(
  deps: Deps,
  orgId: string,
  filter: MembersFilterInput,
  chunk = 5000,
): AsyncGenerator<MemberRow[]> {
  // The org's state is read once, so one export never mixes two states of the org connection.
  const parts = await memberQueryParts(deps, orgId, filter);
  let cursor: string | undefined;
  do {
    const page = await selectPage(deps, parts, filter, { cursor, limit: chunk });
    if (page.rows.length > 0) yield page.rows;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

interface InputGroup {
  personal: PersonalConnectionState;
  removedByMember: boolean;
  count: number;
}

/**
 * How many of the org's members have each combination of the per-member inputs (at most six
 * groups), without joining 100,000 rows: all members by `removed` (index-only on
 * memberships_org_removed_idx), and the few with a personal connection by state and `removed`
 * (from personal_connections' org index). Members without one are the difference.
 */
async function countByInputs(deps: Deps, orgId: string): Promise<InputGroup[]> {
  const [all, withPersonal] = await Promise.all([
    deps.db
      .select({ removed: memberships.removedOrgConnection, count: sql<number>`count(*)::int` })
      .from(memberships)
      .where(eq(memberships.orgId, orgId))
      .groupBy(memberships.removedOrgConnection),
    deps.db
      .select({
        personal: personalConnections.state,
        removed: memberships.removedOrgConnection,
        count: sql<number>`count(*)::int`,
      })
      .from(personalConnections)
      .innerJoin(
        memberships,
        and(
          eq(memberships.orgId, personalConnections.orgId),
          eq(memberships.accountId, personalConnections.accountId),
        ),
      )
      .where(eq(personalConnections.orgId, orgId))
      .groupBy(personalConnections.state, memberships.removedOrgConnection),
  ]);
  return [false, true].flatMap((removedByMember) => {
    const stored = withPersonal.filter((g) => g.removed === removedByMember);
    const everyone = Number(all.find((g) => g.removed === removedByMember)?.count ?? 0);
    const none = everyone - stored.reduce((sum, g) => sum + Number(g.count), 0);
    return [
      { personal: 'none' as const, removedByMember, count: none },
      ...stored.map((g) => ({ personal: g.personal, removedByMember, count: Number(g.count) })),
    ];
  });
}

function outcomeOf(group: InputGroup, org: OrgZoomState) {
  return effectiveConnection({
    personal: group.personal,
    removedByMember: group.removedByMember,
    org: org.state,
    allowMemberRemoval: org.allowMemberRemoval,
  });
}

function matchesFilter(
  outcome: ReturnType<typeof effectiveConnection>,
  filter: MembersFilterInput,
): boolean {
  return (
    (!filter.status || outcome.status === filter.status) &&
    (!filter.type || outcome.type === filter.type)
  );
}

/** The counts above the table: the rule applied once per group of identical inputs. */
export async function membersSummary(deps: Deps, orgId: string): Promise<MembersSummary> {
  const [org, groups] = await Promise.all([orgZoomState(deps, orgId), countByInputs(deps, orgId)]);
  const summary: MembersSummary = { members: 0, organization: 0, personal: 0, notConnected: 0 };
  for (const g of groups) {
    const outcome = outcomeOf(g, org);
    summary.members += g.count;
    if (outcome.type === 'organization') summary.organization += g.count;
    if (outcome.type === 'personal') summary.personal += g.count;
    if (outcome.status === 'not_connected') summary.notConnected += g.count;
  }
  return summary;
}
