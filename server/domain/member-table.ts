import { and, asc, desc, eq, fillPlaceholders, type SQL, sql } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
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
import { listQuery, prepared, preparedList } from '../db/prepared';
import { memberships, orgs, personalConnections } from '../db/schema';
import type { Deps } from '../deps';
import { memberConnectionSql } from './member-connection-sql';
import { decodeMemberCursor, encodeMemberCursor } from './member-cursor';
import type { OrgZoomState } from './member-zoom-state';
import { orgZoomState } from './org-connection';

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
 * - total without a search, and the summary: the org's rows of org_member_counts (at most six,
 *   by primary key), kept by triggers: no count over the org's memberships per request.
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

/**
 * The page statement's SQL depends only on this; the org id, search pattern and cursor keys are
 * placeholders (`PageValues`). The org's state picks the rule's case list, and the number of rows
 * read is written into the SQL (server/db/prepared.ts, `preparedList`), so both are part of the
 * shape: a handful of variants per org, one prepared statement each.
 */
interface PageShape {
  org: OrgZoomState;
  filter: MembersFilterInput;
  afterCursor: boolean;
  /** Rows read: at least the page's limit + 1 (to know whether another page follows). */
  rows: number;
  /** Reads the total beside the rows: the search's count, or the per-input groups without one. */
  withTotal: boolean;
}

type PageValues = {
  orgId: string;
  pattern?: string;
  afterRank?: number;
  afterKey?: string;
  afterId?: string;
};

/**
 * How many rows a page reads: the next of these at or above limit + 1, so that any limit the API
 * allows (1–200) makes one of four statements, and the CSV export's chunks a fifth. A smaller
 * page than its statement reads is cut in JS.
 */
const ROWS_READ = [26, 51, 101, 201] as const;

export function rowsRead(limit: number): number {
  return ROWS_READ.find((n) => n > limit) ?? limit + 1;
}

const orgIdValue = sql.placeholder('orgId');

