import { and, eq, isNull } from 'drizzle-orm';
import { hashToken, newId } from '../crypto/tokens';
import type { Database } from '../db/client';
import { accounts, emailVerifications, memberships, orgs } from '../db/schema';
import type { Deps, SessionInfo } from '../deps';
import { verificationMail } from '../mail/messages';
import { enqueueMail } from '../mail/outbox';
import { recordAudit } from './audit';
import { DomainError } from './errors';
import { newSingleUseToken, singleUseProblem } from './single-use-tokens';

/**
 * An address counts as the account's only once a link sent to it is opened (PUBLIC_URL/verify/
 * <token>). Until then the member rule gives them no org Zoom (lib/domain/effective-connection.ts:
 * `email_not_verified`): the org's Zoom creates meetings as the member's address, so an admin who
 * accepts an invitation for someone else's address gets nothing of theirs. The token is 256 random
 * bits stored as a SHA-256 hash, single use, and verifies only the address it was sent to.
 */

export const VERIFICATION_TTL_HOURS = 48;

type Tx = Pick<Database, 'insert' | 'select' | 'update'>;

export function verificationUrl(deps: Pick<Deps, 'env'>, token: string): string {
  return `${deps.env.PUBLIC_URL}/verify/${token}`;
}

/** A new link for the account's current address, mailed through the outbox (same transaction). */
export async function sendVerification(
  tx: Tx,
  deps: Pick<Deps, 'env' | 'vault' | 'now'>,
  account: { id: string; email: string; name: string },
  orgName: string,
): Promise<void> {
  const now = deps.now();
  const { token, tokenHash, expiresAt } = newSingleUseToken(
    now,
    VERIFICATION_TTL_HOURS * 3_600_000,
  );
  await tx.insert(emailVerifications).values({
    id: newId(),
    accountId: account.id,
    email: account.email,
    tokenHash,
    createdAt: now,
    expiresAt,
  });
  await enqueueMail(
    tx,
    deps,
    'email_verification',
    verificationMail({
      to: account.email,
      name: account.name,
      orgName,
      url: verificationUrl(deps, token),
      hours: VERIFICATION_TTL_HOURS,
    }),
  );
}

/** The member asks for another link (the first expired or went missing). */
export async function resendVerification(deps: Deps, session: SessionInfo): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [account] = await tx
      .select({ verifiedAt: accounts.emailVerifiedAt })
      .from(accounts)
      .where(eq(accounts.id, session.accountId));
    if (account?.verifiedAt) {
      throw new DomainError('conflict', `${session.email} is already verified.`);
    }
    await sendVerification(
      tx,
      deps,
      { id: session.accountId, email: session.email, name: session.name },
      session.orgName,
    );
  });
}

/** Marks the account (and its membership's copy) unverified; the caller sends the link. */
export async function markUnverified(tx: Tx, accountId: string): Promise<void> {
  await tx.update(accounts).set({ emailVerifiedAt: null }).where(eq(accounts.id, accountId));
  await tx
    .update(memberships)
    .set({ emailVerified: false })
    .where(eq(memberships.accountId, accountId));
}

const verificationErrors = {
  not_found: () =>
    new DomainError('verification_not_found', 'This verification link does not exist.'),
  used: () => new DomainError('verification_used', 'This verification link was already used.'),
  expired: () => new DomainError('verification_expired', 'This verification link has expired.'),
};

/** Opens a link: the address it was sent to becomes verified, if the account still has it. */
export async function verifyEmail(
  deps: Deps,
  token: string,
): Promise<{ email: string; orgName: string }> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ verification: emailVerifications, account: accounts, membership: memberships })
      .from(emailVerifications)
      .innerJoin(accounts, eq(accounts.id, emailVerifications.accountId))
      .innerJoin(memberships, eq(memberships.accountId, accounts.id))
      .where(eq(emailVerifications.tokenHash, hashToken(token)))
      .limit(1)
      .for('update', { of: emailVerifications });
    const problem = singleUseProblem(row?.verification, now);
    if (problem || !row) throw verificationErrors[problem ?? 'not_found']();
    const v = row.verification;
    if (v.email !== row.account.email) {
      throw new DomainError(
        'verification_expired',
        'This link was for an email the account no longer has.',
      );
    }
    await tx.update(emailVerifications).set({ usedAt: now }).where(eq(emailVerifications.id, v.id));
    // Earlier links for the same address stop working too: one verification, one address.
    await tx
      .update(emailVerifications)
      .set({ usedAt: now })
      .where(and(eq(emailVerifications.accountId, v.accountId), isNull(emailVerifications.usedAt)));
    await tx.update(accounts).set({ emailVerifiedAt: now }).where(eq(accounts.id, v.accountId));
    await tx
      .update(memberships)
      .set({ emailVerified: true })
      .where(eq(memberships.accountId, v.accountId));
    const [org] = await tx
      .select({ name: orgs.name })
      .from(orgs)
      .where(eq(orgs.id, row.membership.orgId));
    await recordAudit(tx, {
      orgId: row.membership.orgId,
      actor: { accountId: v.accountId, label: v.email },
      action: 'member.email_verified',
      detail: { email: v.email },
      at: now,
    });
    return { email: v.email, orgName: org?.name ?? '' };
  });
}
