import { eq } from 'drizzle-orm';
import type { SignInResponse } from '../../lib/contracts/api';
import { accounts, memberships, orgs } from '../db/schema';
import type { Deps } from '../deps';
import { signInLockedMail } from '../mail/messages';
import { enqueueMail } from '../mail/outbox';
import { isDomainError } from './errors';
import { resetUrl } from './password-reset';
import {
  clearFailures,
  LIMITS,
  type Limited,
  limitKey,
  lockNow,
  readLimits,
  recordFailure,
  reserveAttempt,
  tooManyAttempts,
} from './rate-limits';
import { signIn } from './sessions';

const LOCKED = 'Too many failed sign-ins.';

/**
 * Sign-in with its limits (README, Limits): attempts are counted per email before the password
 * is checked, so a burst of guesses sent at once gets no more checked than one after the other;
 * wrong passwords are also counted per client address. The 20th wrong password, and every
 * attempt while the lock lasts, is a 429 with Retry-After — the right password too, or the lock
 * would only slow a guesser down by the time it takes to read a 429. Emails without an account
 * are counted the same way, so a lock says nothing about whether one exists. A success clears
 * the email's count (not the address's: a guesser must not reset it by signing in to an account
 * of their own).
 */
export async function signInWithinLimits(
  deps: Deps,
  body: { email: string; password: string },
  address: string,
): Promise<SignInResponse> {
  const account: Limited = { rule: LIMITS.signInAccount, key: limitKey(deps, 'email', body.email) };
  const from: Limited = { rule: LIMITS.signInAddress, key: limitKey(deps, 'address', address) };
  const [reserved, byAddress] = await Promise.all([
    reserveAttempt(deps, account),
    readLimits(deps, [from]),
  ]);
  const lockedAccount = lockedFor(deps, reserved.lockedUntil);
  if (lockedAccount !== null || byAddress.retryAfterMs !== null) {
    if (reserved.justLocked) await tellOwnerOfLockout(deps, body.email, reserved);
    throw tooManyAttempts(Math.max(lockedAccount ?? 0, byAddress.retryAfterMs ?? 0), LOCKED);
  }
  try {
    const signedIn = await signIn(deps, body.email, body.password);
    await clearFailures(deps, account);
    return signedIn;
  } catch (err) {
    if (!isDomainError(err, 'invalid_credentials')) throw err;
    const lastAllowed = reserved.failures >= account.rule.maxFailures;
    const [accountLock, addressCount] = await Promise.all([
      lastAllowed ? lockNow(deps, account) : null,
      recordFailure(deps, from),
    ]);
    if (accountLock?.justLocked) await tellOwnerOfLockout(deps, body.email, accountLock);
    const left = Math.max(
      lockedFor(deps, accountLock?.lockedUntil ?? null) ?? 0,
      lockedFor(deps, addressCount.lockedUntil) ?? 0,
    );
    if (left > 0) throw tooManyAttempts(left, LOCKED);
    throw err;
  }
}

/** Milliseconds a lock has left, or null when there is none. */
function lockedFor(deps: Deps, until: Date | null): number | null {
  const left = (until?.getTime() ?? 0) - deps.now().getTime();
  return left > 0 ? left : null;
}

/**
 * One mail to the owner of a locked account, at most once a day (LIMITS.lockoutMail counts the
 * mails, so processes that lock the same account at once still send one).
 */
async function tellOwnerOfLockout(
  deps: Deps,
  email: string,
  lock: { failures: number; lockedUntil: Date | null },
) {
  if (!lock.lockedUntil) return;
  const [owner] = await deps.db
    .select({ name: accounts.name, email: accounts.email, orgName: orgs.name })
    .from(accounts)
    .innerJoin(memberships, eq(memberships.accountId, accounts.id))
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(eq(accounts.email, email))
    .limit(1);
  if (!owner) return;
  const mailed = await recordFailure(deps, {
    rule: LIMITS.lockoutMail,
    key: limitKey(deps, 'email', email),
  });
  if (!mailed.justLocked) return;
  await enqueueMail(
    deps.db,
    deps,
    'sign_in_locked',
    signInLockedMail({
      ...owner,
      to: owner.email,
      // Counted before checking, so the count may include the attempt the lock refused.
      failures: Math.min(lock.failures, LIMITS.signInAccount.maxFailures),
      lockedUntil: lock.lockedUntil,
      resetUrl: resetUrl(deps),
    }),
  );
  deps.log.info({ bucket: LIMITS.signInAccount.bucket }, 'Sign-in locked; owner mailed');
}
