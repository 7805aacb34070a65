import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { orgConnections, personalConnections } from '../db/schema';
import type { Deps } from '../deps';
import { recordAudit } from '../domain/audit';
import { DomainError } from '../domain/errors';
import { zoomApp } from './apps';
import { ZoomApiError, type ZoomApp, ZoomOAuthError, ZoomUnavailableError } from './client';

/**
 * Zoom access tokens for both kinds of connection, refreshed single-flight.
 *
 * Zoom rotates refresh tokens: every refresh kills the previous one, so two refreshes racing on
 * one connection leave the loser's stored pair dead (zoom-platform.md §8.1, Cal.com #729). So a
 * refresh happens only while holding the connection's row lock (`SELECT … FOR UPDATE`), the
 * expiry is re-checked after the lock is granted (another caller or process may just have
 * refreshed), and the new pair is committed before anyone uses it. Within one process, callers
 * also share one in-flight refresh so they don't queue on the lock one by one.
 */

export type ConnectionTarget =
  | { kind: 'org'; orgId: string }
  | { kind: 'personal'; accountId: string };

/** Refresh when the access token has less than this left (Zoom's last about an hour). */
export const REFRESH_MARGIN_MS = 5 * 60_000;

interface StoredTokens {
  state: string;
  accessTokenSealed: string | null;
  refreshTokenSealed: string | null;
  accessTokenExpiresAt: Date | null;
}

type LockedOutcome =
  | { kind: 'token'; accessToken: string }
  | { kind: 'broken'; reason: string }
  | { kind: 'missing' };

function appFor(deps: Deps, target: ConnectionTarget): ZoomApp {
  return zoomApp(deps.env, target.kind);
}

function targetKey(target: ConnectionTarget): string {
  return target.kind === 'org' ? `org:${target.orgId}` : `personal:${target.accountId}`;
}

async function readTokens(
  db: Pick<Database, 'select'>,
  target: ConnectionTarget,
  lock: boolean,
): Promise<StoredTokens | undefined> {
  const columns = (t: typeof orgConnections | typeof personalConnections) => ({
    state: t.state,
    accessTokenSealed: t.accessTokenSealed,
    refreshTokenSealed: t.refreshTokenSealed,
    accessTokenExpiresAt: t.accessTokenExpiresAt,
  });
  if (target.kind === 'org') {
    const query = db
      .select(columns(orgConnections))
      .from(orgConnections)
      .where(eq(orgConnections.orgId, target.orgId));
    return (await (lock ? query.for('update') : query))[0];
  }
  const query = db
    .select(columns(personalConnections))
    .from(personalConnections)
    .where(eq(personalConnections.accountId, target.accountId));
  return (await (lock ? query.for('update') : query))[0];
}

function usable(
  row: StoredTokens | undefined,
): row is StoredTokens & { accessTokenSealed: string } {
  return (
    row?.state === 'active' && row.accessTokenSealed !== null && row.refreshTokenSealed !== null
  );
}

function freshEnough(deps: Deps, row: StoredTokens, staleToken: string | null, token: string) {
  const expiresAt = row.accessTokenExpiresAt?.getTime() ?? 0;
  return token !== staleToken && expiresAt - deps.now().getTime() > REFRESH_MARGIN_MS;
}

