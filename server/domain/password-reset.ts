import { and, eq, isNull } from 'drizzle-orm';
import { hashPassword } from '../crypto/passwords';
import { hashToken, newId } from '../crypto/tokens';
import { accounts, passwordResets } from '../db/schema';
import type { Deps } from '../deps';
import { passwordChangedMail, passwordResetMail } from '../mail/messages';
import { enqueueMail } from '../mail/outbox';
import { DomainError } from './errors';
import {
  clearFailures,
  type FailureCount,
  LIMITS,
  limitKey,
  recordFailure,
  tooManyAttempts,
} from './rate-limits';
import { revokeSessions } from './sessions';
import { newSingleUseToken, singleUseProblem } from './single-use-tokens';

/**
 * "Forgot password?": a link mailed to the account's address (PUBLIC_URL/reset/<token>) that
 * works once, for RESET_TTL_MINUTES. Asking answers the same whether or not the address has an
 * account (OWASP Forgot Password Cheat Sheet: no enumeration); opening the link only shows a
 * form; sending the form sets the password, ends every session of the account, and mails a
 * notice, so whoever held a session or guessed the old password is out.
 */

export const RESET_TTL_MINUTES = 60;

export function resetUrl(deps: Pick<Deps, 'env'>, token?: string): string {
  return token ? `${deps.env.PUBLIC_URL}/reset/${token}` : `${deps.env.PUBLIC_URL}/reset`;
}

/** Mails a link if the address has an account; says nothing either way. */
/**
 * Per client address, too many requests are a 429 (they cost a mail each). Per email, past the
 * limit the answer stays the same 202 but no more mail is sent this hour: nobody can flood an
 * inbox, and the answer still says nothing about whether the address has an account.
 */
async function withinResetLimits(deps: Deps, email: string, address: string): Promise<boolean> {
  const now = deps.now().getTime();
  const locked = (count: FailureCount) =>
    !count.justLocked && count.lockedUntil !== null && count.lockedUntil.getTime() > now;
  const fromAddress = await recordFailure(deps, {
    rule: LIMITS.passwordResetAddress,
    key: limitKey(deps, 'address', address),
  });
  if (locked(fromAddress) && fromAddress.lockedUntil) {
    throw tooManyAttempts(
      fromAddress.lockedUntil.getTime() - now,
      'Too many password reset requests from this network.',
    );
  }
  const forEmail = await recordFailure(deps, {
    rule: LIMITS.passwordResetEmail,
    key: limitKey(deps, 'email', email),
  });
  return !locked(forEmail);
}

export async function requestPasswordReset(
  deps: Deps,
  email: string,
  address: string,
): Promise<void> {
  if (!(await withinResetLimits(deps, email, address))) return;
  await deps.db.transaction(async (tx) => {
    const [account] = await tx
      .select({ id: accounts.id, email: accounts.email, name: accounts.name })
      .from(accounts)
      .where(eq(accounts.email, email));
    if (!account) return;
    const now = deps.now();
    const { token, tokenHash, expiresAt } = newSingleUseToken(now, RESET_TTL_MINUTES * 60_000);
    await tx
      .insert(passwordResets)
      .values({ id: newId(), accountId: account.id, tokenHash, createdAt: now, expiresAt });
    await enqueueMail(
      tx,
      deps,
      'password_reset',
      passwordResetMail({
        to: account.email,
        name: account.name,
        url: resetUrl(deps, token),
        minutes: RESET_TTL_MINUTES,
      }),
    );
  });
}

const resetErrors = {
  not_found: () => new DomainError('reset_not_found', 'This password reset link does not exist.'),
  used: () => new DomainError('reset_used', 'This password reset link was already used.'),
  expired: () => new DomainError('reset_expired', 'This password reset link has expired.'),
};

/** For the page that shows the form: throws why the link can't be used, changes nothing. */
export async function checkResetLink(deps: Deps, token: string): Promise<void> {
  const [row] = await deps.db
    .select({ usedAt: passwordResets.usedAt, expiresAt: passwordResets.expiresAt })
    .from(passwordResets)
    .where(eq(passwordResets.tokenHash, hashToken(token)));
  const problem = singleUseProblem(row, deps.now());
  if (problem) throw resetErrors[problem]();
}

/** Sets the password through a link: once, before it expires; every session of the account ends. */
export async function resetPassword(
  deps: Deps,
  token: string,
  password: string,
): Promise<{ email: string }> {
  // A link that can't work costs no hash: random tokens must not buy 19 MiB of work each.
  await checkResetLink(deps, token);
  const passwordHash = await hashPassword(password);
  const now = deps.now();
  const reset = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ reset: passwordResets, account: accounts })
      .from(passwordResets)
      .innerJoin(accounts, eq(accounts.id, passwordResets.accountId))
      .where(eq(passwordResets.tokenHash, hashToken(token)))
      .limit(1)
      // Two submits of one link: the second waits here, then finds it used.
      .for('update', { of: passwordResets });
    const problem = singleUseProblem(row?.reset, now);
    if (problem || !row) throw resetErrors[problem ?? 'not_found']();
    const { account } = row;
    // Every other link the account was sent stops working too: one reset, one new password.
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.accountId, account.id), isNull(passwordResets.usedAt)));
    await tx.update(accounts).set({ passwordHash }).where(eq(accounts.id, account.id));
    await revokeSessions(tx, account.id);
    await enqueueMail(
      tx,
      deps,
      'password_changed',
      passwordChangedMail({
        to: account.email,
        name: account.name,
        how: 'reset',
        resetUrl: resetUrl(deps),
      }),
    );
    return { email: account.email };
  });
  // Whoever used the link holds the mailbox: a sign-in lock wrong passwords started no longer
  // keeps its owner out (the address's count stays, so a guesser gains nothing).
  await clearFailures(deps, {
    rule: LIMITS.signInAccount,
    key: limitKey(deps, 'email', reset.email),
  });
  return reset;
}
