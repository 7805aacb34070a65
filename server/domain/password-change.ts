import { eq } from 'drizzle-orm';
import { hashPassword, verifyPassword } from '../crypto/passwords';
import { accounts } from '../db/schema';
import type { Deps, SessionInfo } from '../deps';
import { passwordChangedMail } from '../mail/messages';
import { enqueueMail } from '../mail/outbox';
import { DomainError } from './errors';
import { resetUrl } from './password-reset';
import { revokeSessions } from './sessions';

/**
 * The signed-in member changes their password: the current one is asked again (a session alone
 * must not lock the owner out), every other session of the account ends, this one stays, and a
 * notice goes to the account's address.
 */
export async function changePassword(
  deps: Deps,
  session: SessionInfo,
  body: { currentPassword: string; newPassword: string },
): Promise<{ signedOut: number }> {
  const [account] = await deps.db
    .select({ passwordHash: accounts.passwordHash })
    .from(accounts)
    .where(eq(accounts.id, session.accountId));
  if (!account || !(await verifyPassword(body.currentPassword, account.passwordHash))) {
    throw new DomainError('wrong_password', 'Your current password is not right.');
  }
  const passwordHash = await hashPassword(body.newPassword);
  return deps.db.transaction(async (tx) => {
    await tx.update(accounts).set({ passwordHash }).where(eq(accounts.id, session.accountId));
    const signedOut = await revokeSessions(tx, session.accountId, session.sessionId);
    await enqueueMail(
      tx,
      deps,
      'password_changed',
      passwordChangedMail({
        to: session.email,
        name: session.name,
        how: 'changed',
        resetUrl: resetUrl(deps),
      }),
    );
    return { signedOut };
  });
}
