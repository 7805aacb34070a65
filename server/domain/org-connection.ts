import { eq } from 'drizzle-orm';
import type { OrgZoomResponse } from '../../lib/contracts/api';
import type { OrgConnectionState } from '../../lib/domain/effective-connection';
import { accounts, orgConnections, orgs } from '../db/schema';
import type { Deps } from '../deps';
import { pendingApprovalLink } from './approval-links';
import {
  memberZoomColumns,
  type OrgZoomState,
  orgConnectionJoin,
  orgZoomStateOf,
} from './member-zoom-state';

/** The org's part of the member rule, for readers without a session (export, summary, bench). */
export async function orgZoomState(deps: Deps, orgId: string): Promise<OrgZoomState> {
  const { orgConnectionState, allowMemberRemoval } = memberZoomColumns;
  const [row] = await deps.db
    .select({ orgConnectionState, allowMemberRemoval })
    .from(orgs)
    .leftJoin(orgConnections, orgConnectionJoin)
    .where(eq(orgs.id, orgId));
  return row ? orgZoomStateOf(row) : { state: 'not_connected', allowMemberRemoval: false };
}

export async function orgZoomView(deps: Deps, orgId: string): Promise<OrgZoomResponse> {
  const [row] = await deps.db
    .select({ org: orgs, connection: orgConnections, requester: accounts })
    .from(orgs)
    .leftJoin(orgConnections, eq(orgConnections.orgId, orgs.id))
    .leftJoin(accounts, eq(accounts.id, orgConnections.requestedByAccountId))
    .where(eq(orgs.id, orgId));
  if (!row) throw new Error(`Org ${orgId} vanished`);
  const c = row.connection;
  let state: OrgConnectionState = c?.state ?? 'not_connected';
  const pendingLink = state === 'active' ? null : await pendingApprovalLink(deps, orgId);
  // An expired or revoked link leaves nothing to approve: show the state the org is really in.
  if (state === 'pending_approval' && !pendingLink) state = 'not_connected';
  return {
    orgName: row.org.name,
    state,
    stateReason: c?.stateReason ?? null,
    connection:
      c?.zoomEmail && c.approvedAt
        ? {
            zoomEmail: c.zoomEmail,
            zoomAccountId: c.zoomAccountId ?? '',
            zoomRole: c.zoomRole ?? '',
            approvedAt: c.approvedAt.toISOString(),
            requestedBy: row.requester
              ? { name: row.requester.name, email: row.requester.email }
              : null,
          }
        : null,
    pendingLink,
    settings: { allowMemberRemoval: row.org.allowMemberRemoval },
    lastCheckedAt: c?.lastCheckedAt?.toISOString() ?? null,
    lastCheckError: c?.lastCheckError ?? null,
    zoomProblem:
      c?.zoomProblem && c.zoomProblemSince
        ? { message: c.zoomProblem, since: c.zoomProblemSince.toISOString() }
        : null,
  };
}
