import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { ApprovalInfo, ApprovalLinkView } from '../../lib/contracts/api';
import { hashToken, newId, randomToken } from '../crypto/tokens';
import type { Database } from '../db/client';
import { accounts, approvalLinks, orgConnections, orgs } from '../db/schema';
import type { Deps, SessionInfo } from '../deps';
import { recordAudit } from './audit';
import { DomainError } from './errors';
import { lockOrg, REPEAT_WINDOW_MS } from './repeat-requests';

export type ApprovalLink = typeof approvalLinks.$inferSelect;

export function approvalUrl(deps: Deps, token: string): string {
  return `${deps.env.PUBLIC_URL}/approve/${token}`;
}

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Revokes the org's links that were neither used nor revoked; returns how many. */
export async function revokeOpenLinks(tx: Tx, orgId: string, now: Date): Promise<number> {
  const revoked = await tx
    .update(approvalLinks)
    .set({ revokedAt: now })
    .where(
      and(
        eq(approvalLinks.orgId, orgId),
        isNull(approvalLinks.revokedAt),
        isNull(approvalLinks.usedAt),
      ),
    )
    .returning({ id: approvalLinks.id });
  return revoked.length;
}

/**
 * "Connect Zoom for my organization": a new single-use link; the previous pending one is
 * revoked in the same transaction, so at most one link can ever be redeemed. The same admin
 * asking again within seconds (a double click, a retry, a second console, on any service
 * process) gets the link just made instead: the org row's lock orders the requests.
 */
export async function requestApprovalLink(
  deps: Deps,
  session: SessionInfo,
): Promise<ApprovalLinkView> {
  const now = deps.now();
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + deps.env.APPROVAL_LINK_TTL_HOURS * 3_600_000);
  const repeated = await deps.db.transaction(async (tx) => {
    await lockOrg(tx, session.orgId);
    const [current] = await tx
      .select({ state: orgConnections.state })
      .from(orgConnections)
      .where(eq(orgConnections.orgId, session.orgId))
      .for('update');
    if (current?.state === 'active') {
      throw new DomainError('conflict', 'Zoom is already connected for this organization.');
    }
    const [recent] = await tx
      .select()
      .from(approvalLinks)
      .where(
        and(
          eq(approvalLinks.orgId, session.orgId),
          eq(approvalLinks.requestedByAccountId, session.accountId),
          isNull(approvalLinks.revokedAt),
          isNull(approvalLinks.usedAt),
          gt(approvalLinks.createdAt, new Date(now.getTime() - REPEAT_WINDOW_MS)),
          gt(approvalLinks.expiresAt, now),
        ),
      )
      .limit(1);
    // Whatever the stored state (a reconnect after a break keeps it: orgConnectionState), a live
    // link this admin made seconds ago is the answer to the same request.
    if (recent) return recent;
    await revokeOpenLinks(tx, session.orgId, now);
    await tx.insert(approvalLinks).values({
      id: newId(),
      orgId: session.orgId,
      tokenHash: hashToken(token),
      tokenSealed: deps.vault.seal(token),
      requestedByAccountId: session.accountId,
      createdAt: now,
      expiresAt,
    });
    // A first request marks the org pending. After a break (needs_reconnect, disconnected) the
    // stored state and its reason stay: the org is still broken until a Zoom admin approves,
    // and an expired or revoked link leaves it there (orgConnectionState derives "pending").
    if (!current) {
      await tx
        .insert(orgConnections)
        .values({ orgId: session.orgId, state: 'pending_approval', updatedAt: now });
    } else if (current.state === 'not_connected') {
      await tx
        .update(orgConnections)
        .set({ state: 'pending_approval', stateReason: null, updatedAt: now })
        .where(eq(orgConnections.orgId, session.orgId));
    }
    await recordAudit(tx, {
      orgId: session.orgId,
      actor: { accountId: session.accountId, label: session.email },
      action: 'approval_link.requested',
      detail: { expiresAt: expiresAt.toISOString() },
      at: now,
    });
    return null;
  });
  if (repeated) {
    return {
      url: approvalUrl(deps, deps.vault.open(repeated.tokenSealed)),
      expiresAt: repeated.expiresAt.toISOString(),
      requestedAt: repeated.createdAt.toISOString(),
      requestedBy: { name: session.name, email: session.email },
    };
  }
  return {
    url: approvalUrl(deps, token),
    expiresAt: expiresAt.toISOString(),
    requestedAt: now.toISOString(),
    requestedBy: { name: session.name, email: session.email },
  };
}

