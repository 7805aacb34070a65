import { and, eq, sql } from 'drizzle-orm';
import type { MemberZoom } from '../../lib/contracts/api';
import { effectiveConnection } from '../../lib/domain/effective-connection';
import { prepared } from '../db/prepared';
import { memberships, orgConnections, orgs, personalConnections } from '../db/schema';
import type { Deps, MemberInfo } from '../deps';
import {
  type MemberZoomState,
  memberZoomColumns,
  memberZoomStateOf,
  type OrgZoomState,
  orgConnectionJoin,
  type PersonalZoomState,
  personalZoomJoin,
} from './member-zoom-state';

export function zoomFor(
  member: {
    email: string;
    removedOrgConnection: boolean;
    zoomUserMissing: boolean;
    emailVerified: boolean;
    personal?: PersonalZoomState | null;
  },
  org: OrgZoomState,
): MemberZoom {
  const personal = member.personal?.state ?? 'none';
  const active = effectiveConnection({
    personal,
    org: org.state,
    allowMemberRemoval: org.allowMemberRemoval,
    removedByMember: member.removedOrgConnection,
    zoomUserMissing: member.zoomUserMissing,
    emailVerified: member.emailVerified,
  });
  return {
    status: active.status,
    type: active.type,
    reason: active.status === 'not_connected' ? active.reason : null,
    // Org meetings are created as POST /users/{member email}/meetings with the org token;
    // personal ones as the personal Zoom user (POST /users/me/meetings).
    zoomEmail:
      active.type === 'organization'
        ? member.email
        : active.type === 'personal'
          ? (member.personal?.zoomEmail ?? null)
          : null,
    personal,
    personalZoomEmail: member.personal?.zoomEmail ?? null,
    orgState: org.state,
    canRemoveOrgConnection: org.allowMemberRemoval,
    removedOrgConnection: org.allowMemberRemoval && member.removedOrgConnection,
    emailVerified: member.emailVerified,
  };
}

/** The member's Zoom from a state already read (the session lookup reads it for /api/me). */
export function memberZoomOf(session: MemberInfo, state: MemberZoomState): MemberZoom {
  return zoomFor({ email: session.email, ...state }, state.org);
}

const memberZoomStatement = (deps: Deps) =>
  prepared(deps.db, 'member_zoom_state', (name) =>
    deps.db
      .select(memberZoomColumns(sql`${sql.placeholder('now')}`))
      .from(orgs)
      .leftJoin(
        memberships,
        and(
          eq(memberships.orgId, orgs.id),
          eq(memberships.accountId, sql.placeholder('accountId')),
        ),
      )
      .leftJoin(personalConnections, personalZoomJoin)
      .leftJoin(orgConnections, orgConnectionJoin)
      .where(eq(orgs.id, sql.placeholder('orgId')))
      .prepare(name),
  );

/** The member's Zoom as it is now, in one statement (after a change within the request). */
export async function memberZoom(deps: Deps, session: MemberInfo): Promise<MemberZoom> {
  const [row] = await memberZoomStatement(deps).execute({
    orgId: session.orgId,
    accountId: session.accountId,
    now: deps.now().toISOString(),
  });
  if (row) return memberZoomOf(session, memberZoomStateOf(row));
  // The org is gone (deleted within this request): the rule sees nothing connected.
  return zoomFor(
    {
      email: session.email,
      removedOrgConnection: false,
      zoomUserMissing: false,
      emailVerified: false,
      personal: null,
    },
    { state: 'not_connected', allowMemberRemoval: false },
  );
}
