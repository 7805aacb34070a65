import { eq, sql } from 'drizzle-orm';
import type { OrgZoomResponse } from '../../lib/contracts/api';
import { orgConnectionState } from '../../lib/domain/effective-connection';
import type { Database } from '../db/client';
import { accounts, orgConnections, orgs } from '../db/schema';
import type { Deps } from '../deps';
import { openApprovalLink } from './approval-links';
import {
  type OrgZoomState,
  orgConnectionJoin,
  orgZoomColumns,
  orgZoomStateOf,
} from './member-zoom-state';

/** The org's part of the member rule as of `now`, on a database or inside a transaction. */
export async function readOrgZoomState(
  db: Pick<Database, 'select'>,
  orgId: string,
  now: Date,
): Promise<OrgZoomState> {
  const [row] = await db
    .select(orgZoomColumns(sql`${now.toISOString()}`))
    .from(orgs)
    .leftJoin(orgConnections, orgConnectionJoin)
    .where(eq(orgs.id, orgId));
  return row ? orgZoomStateOf(row) : { state: 'not_connected', allowMemberRemoval: false };
}

/** The org's part of the member rule, for readers without a session (export, summary, bench). */
export function orgZoomState(deps: Deps, orgId: string): Promise<OrgZoomState> {
  return readOrgZoomState(deps.db, orgId, deps.now());
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
  const links =
    c?.state === 'active' ? { pending: null, expired: null } : await openApprovalLink(deps, orgId);
  // The same rule as every other reader (the SQL in org-state-sql.ts is generated from it).
  const state = orgConnectionState({ stored: c?.state ?? null, liveLink: links.pending !== null });
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
    pendingLink: links.pending,
    expiredLink: links.expired,
    settings: {
      allowMemberRemoval: row.org.allowMemberRemoval,
      zoomDefaultLocation: row.org.zoomDefaultLocation,
    },
    lastCheckedAt: c?.lastCheckedAt?.toISOString() ?? null,
    lastCheckError: c?.lastCheckError ?? null,
    zoomProblem:
      c?.zoomProblem && c.zoomProblemSince
        ? { message: c.zoomProblem, since: c.zoomProblemSince.toISOString() }
        : null,
  };
}
