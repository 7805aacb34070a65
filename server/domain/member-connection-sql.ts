import { type SQL, sql } from 'drizzle-orm';
import {
  type ConnectionCase,
  type ConnectionOutcome,
  connectionCases,
} from '../../lib/domain/effective-connection';
import type { OrgZoomState } from './member-zoom-state';

/**
 * The member rule (lib/domain/effective-connection.ts) compiled to SQL for one org. The org's
 * state and setting pick the case list in TypeScript; every value that reaches the query is a
 * bound parameter, so the database evaluates the same ordered cases as `effectiveConnection`.
 */

/** SQL expressions for a member's per-member inputs in the query at hand. */
export interface MemberInputColumns {
  /** The personal connection's state column, null when there is none ('none' in the rule). */
  personal: SQL;
  removedByMember: SQL;
  /** memberships.zoom_user_missing: Zoom answered 1001 for the member on the org connection. */
  zoomUserMissing: SQL;
  /** memberships.email_verified: the member proved they receive mail at their address. */
  emailVerified: SQL;
}

export interface MemberConnectionSql {
  status: SQL<'connected' | 'not_connected'>;
  type: SQL<'organization' | 'personal' | null>;
  reason: SQL<string | null>;
  /** Rows whose outcome satisfies `match`, as a predicate over the inputs (index-friendly). */
  where(match: (outcome: ConnectionOutcome) => boolean): SQL;
  /** A sortable number per outcome, in the order `rank` gives. */
  rank(rank: (outcome: ConnectionOutcome) => number): SQL<number>;
}

/**
 * Never null, so `not` works. A condition on stored personal states only is written on the bare
 * column (null-rejecting): PostgreSQL then turns the left join into an inner join and starts from
 * personal_connections' (org_id, state) index — 10x fewer rows for "type = personal".
 */
function personalCondition(states: readonly string[], column: SQL): SQL {
  const stored = states.filter((v) => v !== 'none').map((v) => sql`${v}::text`);
  const inStored = stored.length > 0 ? sql`${column} in (${sql.join(stored, sql`, `)})` : null;
  if (!states.includes('none'))
    return inStored ? sql`(${column} is not null and ${inStored})` : sql`false`;
  return inStored ? sql`(${column} is null or ${inStored})` : sql`(${column} is null)`;
}

function condition(c: ConnectionCase, cols: MemberInputColumns): SQL {
  const parts: SQL[] = [];
  if (c.when.personal) parts.push(personalCondition(c.when.personal, cols.personal));
  if (c.when.removedByMember !== undefined) {
    parts.push(sql`${cols.removedByMember} = ${c.when.removedByMember}::boolean`);
  }
  if (c.when.zoomUserMissing !== undefined) {
    parts.push(sql`${cols.zoomUserMissing} = ${c.when.zoomUserMissing}::boolean`);
  }
  if (c.when.emailVerified !== undefined) {
    parts.push(sql`${cols.emailVerified} = ${c.when.emailVerified}::boolean`);
  }
  return parts.length > 0 ? sql`(${sql.join(parts, sql` and `)})` : sql`true`;
}

function caseExpression(
  cases: ConnectionCase[],
  cols: MemberInputColumns,
  value: (outcome: ConnectionOutcome) => SQL,
): SQL {
  const last = cases.at(-1);
  if (!last) throw new Error('The rule has no cases');
  const whens = cases
    .slice(0, -1)
    .map((c) => sql`when ${condition(c, cols)} then ${value(c.outcome)}`);
  return whens.length > 0
    ? sql`(case ${sql.join(whens, sql` `)} else ${value(last.outcome)} end)`
    : value(last.outcome);
}

const text = (v: string | null) => (v === null ? sql`null::text` : sql`${v}::text`);

export function memberConnectionSql(
  org: OrgZoomState,
  cols: MemberInputColumns,
): MemberConnectionSql {
  const cases = connectionCases(org.state, org.allowMemberRemoval);
  return {
    status: caseExpression(cases, cols, (o) => text(o.status)) as MemberConnectionSql['status'],
    type: caseExpression(cases, cols, (o) =>
      text(o.status === 'connected' ? o.type : null),
    ) as MemberConnectionSql['type'],
    reason: caseExpression(cases, cols, (o) =>
      text(o.status === 'connected' ? null : o.reason),
    ) as MemberConnectionSql['reason'],
    where(match) {
      // Case i applies when its condition holds and no earlier case's does.
      const branches = cases.flatMap((c, i) => {
        if (!match(c.outcome)) return [];
        const earlier = cases.slice(0, i).map((e) => sql`not ${condition(e, cols)}`);
        return [sql`(${sql.join([condition(c, cols), ...earlier], sql` and `)})`];
      });
      return branches.length > 0 ? sql`(${sql.join(branches, sql` or `)})` : sql`false`;
    },
    rank: (rank) => caseExpression(cases, cols, (o) => sql`${rank(o)}::int`) as SQL<number>,
  };
}
