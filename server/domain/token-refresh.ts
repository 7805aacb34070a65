import { randomUUID } from 'node:crypto';
import { and, eq, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { orgConnections, personalConnections } from '../db/schema';
import type { Deps } from '../deps';
import { zoomApp } from '../zoom/apps';
import {
  ZoomApiError,
  ZoomOAuthError,
  type ZoomTokens,
  ZoomUnavailableError,
} from '../zoom/client';
import { openAlert, resolveAlerts } from './alerts';
import { recordAudit } from './audit';
import { DomainError } from './errors';
import { ZOOM_OUTAGE_RETRY_SECONDS } from './zoom-outage';

/**
 * Zoom access tokens for both kinds of connection, refreshed once however many callers and
 * processes need one at the same moment.
 *
 * Zoom rotates refresh tokens: every refresh kills the previous one, so two refreshes racing on
 * one connection leave the loser's stored pair dead (zoom-platform.md §8.1, Cal.com #729). So a
 * caller refreshes only after claiming the connection's *lease* in one UPDATE that also checks
 * the stored refresh token is still the one it read (someone who refreshed meanwhile changed
 * it). Everyone else polls the row until the new pair is there. No transaction and no pooled
 * connection is held while Zoom answers: on PGlite (one connection) a slow token endpoint would
 * otherwise freeze every other request, and on PostgreSQL each hung refresh would pin a client.
 */

export type ConnectionTarget =
  | { kind: 'org'; orgId: string }
  | { kind: 'personal'; accountId: string };

/** Refresh when the access token has less than this left (Zoom's last about an hour). */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** Longer than the Zoom client's timeout (10 s), so a live holder never loses its lease. */
export const REFRESH_LEASE_MS = 30_000;
/** How long a caller waits for someone else's refresh before it gives up (503). */
const WAIT_FOR_OTHERS_MS = REFRESH_LEASE_MS + 5_000;

interface StoredTokens {
  state: string;
  accessTokenSealed: string | null;
  refreshTokenSealed: string | null;
  accessTokenExpiresAt: Date | null;
  zoomProblem: string | null;
}

type Usable = StoredTokens & { accessTokenSealed: string; refreshTokenSealed: string };

/**
 * Both connection tables share the token and lease columns this module touches, so one code path
 * serves both; the key condition is always built from the real table. Only org connections record
 * a Zoom problem (admins see it), so a personal row reads it as null.
 */
function rowOf(target: ConnectionTarget): {
  table: typeof orgConnections;
  key: SQL;
  zoomProblem: SQL<string | null> | typeof orgConnections.zoomProblem;
} {
  if (target.kind === 'org') {
    return {
      table: orgConnections,
      key: eq(orgConnections.orgId, target.orgId),
      zoomProblem: orgConnections.zoomProblem,
    };
  }
  return {
    table: personalConnections as unknown as typeof orgConnections,
    key: eq(personalConnections.accountId, target.accountId),
    zoomProblem: sql<string | null>`null`,
  };
}

async function readTokens(deps: Deps, target: ConnectionTarget): Promise<StoredTokens | undefined> {
  const { table, key, zoomProblem } = rowOf(target);
  const [row] = await deps.db
    .select({
      state: table.state,
      accessTokenSealed: table.accessTokenSealed,
      refreshTokenSealed: table.refreshTokenSealed,
      accessTokenExpiresAt: table.accessTokenExpiresAt,
      zoomProblem,
    })
    .from(table)
    .where(key);
  return row;
}

function usable(row: StoredTokens | undefined): row is Usable {
  return (
    row?.state === 'active' && row.accessTokenSealed !== null && row.refreshTokenSealed !== null
  );
}

function freshEnough(deps: Deps, row: StoredTokens, staleToken: string | null, token: string) {
  const expiresAt = row.accessTokenExpiresAt?.getTime() ?? 0;
  return token !== staleToken && expiresAt - deps.now().getTime() > REFRESH_MARGIN_MS;
}

/**
 * Takes the lease if nobody holds a live one and the stored refresh token is still the one we
 * read. Returns the lease id, or null when someone else is refreshing or already has.
 */
export async function claimRefreshLease(
  deps: Deps,
  target: ConnectionTarget,
  refreshTokenSealed: string,
): Promise<string | null> {
  const { table, key } = rowOf(target);
  const now = deps.now();
  const leaseId = randomUUID();
  const claimed = await deps.db
    .update(table)
    .set({ refreshLeaseId: leaseId, refreshLeaseUntil: new Date(now.getTime() + REFRESH_LEASE_MS) })
    .where(
      and(
        key,
        eq(table.state, 'active'),
        eq(table.refreshTokenSealed, refreshTokenSealed),
        or(isNull(table.refreshLeaseUntil), lte(table.refreshLeaseUntil, now)),
      ),
    )
    .returning({ state: table.state });
  return claimed.length > 0 ? leaseId : null;
}

const heldBy = (target: ConnectionTarget, leaseId: string) => {
  const { table, key } = rowOf(target);
  return and(key, eq(table.refreshLeaseId, leaseId));
};

const released = { refreshLeaseId: null, refreshLeaseUntil: null };

async function storeNewTokens(
  deps: Deps,
  target: ConnectionTarget,
  leaseId: string,
  tokens: ZoomTokens,
  hadProblem: string | null,
): Promise<void> {
  const { table } = rowOf(target);
  const now = deps.now();
  const values = {
    accessTokenSealed: deps.vault.seal(tokens.access_token),
    refreshTokenSealed: deps.vault.seal(tokens.refresh_token),
    accessTokenExpiresAt: new Date(now.getTime() + tokens.expires_in * 1000),
    scope: tokens.scope,
    updatedAt: now,
    ...released,
  };
  if (target.kind === 'personal') {
    await deps.db.update(table).set(values).where(heldBy(target, leaseId));
    return;
  }
  await deps.db.transaction(async (tx) => {
    const stored = await tx
      .update(orgConnections)
      .set({ ...values, zoomProblem: null, zoomProblemSince: null })
      .where(heldBy(target, leaseId))
      .returning({ orgId: orgConnections.orgId });
    if (stored.length === 0 || !hadProblem) return;
    await resolveAlerts(tx, deps, {
      orgId: target.orgId,
      kinds: ['org_misconfigured'],
      resolution: "Zoom accepts the service's app again",
      notify: true,
    });
    await recordAudit(tx, {
      orgId: target.orgId,
      actor: { accountId: null, label: 'Zoom' },
      action: 'org_connection.zoom_problem_resolved',
      detail: { previous: hadProblem },
      at: now,
    });
  });
}

async function markNeedsReconnect(
  deps: Deps,
  target: ConnectionTarget,
  leaseId: string,
  reason: string,
): Promise<void> {
  const { table } = rowOf(target);
  const now = deps.now();
  const broken = {
    state: 'needs_reconnect' as const,
    stateReason: reason,
    accessTokenSealed: null,
    refreshTokenSealed: null,
    accessTokenExpiresAt: null,
    updatedAt: now,
    ...released,
  };
  await deps.db.transaction(async (tx) => {
    const changed = await tx
      .update(table)
      .set(broken)
      .where(heldBy(target, leaseId))
      .returning({ orgId: table.orgId });
    const orgId = changed[0]?.orgId;
    if (!orgId) return;
    if (target.kind === 'personal') {
      await openAlert(tx, deps, {
        orgId,
        kind: 'personal_broken',
        reason,
        accountId: target.accountId,
      });
      return;
    }
    await openAlert(tx, deps, { orgId, kind: 'org_needs_reconnect', reason });
    await recordAudit(tx, {
      orgId: target.orgId,
      actor: { accountId: null, label: 'Zoom' },
      action: 'org_connection.needs_reconnect',
      detail: { reason },
      at: now,
    });
  });
}

/**
 * Zoom refused our app rather than the grant: keep the tokens (fixing the configuration then
 * recovers with no reconnect) and tell the org's admins once, in the audit log and the console.
 */
async function recordZoomProblem(
  deps: Deps,
  target: ConnectionTarget,
  leaseId: string,
  problem: string,
  hadProblem: string | null,
): Promise<void> {
  const { table } = rowOf(target);
  const now = deps.now();
  if (target.kind === 'personal') {
    await deps.db.update(table).set(released).where(heldBy(target, leaseId));
    return;
  }
  await deps.db.transaction(async (tx) => {
    const changed = await tx
      .update(orgConnections)
      .set({ ...released, zoomProblem: problem, zoomProblemSince: hadProblem ? undefined : now })
      .where(heldBy(target, leaseId))
      .returning({ orgId: orgConnections.orgId });
    if (changed.length === 0) return;
    await openAlert(tx, deps, { orgId: target.orgId, kind: 'org_misconfigured', reason: problem });
    if (hadProblem) return;
    await recordAudit(tx, {
      orgId: target.orgId,
      actor: { accountId: null, label: 'Zoom' },
      action: 'org_connection.zoom_problem',
      detail: { reason: problem },
      at: now,
    });
  });
}

/** Zoom cut the grant off (its refresh answers invalid_grant); the app's words for everyone. */
export const ORG_GRANT_REFUSED =
  'Zoom no longer accepts this connection: its approval was revoked or the app was removed in Zoom. A Zoom account Owner or Admin needs to approve a new link';

/**
 * Why a connection needs reconnecting, in plain words with what to do: Zoom's own reason
 * ("Invalid Token!") means nothing to the reader, so only its code goes in brackets.
 */
export function describeGrantRefusal(err: ZoomOAuthError, target: ConnectionTarget): string {
  const ownerGone = /owner of the token does not exist/i.test(err.reason);
  const code = `(Zoom: ${err.error})`;
  if (target.kind === 'personal') {
    return ownerGone
      ? `Zoom no longer has the user your personal connection was made with. Connect your personal Zoom again ${code}.`
      : `Zoom no longer accepts your personal connection: it was revoked or the app was removed in Zoom. Connect your personal Zoom again ${code}.`;
  }
  return ownerGone
    ? `The Zoom user who approved this connection was removed from the Zoom account. A different Zoom account Owner or Admin needs to approve a new link ${code}.`
    : `${ORG_GRANT_REFUSED} ${code}.`;
}

/** What an admin reads: plain words and what to do, Zoom's own code in brackets. */
export function describeAppRefusal(err: ZoomOAuthError, target: ConnectionTarget): string {
  const app = target.kind === 'org' ? 'organization' : 'personal';
  if (err.error === 'invalid_client') {
    return `Zoom refused this service's ${app} app credentials (invalid_client). The Zoom client ID or secret in the service's configuration is wrong or was rotated; once it is fixed, Zoom works again with no reconnect.`;
  }
  if (err.error === 'unexpected_response') {
    return `Zoom's sign-in service answered ${err.reason}, which comes from a network edge or outage rather than from Zoom. Nothing needs reconnecting; if it persists, check the service's network path to Zoom.`;
  }
  return `Zoom refused this service's ${app} app (${err.error}: ${err.reason}). Check the app's configuration in the Zoom App Marketplace; nothing needs reconnecting.`;
}

/** The refresh itself, by the lease holder, with no transaction open while Zoom answers. */
async function refreshHoldingLease(
  deps: Deps,
  target: ConnectionTarget,
  row: Usable,
  leaseId: string,
): Promise<string> {
  let tokens: ZoomTokens;
  try {
    tokens = await deps.zoom.refresh(
      zoomApp(deps.env, target.kind),
      deps.vault.open(row.refreshTokenSealed),
    );
  } catch (err) {
    if (err instanceof ZoomOAuthError && err.grantIsDead) {
      const reason = describeGrantRefusal(err, target);
      await markNeedsReconnect(deps, target, leaseId, reason);
      throw new DomainError(
        'zoom_needs_reconnect',
        `This Zoom connection needs to be reconnected. ${reason}`,
      );
    }
    if (err instanceof ZoomOAuthError) {
      const problem = describeAppRefusal(err, target);
      await recordZoomProblem(deps, target, leaseId, problem, row.zoomProblem);
      throw new DomainError('zoom_misconfigured', problem, { retryAfterSeconds: 60 });
    }
    await deps.db.update(rowOf(target).table).set(released).where(heldBy(target, leaseId));
    if (err instanceof ZoomUnavailableError) throw zoomUnavailable();
    throw err;
  }
  await storeNewTokens(deps, target, leaseId, tokens, row.zoomProblem);
  return tokens.access_token;
}

function zoomUnavailable(): DomainError {
  return new DomainError('zoom_unavailable', 'Zoom is not answering right now. Try again soon.', {
    retryAfterSeconds: ZOOM_OUTAGE_RETRY_SECONDS,
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function accessTokenFor(
  deps: Deps,
  target: ConnectionTarget,
  staleToken: string | null,
): Promise<string> {
  const giveUpAt = Date.now() + WAIT_FOR_OTHERS_MS;
  for (let attempt = 0; ; attempt++) {
    const row = await readTokens(deps, target);
    if (!usable(row)) {
      if (row?.state === 'needs_reconnect') {
        throw new DomainError(
          'zoom_needs_reconnect',
          'This Zoom connection needs to be reconnected.',
        );
      }
      throw new DomainError('zoom_not_connected', 'This Zoom connection is not connected.');
    }
    const current = deps.vault.open(row.accessTokenSealed);
    if (freshEnough(deps, row, staleToken, current)) return current;

    const leaseId = await claimRefreshLease(deps, target, row.refreshTokenSealed);
    if (leaseId) return refreshHoldingLease(deps, target, row, leaseId);
    // Someone else is refreshing (or just did): wait for their pair instead of racing them.
    if (Date.now() > giveUpAt) throw zoomUnavailable();
    await pause(Math.min(20 * 2 ** attempt, 250));
  }
}

/**
 * Runs `fn` with a usable access token for the connection. If Zoom rejects the token anyway
 * (401, code 124: revoked or expired early), the token is refreshed once and `fn` retried once;
 * a refresh Zoom refuses turns the connection `needs_reconnect` (409 `zoom_needs_reconnect`).
 * Zoom being down is a 503 `zoom_unavailable`; Zoom refusing our app is `zoom_misconfigured`;
 * both leave the stored tokens as they were.
 */
export async function withAccessToken<T>(
  deps: Deps,
  target: ConnectionTarget,
  fn: (accessToken: string) => Promise<T>,
): Promise<T> {
  const token = await accessTokenFor(deps, target, null);
  try {
    return await fn(token);
  } catch (err) {
    if (!(err instanceof ZoomApiError && err.status === 401)) throw err;
    return fn(await accessTokenFor(deps, target, token));
  }
}
