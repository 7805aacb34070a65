import { and, eq } from 'drizzle-orm';
import type { MemberZoom, OrgSettingsBody, OrgZoomResponse } from '../../lib/contracts/api';
import { memberships, orgs } from '../db/schema';
import type { Deps, SessionInfo } from '../deps';
import { recordAudit } from './audit';
import { DomainError } from './errors';
import { memberZoom } from './members';
import { orgZoomView } from './org-connection';

/**
 * The org setting "Allow users to remove the org-level connection" and a member's own use of
 * it. Both only record facts; which Zoom a member ends up with is effectiveConnection's call.
 */

/** A member removes the org connection for themselves, or adds it back (403 while not allowed). */
export async function setOrgConnectionRemoved(
  deps: Deps,
  session: SessionInfo,
  removed: boolean,
): Promise<MemberZoom> {
  const now = deps.now();
  const changed = await deps.db.transaction(async (tx) => {
    // Read the setting under the org row's share lock, so an admin turning it off can't
    // interleave with a removal that was allowed a moment ago.
    const [org] = await tx
      .select({ allow: orgs.allowMemberRemoval })
      .from(orgs)
      .where(eq(orgs.id, session.orgId))
      .for('share');
    if (!org?.allow) return null;
    const rows = await tx
      .update(memberships)
      .set({ removedOrgConnection: removed })
      .where(
        and(eq(memberships.orgId, session.orgId), eq(memberships.accountId, session.accountId)),
      )
      .returning({ accountId: memberships.accountId });
    if (rows.length > 0) {
      await recordAudit(tx, {
        orgId: session.orgId,
        actor: { accountId: session.accountId, label: session.email },
        action: removed ? 'member.org_connection_removed' : 'member.org_connection_restored',
        at: now,
      });
    }
    return true;
  });
  if (!changed) {
    throw new DomainError(
      'forbidden',
      "Your organization doesn't allow members to remove its Zoom connection.",
    );
  }
  return memberZoom(deps, session);
}

/** Owners and admins (checked by the route) turn the org's settings on or off. */
export async function updateOrgSettings(
  deps: Deps,
  session: SessionInfo,
  settings: OrgSettingsBody,
): Promise<OrgZoomResponse> {
  const now = deps.now();
  await deps.db.transaction(async (tx) => {
    await tx
      .update(orgs)
      .set({
        ...(settings.allowMemberRemoval !== undefined
          ? { allowMemberRemoval: settings.allowMemberRemoval }
          : {}),
        ...(settings.zoomDefaultLocation !== undefined
          ? { zoomDefaultLocation: settings.zoomDefaultLocation }
          : {}),
      })
      .where(eq(orgs.id, session.orgId));
    await recordAudit(tx, {
      orgId: session.orgId,
      actor: { accountId: session.accountId, label: session.email },
      action: 'org_settings.updated',
      detail: settings,
      at: now,
    });
  });
  return orgZoomView(deps, session.orgId);
}
