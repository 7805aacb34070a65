import { eq } from 'drizzle-orm';
import { approvalLinks, orgConnections } from '../db/schema';
import type { Deps } from '../deps';
import { zoomApp } from '../zoom/apps';
import { isZoomAdminRole } from '../zoom/client';
import { recordAudit } from './audit';
import type { OAuthFlow } from './oauth-flows';
import { type FlowEnd, redeemZoomCode, revokeQuietly } from './zoom-sign-in';

export function orgApp(deps: Deps) {
  return zoomApp(deps.env, 'org');
}

/**
 * Code → tokens → who approved. Only a Zoom Owner/Admin may connect the org; anyone else's
 * grant is revoked at once, nothing is stored, and the link stays valid for the right person.
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
  const who = { zoomEmail: user.email, zoomRole: user.role_name };

  if (!isZoomAdminRole(user.role_name)) {
    await revokeQuietly(deps, tokens.access_token, orgApp(deps));
    await recordAudit(deps.db, {
      orgId: flow.orgId,
      actor: { accountId: null, label: `Zoom user ${user.email}` },
      action: 'org_connection.approval_refused',
      detail: { ...who, reason: 'not_zoom_admin' },
      at: now,
    });
    return {
      outcome: 'not_admin',
      detail: {
        ...who,
        message: `${user.email} is a Zoom ${user.role_name || 'member'}, not an account Owner or Admin.`,
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
      .select({ approvedAt: orgConnections.approvedAt, zoomEmail: orgConnections.zoomEmail })
      .from(orgConnections)
      .where(eq(orgConnections.orgId, flow.orgId))
      .for('update');
    const values = {
      state: 'active' as const,
      stateReason: null,
      zoomAccountId: user.account_id,
      zoomUserId: user.id,
      zoomEmail: user.email,
      zoomRole: user.role_name,
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
    await recordAudit(tx, {
      orgId: flow.orgId,
      actor: { accountId: null, label: `Zoom ${user.role_name} ${user.email}` },
      action: previous?.approvedAt ? 'org_connection.reconnected' : 'org_connection.approved',
      detail: {
        ...who,
        zoomAccountId: user.account_id,
        ...(previous?.approvedAt ? { previousZoomEmail: previous.zoomEmail } : {}),
      },
      at: now,
    });
    return true;
  });

  if (!stored) {
    await revokeQuietly(deps, tokens.access_token, orgApp(deps));
    return {
      outcome: 'link_invalid',
      detail: {
        ...who,
        message: 'The approval link was revoked, used or expired while you signed in.',
      },
    };
  }
  return { outcome: 'connected', detail: who };
}
