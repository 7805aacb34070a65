import { and, eq } from 'drizzle-orm';
import type { MemberZoom } from '../../lib/contracts/api';
import { effectiveConnection } from '../../lib/domain/effective-connection';
import { memberships, personalConnections } from '../db/schema';
import type { Deps, SessionInfo } from '../deps';
import { type OrgZoomState, orgZoomState } from './org-connection';

/** The member's personal connection as the rule needs it; null/absent = none. */
export interface PersonalZoomState {
  state: 'active' | 'needs_reconnect';
  zoomEmail: string;
}

export function zoomFor(
  member: { email: string; removedOrgConnection: boolean; personal?: PersonalZoomState | null },
  org: OrgZoomState,
): MemberZoom {
  const personal = member.personal?.state ?? 'none';
  const active = effectiveConnection({
    personal,
    org: org.state,
    allowMemberRemoval: org.allowMemberRemoval,
    removedByMember: member.removedOrgConnection,
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
  };
}

export async function memberZoom(deps: Deps, session: SessionInfo): Promise<MemberZoom> {
  const [member] = await deps.db
    .select({
      removedOrgConnection: memberships.removedOrgConnection,
      personalState: personalConnections.state,
      personalZoomEmail: personalConnections.zoomEmail,
    })
    .from(memberships)
    .leftJoin(personalConnections, eq(personalConnections.accountId, memberships.accountId))
    .where(and(eq(memberships.orgId, session.orgId), eq(memberships.accountId, session.accountId)));
  const org = await orgZoomState(deps, session.orgId);
  return zoomFor(
    {
      email: session.email,
      removedOrgConnection: member?.removedOrgConnection ?? false,
      personal:
        member?.personalState && member.personalZoomEmail
          ? { state: member.personalState, zoomEmail: member.personalZoomEmail }
          : null,
    },
    org,
  );
}
