import { eq } from 'drizzle-orm';
import { verifyPassword } from '../crypto/passwords';
import { isUniqueViolation } from '../db/errors';
import { accounts, memberships } from '../db/schema';
import type { Deps, SessionInfo } from '../deps';
import { recordAudit } from './audit';
import { markUnverified, sendVerification } from './email-verification';
import { DomainError } from './errors';

/**
 * A member changes their email: it takes effect at once (sign-in uses it) and is unverified until
 * the link sent to the new address is opened, so the org's Zoom stops acting as the member until
 * then. The password is asked again: a session alone must not move the account to another address.
 */
export async function changeEmail(
  deps: Deps,
  session: SessionInfo,
  body: { email: string; password: string },
): Promise<void> {
  const [account] = await deps.db
    .select({ passwordHash: accounts.passwordHash })
    .from(accounts)
    .where(eq(accounts.id, session.accountId));
  if (!account || !(await verifyPassword(body.password, account.passwordHash))) {
    // 403, not 401: the session is fine, and the extension reads any 401 as signed out.
    throw new DomainError('wrong_password', 'Incorrect password.');
  }
  if (body.email === session.email) {
    throw new DomainError('conflict', `Your email is already ${body.email}.`);
  }
  const now = deps.now();
  await deps.db
    .transaction(async (tx) => {
      await tx
        .update(accounts)
        .set({ email: body.email })
        .where(eq(accounts.id, session.accountId));
      await tx
        .update(memberships)
        .set({ memberEmail: body.email })
        .where(eq(memberships.accountId, session.accountId));
      await markUnverified(tx, session.accountId);
      await sendVerification(
        tx,
        deps,
        { id: session.accountId, email: body.email, name: session.name },
        session.orgName,
      );
      await recordAudit(tx, {
        orgId: session.orgId,
        actor: { accountId: session.accountId, label: session.email },
        action: 'member.email_changed',
        detail: { email: body.email },
        at: now,
      });
    })
    .catch((err: unknown) => {
      if (isUniqueViolation(err)) {
        throw new DomainError('email_taken', 'Someone with this email already has an account.');
      }
      throw err;
    });
}
