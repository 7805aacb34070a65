import { type SQL, sql } from 'drizzle-orm';
import type { OrgConnectionState } from '../../lib/domain/effective-connection';
import { memberships, orgConnections, orgs, personalConnections } from '../db/schema';
import { orgStateColumn } from './org-state-sql';

/** The org connection's state and the removal setting: all the member rule needs of the org. */
export interface OrgZoomState {
  state: OrgConnectionState;
  allowMemberRemoval: boolean;
}

/** The member's personal connection as the rule needs it; null/absent = none. */
export interface PersonalZoomState {
  state: 'active' | 'needs_reconnect';
  zoomEmail: string;
}

/** Everything the member rule needs for one member of one org, read in the same statement. */
export interface MemberZoomState {
  removedOrgConnection: boolean;
  /** Zoom answered 1001 for the member on the org connection (not in the org's Zoom account). */
  zoomUserMissing: boolean;
  /** The member's address is proven theirs (server/domain/email-verification.ts). */
  emailVerified: boolean;
  personal: PersonalZoomState | null;
  org: OrgZoomState;
}

/**
 * The org's columns behind an OrgZoomState, for a select over `orgs` that left-joins
 * org_connections on `orgConnectionJoin`: the org's state through the one rule, as of `now` (a
 * bound value: whether the approval link has expired depends on it).
 */
export function orgZoomColumns(now: SQL) {
  return {
    orgConnectionState: orgStateColumn(now),
    allowMemberRemoval: orgs.allowMemberRemoval,
  };
}

/**
 * The columns behind a MemberZoomState, for a select over `memberships` and `orgs` that
 * left-joins personal_connections on `personalZoomJoin` and org_connections on
 * `orgConnectionJoin`. The session lookup and `memberZoom`
 * both read them, so the state has one derivation.
 */
export function memberZoomColumns(now: SQL) {
  return {
    removedOrgConnection: memberships.removedOrgConnection,
    zoomUserMissing: memberships.zoomUserMissing,
    emailVerified: memberships.emailVerified,
    personalState: personalConnections.state,
    personalZoomEmail: personalConnections.zoomEmail,
    ...orgZoomColumns(now),
  };
}

export const personalZoomJoin: SQL = sql`${personalConnections.accountId} = ${memberships.accountId}`;
export const orgConnectionJoin: SQL = sql`${orgConnections.orgId} = ${orgs.id}`;

export function orgZoomStateOf(row: {
  orgConnectionState: OrgConnectionState | null;
  allowMemberRemoval: boolean;
}): OrgZoomState {
  return {
    state: row.orgConnectionState ?? 'not_connected',
    allowMemberRemoval: row.allowMemberRemoval,
  };
}

export function memberZoomStateOf(row: {
  /** Null when the member is not in the org (an outer join found no membership). */
  removedOrgConnection: boolean | null;
  zoomUserMissing: boolean | null;
  emailVerified: boolean | null;
  personalState: PersonalZoomState['state'] | null;
  personalZoomEmail: string | null;
  orgConnectionState: OrgConnectionState | null;
  allowMemberRemoval: boolean;
}): MemberZoomState {
  return {
    removedOrgConnection: row.removedOrgConnection ?? false,
    zoomUserMissing: row.zoomUserMissing ?? false,
    // No membership, nothing proven.
    emailVerified: row.emailVerified ?? false,
    personal:
      row.personalState && row.personalZoomEmail
        ? { state: row.personalState, zoomEmail: row.personalZoomEmail }
        : null,
    org: orgZoomStateOf(row),
  };
}
