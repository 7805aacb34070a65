import { and, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { orgConnections } from '../db/schema';
import type { Deps } from '../deps';
import { ZoomApiError, ZoomUnavailableError } from '../zoom/client';
import { openAlert } from './alerts';
import { recordAudit } from './audit';
import { DomainError } from './errors';
import { ORG_GRANT_REFUSED, withAccessToken } from './token-refresh';
import { isPlainMember, zoomRoleOf } from './zoom-roles';

/**
 * Health of the org connection: can we still get a token, and is the approving Zoom user still
 * there and still more than a plain Member (./zoom-roles.ts)? "The Zoom account used for the
 * connection must stay as an administrator" (seed article); Zoom's answers on demotion conflict
 * (zoom-platform.md §2), so we check the role ourselves rather than wait for an API call to fail.
 */

export type HealthCheckResult =
  | { outcome: 'healthy' }
  | { outcome: 'needs_reconnect'; reason: string }
  | { outcome: 'unreachable'; message: string }
  | { outcome: 'zoom_problem'; message: string }
  | { outcome: 'skipped' };

const TRANSIENT_RETRIES = [250, 1000];

async function lookUpApprover(deps: Deps, orgId: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await withAccessToken(deps, { kind: 'org', orgId }, async (token) => {
        const user = await deps.zoom.getUser(token, 'me');
        return { user, role: await zoomRoleOf(deps, token, user) };
      });
    } catch (err) {
      const transient =
        err instanceof ZoomUnavailableError ||
        (err instanceof DomainError && err.code === 'zoom_unavailable');
      const wait = TRANSIENT_RETRIES[attempt];
      if (!transient || wait === undefined) throw err;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

async function markBroken(deps: Deps, orgId: string, reason: string): Promise<void> {
  const now = deps.now();
  await deps.db.transaction(async (tx) => {
    const changed = await tx
      .update(orgConnections)
      .set({ state: 'needs_reconnect', stateReason: reason, updatedAt: now })
      .where(and(eq(orgConnections.orgId, orgId), eq(orgConnections.state, 'active')))
      .returning({ orgId: orgConnections.orgId });
    if (changed.length === 0) return;
    await recordAudit(tx, {
      orgId,
      actor: { accountId: null, label: 'Health check' },
      action: 'org_connection.needs_reconnect',
      detail: { reason },
      at: now,
    });
    await openAlert(tx, deps, { orgId, kind: 'org_needs_reconnect', reason });
  });
}

export async function checkOrgConnection(deps: Deps, orgId: string): Promise<HealthCheckResult> {
  const [row] = await deps.db.select().from(orgConnections).where(eq(orgConnections.orgId, orgId));
  if (row?.state !== 'active') return { outcome: 'skipped' };
  const result = await runCheck(deps, orgId, row.zoomEmail ?? 'The approving Zoom account');
  await deps.db
    .update(orgConnections)
    .set({
      lastCheckedAt: deps.now(),
      lastCheckError:
        result.outcome === 'unreachable' || result.outcome === 'zoom_problem'
          ? result.message
          : null,
    })
    .where(eq(orgConnections.orgId, orgId));
  return result;
}

async function runCheck(deps: Deps, orgId: string, approver: string): Promise<HealthCheckResult> {
  try {
    const { user, role } = await lookUpApprover(deps, orgId);
    // A custom admin role is not a demotion: Zoom let it install the app (./zoom-roles.ts).
    if (!isPlainMember(role)) return { outcome: 'healthy' };
    const reason = `${user.email} is no longer a Zoom account Owner or Admin (now Member).`;
    await markBroken(deps, orgId, reason);
    return { outcome: 'needs_reconnect', reason };
  } catch (err) {
    if (err instanceof DomainError && err.code === 'zoom_needs_reconnect') {
      // withAccessToken already marked it and wrote the audit entry.
      return { outcome: 'needs_reconnect', reason: err.message };
    }
    if (err instanceof DomainError && err.code === 'zoom_misconfigured') {
      // Recorded on the connection and audited by the refresh; the grant itself is fine.
      return { outcome: 'zoom_problem', message: err.message };
    }
    if (err instanceof DomainError && err.code === 'zoom_unavailable') {
      return { outcome: 'unreachable', message: err.message };
    }
    if (err instanceof ZoomUnavailableError)
      return { outcome: 'unreachable', message: err.message };
    if (err instanceof ZoomApiError && (err.zoomCode === 1001 || err.status === 404)) {
      const reason = `${approver} no longer exists in Zoom.`;
      await markBroken(deps, orgId, reason);
      return { outcome: 'needs_reconnect', reason };
    }
    if (err instanceof ZoomApiError && err.status === 401) {
      const reason = `${ORG_GRANT_REFUSED} (Zoom: HTTP 401).`;
      await markBroken(deps, orgId, reason);
      return { outcome: 'needs_reconnect', reason };
    }
    throw err;
  }
}

/**
 * One scheduler tick: claims due connections with FOR UPDATE SKIP LOCKED and pushes their next
 * check forward in the same statement, so several service processes share the work instead of
 * repeating it. A crash mid-check only delays that org by one interval.
 */
export async function claimDueHealthChecks(
  db: Database,
  now: Date,
  intervalMs: number,
  batch = 20,
): Promise<string[]> {
  const due = or(isNull(orgConnections.nextCheckAt), lte(orgConnections.nextCheckAt, now));
  const claimed = await db.transaction(async (tx) => {
    const rows = await tx
      .select({ orgId: orgConnections.orgId })
      .from(orgConnections)
      .where(and(eq(orgConnections.state, 'active'), due))
      .orderBy(sql`${orgConnections.nextCheckAt} nulls first`)
      .limit(batch)
      .for('update', { skipLocked: true });
    const ids = rows.map((r) => r.orgId);
    if (ids.length > 0) {
      await tx
        .update(orgConnections)
        .set({ nextCheckAt: new Date(now.getTime() + intervalMs) })
        .where(inArray(orgConnections.orgId, ids));
    }
    return ids;
  });
  return claimed;
}

export async function runDueHealthChecks(deps: Deps, intervalMs: number): Promise<number> {
  const ids = await claimDueHealthChecks(deps.db, deps.now(), intervalMs);
  for (const orgId of ids) {
    try {
      await checkOrgConnection(deps, orgId);
    } catch (err) {
      deps.log.error({ err, orgId }, 'Health check failed');
    }
  }
  return ids.length;
}
