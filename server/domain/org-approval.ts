import { and, eq } from 'drizzle-orm';
import { approvalLinks, memberships, orgConnections } from '../db/schema';
import type { Deps } from '../deps';
import { zoomApp } from '../zoom/apps';
import { resolveAlerts } from './alerts';
import { recordAudit } from './audit';
import { markOrgBookingsForRepair } from './booking-repair';
import { discardGrant, keptGrantNote } from './grant-discard';
import type { OAuthFlow } from './oauth-flows';
import { isPlainMember, roleLabel, zoomRoleOf } from './zoom-roles';
import { type FlowEnd, redeemZoomCode } from './zoom-sign-in';

export function orgApp(deps: Deps) {
  return zoomApp(deps.env, 'org');
}

/**
 * Code → tokens → who approved. Zoom already let only a role with admin privileges consent
 * (./zoom-roles.ts); a plain Member (demoted meanwhile) is refused: the grant is dropped
 * (./grant-discard.ts), nothing is stored, and the link stays valid for the right person.
 */
export async function completeOrgApproval(
  deps: Deps,
  flow: OAuthFlow,
  code: string,
): Promise<FlowEnd> {
  const redeemed = await redeemZoomCode(deps, flow, code, orgApp(deps));
  if (!redeemed.ok) return redeemed.end;
  const { tokens, user } = redeemed;
  const now = deps.now();
  const role = await zoomRoleOf(deps, tokens.access_token, user);
  const who = { zoomEmail: user.email, zoomRole: roleLabel(role) };

  if (isPlainMember(role)) {
    const grant = await discardGrant(deps, 'org', tokens.access_token, user.account_id);
    await recordAudit(deps.db, {
      orgId: flow.orgId,
      actor: { accountId: null, label: `Zoom user ${user.email}` },
      action: 'org_connection.approval_refused',
      detail: { ...who, reason: 'not_zoom_admin', grant },
      at: now,
    });
    return {
      outcome: 'not_admin',
      detail: {
        ...who,
        message: `${user.email} is a Zoom Member, not an account Owner, Admin or admin role.${keptGrantNote(grant)}`,
      },
    };
  }

  const stored = await deps.db.transaction(async (tx) => {
    const [link] = await tx
      .select()
      .from(approvalLinks)
      .where(eq(approvalLinks.id, flow.approvalLinkId ?? ''))
      .for('update');
    if (!link || link.usedAt || link.revokedAt || link.expiresAt <= now) return false;
    await tx.update(approvalLinks).set({ usedAt: now }).where(eq(approvalLinks.id, link.id));
    // Approved before (then broken or disconnected): this approval is a reconnection.
    const [previous] = await tx
      .select({
        approvedAt: orgConnections.approvedAt,
        zoomEmail: orgConnections.zoomEmail,
        zoomAccountId: orgConnections.zoomAccountId,
      })
      .from(orgConnections)
      .where(eq(orgConnections.orgId, flow.orgId))
      .for('update');
    const values = {
      state: 'active' as const,
      stateReason: null,
      zoomAccountId: user.account_id,
      zoomUserId: user.id,
      zoomEmail: user.email,
      zoomRole: who.zoomRole,
      accessTokenSealed: deps.vault.seal(tokens.access_token),
      refreshTokenSealed: deps.vault.seal(tokens.refresh_token),
      accessTokenExpiresAt: new Date(now.getTime() + tokens.expires_in * 1000),
      scope: tokens.scope,
      approvedAt: now,
      approvedViaLinkId: link.id,
      requestedByAccountId: link.requestedByAccountId,
      // A new approval is checked on the scheduler's next tick.
      nextCheckAt: null,
      lastCheckError: null,
      zoomProblem: null,
      zoomProblemSince: null,
      // A refresh of the previous grant still in flight must not overwrite the new tokens.
      refreshLeaseId: null,
      refreshLeaseUntil: null,
      updatedAt: now,
    };
    await tx
      .insert(orgConnections)
      .values({ orgId: flow.orgId, ...values })
      .onConflictDoUpdate({ target: orgConnections.orgId, set: values });
    // "Not a user of the org's Zoom account" (1001) was about the previous account: members are
    // Connected again on a different one until Zoom says otherwise.
    if (previous?.zoomAccountId !== user.account_id) {
      await tx
        .update(memberships)
        .set({ zoomUserMissing: false })
        .where(and(eq(memberships.orgId, flow.orgId), eq(memberships.zoomUserMissing, true)));
    }
    // Zoom is back for the org's members: their upcoming bookings are checked and repaired.
    await markOrgBookingsForRepair(tx, flow.orgId, now);
    await recordAudit(tx, {
      orgId: flow.orgId,
      actor: { accountId: null, label: `Zoom ${who.zoomRole} ${user.email}` },
      action: previous?.approvedAt ? 'org_connection.reconnected' : 'org_connection.approved',
      detail: {
        ...who,
        zoomAccountId: user.account_id,
        ...(previous?.approvedAt ? { previousZoomEmail: previous.zoomEmail } : {}),
      },
      at: now,
    });
    // Fixed: each open incident closes with one "resolved" mail. The approval link's own warning
    // closes quietly when a break closed with it, so admins get one mail, not two.
    const resolution = `${user.email} (Zoom ${who.zoomRole}) approved the connection`;
    const fixed = await resolveAlerts(tx, deps, {
      orgId: flow.orgId,
      kinds: ['org_needs_reconnect', 'org_deauthorized', 'org_misconfigured', 'org_disconnected'],
      resolution,
      notify: true,
    });
    await resolveAlerts(tx, deps, {
      orgId: flow.orgId,
      kinds: ['approval_link_expiring'],
      resolution,
      notify: fixed.length === 0,
    });
    return true;
  });

  if (!stored) {
    const grant = await discardGrant(deps, 'org', tokens.access_token, user.account_id);
    return {
      outcome: 'link_invalid',
      detail: {
        ...who,
        message: `The approval link was revoked, used or expired while you signed in.${keptGrantNote(grant)}`,
      },
    };
  }
  return { outcome: 'connected', detail: who };
}
