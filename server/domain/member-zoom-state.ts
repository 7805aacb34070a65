import { type SQL, sql } from 'drizzle-orm';
import type { OrgConnectionState } from '../../lib/domain/effective-connection';
import { memberships, orgConnections, orgs, personalConnections } from '../db/schema';

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
  /** The member's address is proven theirs (server/domain/email-verification.ts). */
  emailVerified: boolean;
  personal: PersonalZoomState | null;
  org: OrgZoomState;
}

/**
 * The columns behind a MemberZoomState, for a select over `memberships` and `orgs` that
 * left-joins personal_connections on `personalZoomJoin` and org_connections on
 * `orgConnectionJoin`. The session lookup and `memberZoom`
 * both read them, so the state has one derivation.
 */
export const memberZoomColumns = {
  removedOrgConnection: memberships.removedOrgConnection,
  emailVerified: memberships.emailVerified,
  personalState: personalConnections.state,
  personalZoomEmail: personalConnections.zoomEmail,
  orgConnectionState: orgConnections.state,
  allowMemberRemoval: orgs.allowMemberRemoval,
};

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
  emailVerified: boolean | null;
  personalState: PersonalZoomState['state'] | null;
  personalZoomEmail: string | null;
  orgConnectionState: OrgConnectionState | null;
  allowMemberRemoval: boolean;
}): MemberZoomState {
  return {
    removedOrgConnection: row.removedOrgConnection ?? false,
    // No membership, nothing proven.
    emailVerified: row.emailVerified ?? false,
    personal:
      row.personalState && row.personalZoomEmail
        ? { state: row.personalState, zoomEmail: row.personalZoomEmail }
        : null,
    org: orgZoomStateOf(row),
  };
}
