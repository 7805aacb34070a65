import { type SQL, sql } from 'drizzle-orm';
import {
  type OrgConnectionState,
  type OrgStateCase,
  orgStateCases,
} from '../../lib/domain/effective-connection';
import { approvalLinks, orgConnections, orgs } from '../db/schema';

/**
 * The org rule (`orgStateCases` in lib/domain/effective-connection.ts) compiled to one SQL
 * expression, so a statement that reads a member's Zoom (the session behind /api/me, meetings)
 * or the org's (member table, CSV, counts) gets the org's state in the same round trip.
 * test/server/org-state-sql.test.ts checks it against `orgConnectionState` on every input.
 */

/** SQL for the rule's inputs in the query at hand. */
export interface OrgFactColumns {
  /** The stored state; null when the org has no org_connections row (left join). */
  stored: SQL;
  /** A boolean: a redeemable approval link exists. */
  liveLink: SQL;
}

/**
 * "A link that can still be redeemed" as `redeemableLink` decides it (not revoked, not used, not
 * expired at `now`): at most one such row per org, found on approval_links_org_idx.
 */
export function liveLinkSql(orgId: SQL, now: SQL): SQL<boolean> {
  return sql<boolean>`exists (select 1 from ${approvalLinks} al where al.org_id = ${orgId} and al.revoked_at is null and al.used_at is null and al.expires_at > ${now}::timestamptz)`;
}

/**
 * A state as an SQL literal rather than a bound parameter: these are the rule's own names, and
 * this expression is in the session lookup that every /api request runs, where each parameter is
 * serialized, sent and parsed again on every run.
 */
function stateLiteral(state: string): SQL {
  if (!/^[a-z_]+$/.test(state)) throw new Error(`Not a state name: ${state}`);
  return sql.raw(`'${state}'::text`);
}

function condition(c: OrgStateCase, cols: OrgFactColumns): SQL {
  const parts: SQL[] = [];
  if (c.when.stored) {
    const stored = c.when.stored.filter((s) => s !== null).map(stateLiteral);
    const inStored =
      stored.length > 0 ? sql`${cols.stored} in (${sql.join(stored, sql`, `)})` : sql`false`;
    parts.push(
      c.when.stored.includes(null) ? sql`(${cols.stored} is null or ${inStored})` : inStored,
    );
  }
  if (c.when.liveLink !== undefined) {
    parts.push(c.when.liveLink ? sql`${cols.liveLink}` : sql`not ${cols.liveLink}`);
  }
  return parts.length > 0 ? sql`(${sql.join(parts, sql` and `)})` : sql`true`;
}

export function orgStateSql(cols: OrgFactColumns): SQL<OrgConnectionState> {
  const last = orgStateCases.at(-1);
  if (!last) throw new Error('The org rule has no cases');
  const whens = orgStateCases
    .slice(0, -1)
    .map((c) => sql`when ${condition(c, cols)} then ${stateLiteral(c.state)}`);
  return sql<OrgConnectionState>`(case ${sql.join(whens, sql` `)} else ${stateLiteral(last.state)} end)`;
}

/**
 * The org's state for a select over `orgs` left-joined to org_connections: `now` is a bound
 * value (a placeholder in a prepared statement), so tests with a moved clock see the same.
 */
export function orgStateColumn(now: SQL): SQL<OrgConnectionState> {
  return orgStateSql({
    stored: sql`${orgConnections.state}`,
    liveLink: liveLinkSql(sql`${orgs.id}`, now),
  });
}
