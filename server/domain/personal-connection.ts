import { eq } from 'drizzle-orm';
import type { StartFlowBody } from '../../lib/contracts/api';
import { personalConnections } from '../db/schema';
import type { Deps, SessionInfo } from '../deps';
import { type ZoomAppConfig, zoomApp } from '../zoom/apps';
import { ZoomApiError } from '../zoom/client';
import { openSealedTokens, revokeGrant } from '../zoom/revoke';
import { resolveAlerts } from './alerts';
import { recordAudit } from './audit';
import { markHostBookingsForRepair, markPersonalBookingsForRepair } from './booking-repair';
import { DomainError } from './errors';
import { discardGrant } from './grant-discard';
import { createFlow, type OAuthFlow } from './oauth-flows';
import { withAccessToken } from './token-refresh';
import { asZoomOutage } from './zoom-outage';
import { type FlowEnd, redeemZoomCode } from './zoom-sign-in';

/**
 * A member's own Zoom: the user-managed app, any Zoom role, one per account. It always wins
 * over the org connection (lib/domain/effective-connection.ts), and connecting the org never
 * touches it.
 */

export function personalApp(deps: Deps): ZoomAppConfig {
  return zoomApp(deps.env, 'personal');
}

/** Same server-assisted flow as the org approval, bound to the signed-in account. */
export function startPersonalFlow(deps: Deps, session: SessionInfo, body: StartFlowBody) {
  return createFlow(deps, {
    kind: 'personal',
    orgId: session.orgId,
    approvalLinkId: null,
    accountId: session.accountId,
    body,
    clientId: personalApp(deps).clientId,
  });
}

/** Zoom's callback for a personal flow: code → tokens → who, then store (sealed). */
export async function completePersonalConnection(
  deps: Deps,
  flow: OAuthFlow,
  code: string,
): Promise<FlowEnd> {
  if (!flow.accountId) throw new Error(`Personal flow ${flow.id} has no account`);
  const accountId = flow.accountId;
  const redeemed = await redeemZoomCode(deps, flow, code, personalApp(deps));
  if (!redeemed.ok) return redeemed.end;
  const { tokens, user } = redeemed;
  const now = deps.now();
  const who = { zoomEmail: user.email, zoomRole: user.role_name };
  const values = {
    orgId: flow.orgId,
    state: 'active' as const,
    stateReason: null,
    zoomUserId: user.id,
    zoomAccountId: user.account_id,
    zoomEmail: user.email,
    accessTokenSealed: deps.vault.seal(tokens.access_token),
    refreshTokenSealed: deps.vault.seal(tokens.refresh_token),
    accessTokenExpiresAt: new Date(now.getTime() + tokens.expires_in * 1000),
    scope: tokens.scope,
    connectedAt: now,
    // A refresh of the previous grant still in flight must not overwrite the new tokens.
    refreshLeaseId: null,
    refreshLeaseUntil: null,
    updatedAt: now,
  };
  const previous = await deps.db.transaction(async (tx) => {
    const [old] = await tx
      .select()
      .from(personalConnections)
      .where(eq(personalConnections.accountId, accountId))
      .for('update');
    await tx
      .insert(personalConnections)
      .values({ accountId, ...values })
      .onConflictDoUpdate({ target: personalConnections.accountId, set: values });
    // The host's personal Zoom now makes their meetings: upcoming bookings move to it.
    await markHostBookingsForRepair(tx, accountId, now);
    await recordAudit(tx, {
      orgId: flow.orgId,
      actor: { accountId, label: `Zoom ${user.role_name || 'user'} ${user.email}` },
      action: 'personal_connection.connected',
      detail: { ...who, zoomAccountId: user.account_id },
      at: now,
    });
    await resolveAlerts(tx, deps, {
      orgId: flow.orgId,
      kinds: ['personal_broken'],
      accountId,
      resolution: `Your personal Zoom is connected again as ${user.email}`,
      notify: true,
    });
    return old;
  });
  // Switching to another Zoom user: the old grant would stay installed at Zoom otherwise. (The
  // same Zoom user's older grant is already revoked by Zoom itself: 4741.)
  if (previous?.accessTokenSealed && previous.zoomUserId !== user.id) {
    await discardGrant(deps, 'personal', deps.vault.open(previous.accessTokenSealed), null);
  }
  return { outcome: 'connected', detail: who };
}

/** Revokes at Zoom (best effort: Zoom may be down or already forgot it), then deletes. */
export async function disconnectPersonal(deps: Deps, session: SessionInfo): Promise<void> {
  const now = deps.now();
  const row = await deps.db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(personalConnections)
      .where(eq(personalConnections.accountId, session.accountId))
      .returning();
    // Their upcoming meetings in that Zoom move to the org's, or wait for details.
    if (gone) await markPersonalBookingsForRepair(tx, session.accountId, now);
    return gone;
  });
  if (!row) throw new DomainError('not_found', 'You have no personal Zoom connection.');
  await recordAudit(deps.db, {
    orgId: row.orgId,
    actor: { accountId: session.accountId, label: session.email },
    action: 'personal_connection.disconnected',
    detail: { zoomEmail: row.zoomEmail },
    at: deps.now(),
  });
  await resolveAlerts(deps.db, deps, {
    orgId: row.orgId,
    kinds: ['personal_broken'],
    accountId: session.accountId,
    resolution: 'You disconnected your personal Zoom',
    notify: false,
  });
  await revokeGrant(deps.zoom, personalApp(deps), openSealedTokens(deps.vault, row));
}

/**
 * Asks Zoom whether the personal grant still works (`GET /users/me` with a fresh token). A dead
 * grant has turned the connection `needs_reconnect` by the time this returns.
 */
export async function checkPersonal(deps: Deps, session: SessionInfo): Promise<void> {
  const [row] = await deps.db
    .select({ state: personalConnections.state })
    .from(personalConnections)
    .where(eq(personalConnections.accountId, session.accountId));
  if (!row) throw new DomainError('not_found', 'You have no personal Zoom connection.');
  if (row.state !== 'active') return;
  try {
    await withAccessToken(deps, { kind: 'personal', accountId: session.accountId }, (token) =>
      deps.zoom.getUser(token, 'me'),
    );
  } catch (err) {
    if (err instanceof DomainError && err.code === 'zoom_needs_reconnect') return;
    const outage = asZoomOutage(err, {
      noAnswer:
        "Zoom didn't answer in time, so your connection couldn't be checked. Try again in a minute.",
      failed:
        "Zoom is having trouble right now, so your connection couldn't be checked. Try again in a minute.",
    });
    if (outage) throw outage;
    if (err instanceof ZoomApiError) {
      throw new DomainError(
        'zoom_unavailable',
        `Zoom could not check the connection: ${err.message}`,
      );
    }
    throw err;
  }
}
