import { and, eq, gt, sql } from 'drizzle-orm';
import type { DisconnectImpact } from '../../lib/contracts/api';
import {
  bookings,
  eventTypes,
  memberships,
  orgConnections,
  personalConnections,
} from '../db/schema';
import type { Deps } from '../deps';
import { memberConnectionSql } from './member-connection-sql';
import { membersSummary } from './member-table';
import { orgZoomState } from './org-connection';

/**
 * What Disconnect would break (PRODUCT.md §6): members whose Zoom is the org's, their event types
 * with a Zoom location (new bookings will wait for details), and upcoming bookings whose
 * meetings live in the org's Zoom account (their links stop working if that account deletes
 * them, and new ones cannot be made through it).
 */
export async function disconnectImpact(deps: Deps, orgId: string): Promise<DisconnectImpact> {
  const org = await orgZoomState(deps, orgId);
  const onOrgZoom = memberConnectionSql(org, {
    personal: sql`${personalConnections.state}`,
    removedByMember: sql`${memberships.removedOrgConnection}`,
    zoomUserMissing: sql`${memberships.zoomUserMissing}`,
    emailVerified: sql`${memberships.emailVerified}`,
  }).where((o) => o.status === 'connected' && o.type === 'organization');
  const [summary, [types], [upcoming]] = await Promise.all([
    membersSummary(deps, orgId, org),
    deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(eventTypes)
      .innerJoin(
        memberships,
        and(
          eq(memberships.orgId, eventTypes.orgId),
          eq(memberships.accountId, eventTypes.accountId),
        ),
      )
      .leftJoin(personalConnections, eq(personalConnections.accountId, memberships.accountId))
      .where(and(eq(eventTypes.orgId, orgId), eq(eventTypes.locationKind, 'zoom'), onOrgZoom)),
    deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(bookings)
      .innerJoin(orgConnections, eq(orgConnections.orgId, bookings.orgId))
      .where(
        and(
          eq(bookings.orgId, orgId),
          eq(bookings.status, 'confirmed'),
          eq(bookings.meetingState, 'created'),
          eq(bookings.zoomVia, 'organization'),
          eq(bookings.zoomAccountId, orgConnections.zoomAccountId),
          gt(bookings.endsAt, deps.now()),
        ),
      ),
  ]);
  return {
    membersLosingZoom: summary.organization,
    membersKeepingPersonal: summary.personal,
    zoomEventTypes: types?.n ?? 0,
    upcomingBookings: upcoming?.n ?? 0,
  };
}
