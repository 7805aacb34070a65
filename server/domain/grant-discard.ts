import { and, eq } from 'drizzle-orm';
import { orgConnections } from '../db/schema';
import type { Deps } from '../deps';
import { type ZoomAppKind, zoomApp } from '../zoom/apps';
import { revokeGrant } from '../zoom/revoke';

export type DiscardedGrant = 'revoked' | 'not_revoked' | 'kept_for_connected_account';

/**
 * Drops a fresh grant we will not keep, revoking it at Zoom (best effort) so no orphaned
 * install is left behind. Except: revoking a token of the admin-managed app can uninstall the
 * app for the whole Zoom account (Zoom staff, zoom-platform.md §1 and §9), and Zoom's
 * `app_deauthorized` for that account then disconnects every org connected to it
 * (server/domain/zoom-webhooks.ts). So an org-app grant is only dropped, not revoked, while any
 * org connection is active on its Zoom account. When we never learned the account (Zoom did not
 * say who signed in), any active org connection might be on it.
 */
export async function discardGrant(
  deps: Deps,
  kind: ZoomAppKind,
  accessToken: string,
  zoomAccountId: string | null,
): Promise<DiscardedGrant> {
  if (kind === 'org' && (await orgConnectedTo(deps, zoomAccountId))) {
    return 'kept_for_connected_account';
  }
  const revoked = await revokeGrant(deps.zoom, zoomApp(deps.env, kind), [accessToken]);
  return revoked ? 'revoked' : 'not_revoked';
}

async function orgConnectedTo(deps: Deps, zoomAccountId: string | null): Promise<boolean> {
  const active = eq(orgConnections.state, 'active');
  const [row] = await deps.db
    .select({ orgId: orgConnections.orgId })
    .from(orgConnections)
    .where(zoomAccountId ? and(active, eq(orgConnections.zoomAccountId, zoomAccountId)) : active)
    .limit(1);
  return row !== undefined;
}

/** A sentence for the person, when the grant could not be revoked for another org's sake. */
export function keptGrantNote(discarded: DiscardedGrant): string {
  return discarded === 'kept_for_connected_account'
    ? ' Its Zoom authorization was not revoked, because that would remove the app for an organization already connected to this Zoom account.'
    : '';
}
