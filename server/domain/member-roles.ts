import { and, eq } from 'drizzle-orm';
import type { OrgRole, UpcomingBookingsChoice } from '../../lib/contracts/api';
import type { Database } from '../db/client';
import { accounts, memberships, personalConnections } from '../db/schema';
import type { Deps, SessionInfo } from '../deps';
import { openSealedTokens, revokeGrant } from '../zoom/revoke';
import { recordAudit } from './audit';
import { DomainError } from './errors';
import {
  cancelUpcoming,
  choiceRequired,
  countUpcoming,
  deleteMeetingsOf,
  keepFormerHost,
  leaverReason,
  noticeCancelled,
} from './member-leaving';
import { personalApp } from './personal-connection';

/**
 * Owners change roles and remove members. Every change runs in a transaction that first locks
 * the org's owner rows, so two owners demoting each other at the same moment cannot both win
 * and leave the org without an owner.
 */

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

async function lockedTarget(tx: Tx, orgId: string, accountId: string) {
  const owners = await tx
    .select({ accountId: memberships.accountId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'owner')))
    // One lock order for everyone, so concurrent changes queue instead of deadlocking.
    .orderBy(memberships.accountId)
    .for('update');
  const [target] = await tx
    .select({ role: memberships.role, email: memberships.memberEmail, name: accounts.name })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.accountId, accountId)))
    .for('update', { of: memberships });
  // Another org's member is "not found", never "forbidden": nothing about them leaks.
  if (!target) throw new DomainError('not_found', 'No such member in this organization.');
  return { target, ownerCount: owners.length };
}

function refuseLastOwner(what: string): never {
  throw new DomainError(
    'last_owner',
    `The organization's last owner cannot be ${what}. Make another member an owner first.`,
  );
}

export async function changeMemberRole(
  deps: Deps,
  session: SessionInfo,
  accountId: string,
  role: OrgRole,
): Promise<{ id: string; role: OrgRole }> {
  const now = deps.now();
  await deps.db.transaction(async (tx) => {
    const { target, ownerCount } = await lockedTarget(tx, session.orgId, accountId);
    if (target.role === role) return;
    if (target.role === 'owner' && ownerCount <= 1) refuseLastOwner('demoted');
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.orgId, session.orgId), eq(memberships.accountId, accountId)));
    await recordAudit(tx, {
      orgId: session.orgId,
      actor: { accountId: session.accountId, label: session.email },
      action: 'member.role_changed',
      detail: { member: target.email, from: target.role, to: role },
      at: now,
    });
  });
  return { id: accountId, role };
}

/**
 * Removes the member from the org. One organization per account (schema.ts), so the account
 * goes too: its sessions, and its personal connection rows, cascade; the email is free to be
 * invited again. Their upcoming bookings need the admin's choice (member-leaving.ts): cancelled,
 * each invitee is mailed and the Zoom meetings deleted — while the member's connections still
 * exist, and outside any transaction — before the account goes; kept, they stay with the
 * invitees, naming the host who left.
 */
export async function removeMember(
  deps: Deps,
  session: SessionInfo,
  accountId: string,
  choice?: UpcomingBookingsChoice,
): Promise<void> {
  const now = deps.now();
  const { cancelled, reason } = await deps.db.transaction(async (tx) => {
    const { target, ownerCount } = await lockedTarget(tx, session.orgId, accountId);
    if (target.role === 'owner' && ownerCount <= 1) refuseLastOwner('removed');
    const upcoming = await countUpcoming(tx, accountId, now);
    if (upcoming > 0 && !choice) throw choiceRequired(target.email, upcoming);
    return {
      cancelled: choice === 'cancel' ? await cancelUpcoming(tx, accountId, now) : [],
      reason: leaverReason(target.name, session.orgName),
    };
  });
  const problems = await deleteMeetingsOf(deps, cancelled);
  // The invitees are told in a transaction of its own: cancelled is cancelled, even should the
  // removal below be refused (another owner demoted at the same moment).
  if (cancelled.length > 0) {
    await deps.db.transaction((tx) => noticeCancelled(deps, tx, cancelled, problems, reason));
  }
  const { personal, late } = await deps.db.transaction(async (tx) => {
    const { target, ownerCount } = await lockedTarget(tx, session.orgId, accountId);
    if (target.role === 'owner' && ownerCount <= 1) refuseLastOwner('removed');
    // Booked while the meetings above were being deleted: the same choice applies to them.
    const late = choice === 'cancel' ? await cancelUpcoming(tx, accountId, now) : [];
    await noticeCancelled(deps, tx, late, new Map(), reason);
    const kept = await countUpcoming(tx, accountId, now);
    await keepFormerHost(tx, accountId, target);
    // Deleting the account cascades to the personal connection: keep its tokens to revoke.
    const [connection] = await tx
      .select()
      .from(personalConnections)
      .where(eq(personalConnections.accountId, accountId));
    await tx.delete(accounts).where(eq(accounts.id, accountId));
    await recordAudit(tx, {
      orgId: session.orgId,
      actor: { accountId: session.accountId, label: session.email },
      action: 'member.removed',
      detail: {
        member: target.email,
        role: target.role,
        ...bookingsDetail(cancelled.length + late.length, kept),
      },
      at: now,
    });
    return { personal: connection, late };
  });
  // The account is gone: only the org's Zoom can still reach these (a personal meeting stays).
  await deleteMeetingsOf(deps, late);
  // After the commit: a removed member's personal grant must not outlive their membership.
  if (personal)
    await revokeGrant(deps.zoom, personalApp(deps), openSealedTokens(deps.vault, personal));
}

function bookingsDetail(cancelled: number, kept: number) {
  const n = (k: number) => (k === 1 ? '1 upcoming booking' : `${k} upcoming bookings`);
  const parts = [
    ...(cancelled > 0 ? [`${n(cancelled)} cancelled with notice`] : []),
    ...(kept > 0 ? [`${n(kept)} kept`] : []),
  ];
  return parts.length > 0 ? { upcomingBookings: parts.join(', ') } : {};
}