/** The refresh itself, under the row lock. Throws only for transient Zoom failures (rollback). */
async function refreshUnderLock(
  deps: Deps,
  target: ConnectionTarget,
  staleToken: string | null,
): Promise<LockedOutcome> {
  return deps.db.transaction(async (tx) => {
    const row = await readTokens(tx, target, true);
    if (!usable(row)) return { kind: 'missing' };
    const current = deps.vault.open(row.accessTokenSealed);
    // Someone refreshed while we waited for the lock: their pair is the live one.
    if (freshEnough(deps, row, staleToken, current)) return { kind: 'token', accessToken: current };

    const now = deps.now();
    let tokens: Awaited<ReturnType<Deps['zoom']['refresh']>>;
    try {
      tokens = await deps.zoom.refresh(
        appFor(deps, target),
        deps.vault.open(row.refreshTokenSealed ?? ''),
      );
    } catch (err) {
      if (!(err instanceof ZoomOAuthError)) throw err;
      // invalid_grant (revoked, superseded 4741, owner gone 4735…): the grant is dead for good.
      const reason = `Zoom refused the refresh: ${err.reason}`;
      await markNeedsReconnect(tx, target, reason, now);
      return { kind: 'broken', reason };
    }
    const values = {
      accessTokenSealed: deps.vault.seal(tokens.access_token),
      refreshTokenSealed: deps.vault.seal(tokens.refresh_token),
      accessTokenExpiresAt: new Date(now.getTime() + tokens.expires_in * 1000),
      scope: tokens.scope,
      updatedAt: now,
    };
    if (target.kind === 'org') {
      await tx.update(orgConnections).set(values).where(eq(orgConnections.orgId, target.orgId));
    } else {
      await tx
        .update(personalConnections)
        .set(values)
        .where(eq(personalConnections.accountId, target.accountId));
    }
    return { kind: 'token', accessToken: tokens.access_token };
  });
}

async function markNeedsReconnect(
  tx: Pick<Database, 'update' | 'insert'>,
  target: ConnectionTarget,
  reason: string,
  now: Date,
): Promise<void> {
  const broken = {
    state: 'needs_reconnect' as const,
    stateReason: reason,
    accessTokenSealed: null,
    refreshTokenSealed: null,
    accessTokenExpiresAt: null,
    updatedAt: now,
  };
  if (target.kind === 'personal') {
    await tx
      .update(personalConnections)
      .set(broken)
      .where(eq(personalConnections.accountId, target.accountId));
    return;
  }
  await tx.update(orgConnections).set(broken).where(eq(orgConnections.orgId, target.orgId));
  await recordAudit(tx, {
    orgId: target.orgId,
    actor: { accountId: null, label: 'Zoom' },
    action: 'org_connection.needs_reconnect',
    detail: { reason },
    at: now,
  });
}

/** Per database handle, so two Deps (two "processes") in one test don't share the shortcut. */
const inFlight = new WeakMap<object, Map<string, Promise<LockedOutcome>>>();

function refreshOnce(
  deps: Deps,
  target: ConnectionTarget,
  staleToken: string | null,
): Promise<LockedOutcome> {
  let flights = inFlight.get(deps.db);
  if (!flights) {
    flights = new Map();
    inFlight.set(deps.db, flights);
  }
  const key = `${targetKey(target)}:${staleToken ?? ''}`;
  const running = flights.get(key);
  if (running) return running;
  const flight = refreshUnderLock(deps, target, staleToken).finally(() => flights.delete(key));
  flights.set(key, flight);
  return flight;
}

async function accessTokenFor(
  deps: Deps,
  target: ConnectionTarget,
  staleToken: string | null,
): Promise<string> {
  const row = await readTokens(deps.db, target, false);
  if (usable(row)) {
    const current = deps.vault.open(row.accessTokenSealed);
    if (freshEnough(deps, row, staleToken, current)) return current;
  }
  let outcome: LockedOutcome;
  try {
    outcome = await refreshOnce(deps, target, staleToken);
  } catch (err) {
    if (err instanceof ZoomUnavailableError) {
      throw new DomainError('zoom_unavailable', 'Zoom is not answering right now. Try again soon.');
    }
    throw err;
  }
  if (outcome.kind === 'token') return outcome.accessToken;
  if (outcome.kind === 'broken') {
    throw new DomainError(
      'zoom_needs_reconnect',
      `This Zoom connection needs to be reconnected. ${outcome.reason}`,
    );
  }
  throw new DomainError('zoom_not_connected', 'This Zoom connection is not connected.');
}

/**
 * Runs `fn` with a usable access token for the connection. If Zoom rejects the token anyway
 * (401, code 124: revoked or expired early), the token is refreshed once and `fn` retried once;
 * a refresh Zoom refuses turns the connection `needs_reconnect` (409 `zoom_needs_reconnect`).
 * Zoom being down is a 503 `zoom_unavailable` and leaves the connection as it was.
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