function memberQueryParts(org: OrgZoomState, filter: MembersFilterInput) {
  const zoom = memberConnectionSql(org, {
    personal: sql`${personalConnections.state}`,
    removedByMember: sql`${memberships.removedOrgConnection}`,
    zoomUserMissing: sql`${memberships.zoomUserMissing}`,
    emailVerified: sql`${memberships.emailVerified}`,
  });
  const conditions: SQL[] = [eq(memberships.orgId, orgIdValue)];
  if (filter.q) {
    const pattern = sql.placeholder('pattern');
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
function sortKeys(filter: MembersFilterInput, zoom: ReturnType<typeof memberQueryParts>['zoom']) {
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
function afterCursor(keys: ReturnType<typeof sortKeys>, dir: 'asc' | 'desc'): SQL {
  const [name, id] = keys.rest as [SQL, SQL];
  const key = sql.placeholder('afterKey');
  const lastId = sql.placeholder('afterId');
  if (!keys.primary) {
    return dir === 'asc'
      ? sql`(${name}, ${id}) > (${key}, ${lastId})`
      : sql`(${name}, ${id}) < (${key}, ${lastId})`;
  }
  const rank = sql`${sql.placeholder('afterRank')}::int`;
  const primaryAfter =
    dir === 'asc' ? sql`${keys.primary} > ${rank}` : sql`${keys.primary} < ${rank}`;
  return sql`(${primaryAfter} or (${keys.primary} = ${rank} and (${name}, ${id}) > (${key}, ${lastId})))`;
}

/**
 * How many of the org's members have each combination of the per-member inputs (at most
 * twenty-four groups), read from org_member_counts (kept by triggers in the writing transactions:
 * server/db/schema.ts, migration 0006) instead of counting the org's memberships on every request:
 * all members by `removed`, and those with a personal connection by state and `removed`. Two kinds
 * of members are usually few and are read from memberships apart, each on a partial index: those
 * Zoom did not know (1001; memberships_org_zoom_user_missing_idx) by personal state, `removed` and
 * verified, and those with an unverified address that Zoom did not flag
 * (memberships_org_email_unverified_idx) by personal state and `removed` — so a member who is both
 * is in 'missing' only. The rest are differences (`inputGroups`). One json value, so it rides
 * along in the page statement as an uncorrelated subquery (an InitPlan, evaluated once per
 * statement).
 */
// Written with its own aliases: drizzle leaves column names unqualified in a single-table select.
const inputGroupsSql = sql<StoredGroups>`json_build_object(
  'all', (select coalesce(json_agg(json_build_array(g.removed, g.n)), '[]'::json) from (
    select c.removed_org_connection as removed, sum(c.members)::int as n
    from org_member_counts c where c.org_id = ${orgIdValue}
    group by c.removed_org_connection) g),
  'personal', (select coalesce(json_agg(json_build_array(c.personal_state, c.removed_org_connection, c.members)), '[]'::json)
    from org_member_counts c where c.org_id = ${orgIdValue} and c.personal_state <> 'none'),
  'missing', (select coalesce(json_agg(json_build_array(g.state, g.removed, g.verified, g.n)), '[]'::json) from (
    select pc.state, m.removed_org_connection as removed, m.email_verified as verified,
      count(*)::int as n
    from memberships m
      left join personal_connections pc on pc.org_id = m.org_id and pc.account_id = m.account_id
    where m.org_id = ${orgIdValue} and m.zoom_user_missing
    group by pc.state, m.removed_org_connection, m.email_verified) g),
  'unverified', (select coalesce(json_agg(json_build_array(g.state, g.removed, g.n)), '[]'::json) from (
    select pc.state, m.removed_org_connection as removed, count(*)::int as n
    from memberships m
      left join personal_connections pc on pc.org_id = m.org_id and pc.account_id = m.account_id
    where m.org_id = ${orgIdValue} and not m.email_verified and not m.zoom_user_missing
    group by pc.state, m.removed_org_connection) g))`;

type StoredPersonal = 'active' | 'needs_reconnect';

interface StoredGroups {
  all: [removed: boolean, count: number][];
  personal: [state: StoredPersonal, removed: boolean, count: number][];
  missing: [state: StoredPersonal | null, removed: boolean, verified: boolean, count: number][];
  unverified: [state: StoredPersonal | null, removed: boolean, count: number][];
}

/** A page's columns: the member, the rule's outcome for them, and the key a cursor carries. */
function pageColumns(zoom: ReturnType<typeof memberQueryParts>['zoom'], primary: SQL | null) {
  return {
    id: memberships.accountId,
    name: memberships.memberName,
    email: memberships.memberEmail,
    role: memberships.role,
    status: zoom.status,
    type: zoom.type,
    reason: zoom.reason,
    zoomUserMissing: memberships.zoomUserMissing,
    sortKey: primary ?? sql<number>`0`,
  };
}

type PageRow = MemberRow & { sortKey: number };

/** The page query (ordered, its selection given), the filter's count, and what reads its total. */
function pageQueries(deps: Deps, shape: PageShape) {
  const { filter } = shape;
  const { zoom, where } = memberQueryParts(shape.org, filter);
  const keys = sortKeys(filter, zoom);
  const conditions = [where];
  if (shape.afterCursor) conditions.push(afterCursor(keys, filter.dir));
  const order = keys.primary
    ? [
        filter.dir === 'asc' ? asc(keys.primary) : desc(keys.primary),
        ...keys.rest.map((k) => asc(k)),
      ]
    : keys.rest.map((k) => (filter.dir === 'asc' ? asc(k) : desc(k)));
  const total = deps.db
    .select({ total: sql<number>`count(*)::int` })
    .from(memberships)
    .leftJoin(personalConnections, personalJoin)
    .where(where);
  const totalValue = !shape.withTotal
    ? sql<null>`null`
    : filter.q
      ? sql<number>`${total}`
      : inputGroupsSql;
  const page = (selection: SelectedFields) =>
    deps.db
      .select(selection)
      .from(memberships)
      .leftJoin(personalConnections, personalJoin)
      .where(and(...conditions))
      .orderBy(...order);
  return {
    columns: pageColumns(zoom, keys.primary),
    /** What `preparedList` (and `listQuery`, for EXPLAIN) read: the page, its rows, its total. */
    list: {
      build: page,
      limit: shape.rows,
      extra: totalValue as SQL<number | StoredGroups | null>,
    },
    total,
    keys,
  };
}

function pageValues(orgId: string, filter: MembersFilterInput, cursor?: string): PageValues {
  const values: PageValues = { orgId };
  if (filter.q) values.pattern = `%${escapeLike(filter.q)}%`;
  if (cursor) {
    const decoded = decodeMemberCursor(cursor, filter);
    if (decoded.sort === 'status' || decoded.sort === 'type') {
      const [rank, key, id] = decoded.keys;
      Object.assign(values, { afterRank: rank, afterKey: key, afterId: id });
    } else {
      const [key, id] = decoded.keys;
      Object.assign(values, { afterKey: key, afterId: id });
    }
  }
  return values;
}

/**
 * The page statement for a shape, built once per variant and read as one value (`preparedList`).
 * A search is not prepared: whether the trigram indexes or the name index serve best depends on
 * the pattern (terms under three characters have no trigrams), and a prepared statement may
 * settle on one generic plan. So a search runs unnamed, planned for its pattern every time.
 */
function pageStatement(deps: Deps, shape: PageShape) {
  const { org, filter, afterCursor, rows, withTotal } = shape;
  const key = [
    'member_page',
    org.state,
    org.allowMemberRemoval,
    filter.sort,
    filter.dir,
    filter.status ?? '',
    filter.type ?? '',
    filter.q ? 'search' : '',
    afterCursor,
    rows,
    withTotal,
  ].join(':');
  return prepared(deps.db, `${key}:keys`, () => {
    const query = pageQueries(deps, shape);
    const list = preparedList<PageRow, number | StoredGroups | null>(deps.db, key, query.columns, {
      ...query.list,
      named: !filter.q,
    });
    return { keys: query.keys, execute: (v: PageValues) => list.execute(v) };
  });
}

/** The SQL and parameters the table runs, for EXPLAIN in the bench and the plan test. */
export async function memberTableSql(deps: Deps, orgId: string, filter: MembersFilterInput & Page) {
  const org = await orgZoomState(deps, orgId);
  const q = pageQueries(deps, {
    org,
    filter,
    afterCursor: Boolean(filter.cursor),
    rows: rowsRead(filter.limit),
    withTotal: true,
  });
  const values = pageValues(orgId, filter, filter.cursor);
  const fill = (query: { sql: string; params: unknown[] }) => ({
    sql: query.sql,
    params: fillPlaceholders(query.params, values),
  });
  return { page: fill(listQuery(q.columns, q.list)), total: fill(q.total.toSQL()) };
}

async function selectPage(
  deps: Deps,
  org: OrgZoomState,
  orgId: string,
  filter: MembersFilterInput,
  page: Page & { withTotal: boolean },
) {
  const statement = pageStatement(deps, {
    org,
    filter,
    afterCursor: Boolean(page.cursor),
    rows: rowsRead(page.limit),
    withTotal: page.withTotal,
  });
  const { rows, extra } = await statement.execute(pageValues(orgId, filter, page.cursor));
  const pageRows = rows.slice(0, page.limit);
  const last = pageRows.at(-1);
  let nextCursor: string | null = null;
  if (rows.length > page.limit && last) {
    const rest = [filter.sort === 'email' ? last.email : last.name, last.id] as const;
    nextCursor = encodeMemberCursor(
      filter,
      statement.keys.primary ? [Number(last.sortKey), ...rest] : [...rest],
    );
  }
  return {
    rows: pageRows.map(({ sortKey: _, ...row }) => row as MemberRow),
    nextCursor,
    total: extra,
  };
}

/**
 * One page and the filter's total in one statement (the org's state comes with the session).
 * Without a search the total is the per-input groups through the rule; a search counts its own
 * (index-backed) matches. The total is read beside the rows, so a page after a cursor that turns
 * out empty (rows deleted since) still has it.
 */
export async function listMembers(
  deps: Deps,
  orgId: string,
  query: MembersFilterInput & Page,
  org?: OrgZoomState,
): Promise<MembersResponse> {
  const orgState = org ?? (await orgZoomState(deps, orgId));
  const page = await selectPage(deps, orgState, orgId, query, { ...query, withTotal: true });
  const total = page.total ?? 0;
  return {
    members: page.rows,
    nextCursor: page.nextCursor,
    total:
      typeof total === 'number'
        ? total
        : inputGroups(total)
            .filter((g) => matchesFilter(outcomeOf(g, orgState), query))
            .reduce((sum, g) => sum + g.count, 0),
  };
}

/** Every row of the filter, in keyset chunks, for the CSV export (no count). */
export async function* allMembers(
  deps: Deps,
  orgId: string,
  filter: MembersFilterInput,
  chunk = 5000,
): AsyncGenerator<MemberRow[]> {
  // The org's state is read once, so one export never mixes two states of the org connection.
  const org = await orgZoomState(deps, orgId);
  let cursor: string | undefined;
  do {
    const page = await selectPage(deps, org, orgId, filter, {
      cursor,
      limit: chunk,
      withTotal: false,
    });
    if (page.rows.length > 0) yield page.rows;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

interface InputGroup {
  personal: PersonalConnectionState;
  removedByMember: boolean;
  zoomUserMissing: boolean;
  emailVerified: boolean;
  count: number;
}

const storedGroupsStatement = (deps: Deps) =>
  prepared(deps.db, 'member_input_groups', (name) =>
    deps.db
      .select({ groups: inputGroupsSql })
      .from(orgs)
      .where(eq(orgs.id, orgIdValue))
      .prepare(name),
  );

async function storedGroups(deps: Deps, orgId: string): Promise<StoredGroups> {
  const [row] = await storedGroupsStatement(deps).execute({ orgId });
  return row?.groups ?? { all: [], personal: [], missing: [], unverified: [] };
}

function inputGroups(stored: StoredGroups): InputGroup[] {
  return [false, true].flatMap((removedByMember) => {
    const withPersonal = stored.personal.filter(([, removed]) => removed === removedByMember);
    const missingOf = (state: StoredPersonal | null, verified: boolean) =>
      Number(
        stored.missing.find(
          ([s, r, v]) => s === state && r === removedByMember && v === verified,
        )?.[3] ?? 0,
      );
    const unverifiedOf = (state: StoredPersonal | null) =>
      Number(stored.unverified.find(([s, r]) => s === state && r === removedByMember)?.[2] ?? 0);
    const everyone = Number(stored.all.find(([removed]) => removed === removedByMember)?.[1] ?? 0);
    const none = everyone - withPersonal.reduce((sum, [, , n]) => sum + Number(n), 0);
    // The members with one personal state and `removed`, split by the two flags read apart.
    const split = (personal: PersonalConnectionState, count: number) => {
      const state = personal === 'none' ? null : personal;
      const flagged = { verified: missingOf(state, true), unverified: missingOf(state, false) };
      const unverified = unverifiedOf(state);
      const group = (zoomUserMissing: boolean, emailVerified: boolean, n: number) => ({
        personal,
        removedByMember,
        zoomUserMissing,
        emailVerified,
        count: n,
      });
      return [
        group(false, true, count - flagged.verified - flagged.unverified - unverified),
        group(false, false, unverified),
        group(true, true, flagged.verified),
        group(true, false, flagged.unverified),
      ];
    };
    return [
      ...split('none', none),
      ...withPersonal.flatMap(([personal, , n]) => split(personal, Number(n))),
    ];
  });
}

function outcomeOf(group: InputGroup, org: OrgZoomState) {
  return effectiveConnection({
    personal: group.personal,
    removedByMember: group.removedByMember,
    zoomUserMissing: group.zoomUserMissing,
    emailVerified: group.emailVerified,
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

/**
 * The counts above the table: the rule applied once per group of identical inputs. With the
 * org's state from the session this is one statement.
 */
export async function membersSummary(
  deps: Deps,
  orgId: string,
  org?: OrgZoomState,
): Promise<MembersSummary> {
  const [orgState, stored] = await Promise.all([
    org ?? orgZoomState(deps, orgId),
    storedGroups(deps, orgId),
  ]);
  const groups = inputGroups(stored);
  const summary: MembersSummary = { members: 0, organization: 0, personal: 0, notConnected: 0 };
  for (const g of groups) {
    const outcome = outcomeOf(g, orgState);
    summary.members += g.count;
    if (outcome.type === 'organization') summary.organization += g.count;
    if (outcome.type === 'personal') summary.personal += g.count;
    if (outcome.status === 'not_connected') summary.notConnected += g.count;
  }
  return summary;
}
