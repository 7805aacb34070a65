import { and, eq } from 'drizzle-orm';
import type { MemberZoom } from '../../lib/contracts/api';
import { effectiveConnection } from '../../lib/domain/effective-connection';
import { memberships } from '../db/schema';
import type { Deps, SessionInfo } from '../deps';
import { type OrgZoomState, orgZoomState } from './org-connection';

export function zoomFor(
  member: { email: string; removedOrgConnection: boolean },
  org: OrgZoomState,
): MemberZoom {
  // Personal connections arrive with issue #3; until then every member's personal is 'none'.
  const personal = 'none' as const;
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
    // Org meetings are created as POST /users/{member email}/meetings with the org token.
    zoomEmail: active.type === 'organization' ? member.email : null,
    personal,
    personalZoomEmail: null,
    orgState: org.state,
    canRemoveOrgConnection: org.allowMemberRemoval,
    removedOrgConnection: org.allowMemberRemoval && member.removedOrgConnection,
  };
}

export async function memberZoom(deps: Deps, session: SessionInfo): Promise<MemberZoom> {
  const [member] = await deps.db
    .select({ removedOrgConnection: memberships.removedOrgConnection })
    .from(memberships)
    .where(and(eq(memberships.orgId, session.orgId), eq(memberships.accountId, session.accountId)));
  const org = await orgZoomState(deps, session.orgId);
  return zoomFor(
    { email: session.email, removedOrgConnection: member?.removedOrgConnection ?? false },
    org,
  );
}
