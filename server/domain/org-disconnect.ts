import { and, eq, inArray, ne } from 'drizzle-orm';
import { orgConnections } from '../db/schema';
import type { Deps, SessionInfo } from '../deps';
import { openSealedTokens, revokeGrant } from '../zoom/revoke';
import { openAlert, resolveAlerts } from './alerts';
import { revokeOpenLinks } from './approval-links';
import { recordAudit } from './audit';
import { DomainError } from './errors';
import { orgApp } from './org-approval';

/**
 * Disconnect by an org admin: revoke the grant at Zoom (best effort — Zoom then sends
 * app_deauthorized, which finds nothing left to do), delete the tokens, record who and when.
 * Members keep their personal connections; they are separate grants.
 *
 * Disconnecting what is already disconnected (a second click, a second console) succeeds and
 * changes nothing: only the request whose update finds the connection still connected records
 * the audit entry, on whichever service process it runs.
 */
export async function disconnectOrg(deps: Deps, session: SessionInfo): Promise<void> {
  const [row] = await deps.db
    .select()
    .from(orgConnections)
    .where(eq(orgConnections.orgId, session.orgId));
  if (row?.state === 'disconnected') return;
  if (!row || (row.state !== 'active' && row.state !== 'needs_reconnect')) {
    throw new DomainError('conflict', 'Zoom is not connected for this organization.');
  }
  // Revoking the admin-managed app's grant can uninstall the app for the whole Zoom account,
  // and Zoom's app_deauthorized would then disconnect every org on it (grant-discard.ts): while
  // another org is connected to the same Zoom account, only our tokens go.
  const shared = await otherOrgOnZoomAccount(deps, session.orgId, row.zoomAccountId);
  const revokedAtZoom = shared
    ? false
    : await revokeGrant(deps.zoom, orgApp(deps), openSealedTokens(deps.vault, row));
  const now = deps.now();
  await deps.db.transaction(async (tx) => {
    const changed = await tx
      .update(orgConnections)
      .set({
        state: 'disconnected',
        stateReason: `Disconnected by ${session.name}`,
        accessTokenSealed: null,
        refreshTokenSealed: null,
        accessTokenExpiresAt: null,
        updatedAt: now,
      })
      .where(
        and(
          eq(orgConnections.orgId, session.orgId),
          inArray(orgConnections.state, ['active', 'needs_reconnect']),
        ),
      )
      .returning({ orgId: orgConnections.orgId });
    if (changed.length === 0) return;
    // A reconnect link asked for after a break must not connect Zoom again after a Disconnect.
    await revokeOpenLinks(tx, session.orgId, now);
    await recordAudit(tx, {
      orgId: session.orgId,
      actor: { accountId: session.accountId, label: session.email },
      action: 'org_connection.disconnected',
      detail: { zoomEmail: row.zoomEmail, revokedAtZoom, keptForOtherOrg: shared },
      at: now,
    });
    // A deliberate Disconnect is not a break for admins to fix (one of them did it; the audit
    // log says who), so their open incidents close quietly. The members whose meetings used the
    // org's Zoom are told once: their Zoom stopped working, and only a personal connection or a
    // new organization connection brings it back. Nobody is "fixing it", so saying nothing would
    // leave them to find out from a meeting without Zoom details.
    await resolveAlerts(tx, deps, {
      orgId: session.orgId,
      kinds: [
        'org_needs_reconnect',
        'org_deauthorized',
        'org_misconfigured',
        'approval_link_expiring',
      ],
      resolution: `Disconnected by ${session.name}`,
      notify: false,
    });
    await openAlert(tx, deps, {
      orgId: session.orgId,
      kind: 'org_disconnected',
      reason: `${session.name} disconnected Zoom for the organization`,
    });
  });
}

async function otherOrgOnZoomAccount(
  deps: Deps,
  orgId: string,
  zoomAccountId: string | null,
): Promise<boolean> {
  if (!zoomAccountId) return false;
  const [other] = await deps.db
    .select({ orgId: orgConnections.orgId })
    .from(orgConnections)
    .where(
      and(
        eq(orgConnections.zoomAccountId, zoomAccountId),
        eq(orgConnections.state, 'active'),
        ne(orgConnections.orgId, orgId),
      ),
    )
    .limit(1);
  return other !== undefined;
}