/**
 * The org's newest link that was neither revoked nor used: `pending` while it can be redeemed,
 * `expired` once it ran out unused (the console and the badge say so), with its URL rebuilt
 * from the sealed token.
 */
export async function openApprovalLink(
  deps: Deps,
  orgId: string,
): Promise<{ pending: ApprovalLinkView | null; expired: { expiresAt: string } | null }> {
  const [row] = await deps.db
    .select({ link: approvalLinks, requester: accounts })
    .from(approvalLinks)
    .innerJoin(accounts, eq(accounts.id, approvalLinks.requestedByAccountId))
    .where(
      and(
        eq(approvalLinks.orgId, orgId),
        isNull(approvalLinks.revokedAt),
        isNull(approvalLinks.usedAt),
      ),
    )
    .orderBy(desc(approvalLinks.createdAt))
    .limit(1);
  if (!row) return { pending: null, expired: null };
  const expiresAt = row.link.expiresAt.toISOString();
  if (row.link.expiresAt <= deps.now()) return { pending: null, expired: { expiresAt } };
  return {
    pending: {
      url: approvalUrl(deps, deps.vault.open(row.link.tokenSealed)),
      expiresAt,
      requestedAt: row.link.createdAt.toISOString(),
      requestedBy: { name: row.requester.name, email: row.requester.email },
    },
    expired: null,
  };
}

/** The org's current, still-redeemable link. */
export async function pendingApprovalLink(
  deps: Deps,
  orgId: string,
): Promise<ApprovalLinkView | null> {
  return (await openApprovalLink(deps, orgId)).pending;
}

/**
 * Looks a link up by its token and refuses it, with its own error code, when it is unknown,
 * revoked, used or expired.
 */
export async function redeemableLink(
  db: Database,
  now: Date,
  token: string,
): Promise<{ link: ApprovalLink; info: ApprovalInfo }> {
  const [row] = await db
    .select({ link: approvalLinks, org: orgs, requester: accounts })
    .from(approvalLinks)
    .innerJoin(orgs, eq(orgs.id, approvalLinks.orgId))
    .innerJoin(accounts, eq(accounts.id, approvalLinks.requestedByAccountId))
    .where(eq(approvalLinks.tokenHash, hashToken(token)))
    .limit(1);
  if (!row) throw new DomainError('link_not_found', 'This approval link does not exist.');
  if (row.link.usedAt) {
    throw new DomainError('link_used', 'This approval link was already used to connect Zoom.');
  }
  if (row.link.revokedAt) {
    throw new DomainError(
      'link_revoked',
      'This approval link was replaced or revoked by an admin of the organization.',
    );
  }
  if (row.link.expiresAt <= now) {
    throw new DomainError('link_expired', 'This approval link has expired.');
  }
  return {
    link: row.link,
    info: {
      orgName: row.org.name,
      requestedBy: { name: row.requester.name, email: row.requester.email },
      expiresAt: row.link.expiresAt.toISOString(),
    },
  };
}

/** Revoke from the console: the pending link stops working at once. */
export async function revokePendingLink(deps: Deps, session: SessionInfo): Promise<void> {
  const now = deps.now();
  await deps.db.transaction(async (tx) => {
    const revoked = await revokeOpenLinks(tx, session.orgId, now);
    if (revoked === 0) throw new DomainError('not_found', 'There is no pending approval link.');
    // Back to where the org was before it asked: a first request leaves nothing to approve; a
    // reconnect request leaves the break (needs_reconnect or disconnected, with its reason).
    await tx
      .update(orgConnections)
      .set({ state: 'not_connected', stateReason: null, updatedAt: now })
      .where(
        and(eq(orgConnections.orgId, session.orgId), eq(orgConnections.state, 'pending_approval')),
      );
    await recordAudit(tx, {
      orgId: session.orgId,
      actor: { accountId: session.accountId, label: session.email },
      action: 'approval_link.revoked',
      at: now,
    });
  });
}
