import { eq } from 'drizzle-orm';
import type { SignInResponse } from '../../lib/contracts/api';
import { accounts, memberships, orgs } from '../db/schema';
import type { Deps } from '../deps';
import { signInLockedMail } from '../mail/messages';
import { enqueueMail } from '../mail/outbox';
import { isDomainError } from './errors';
import {
  clearFailures,
  LIMITS,
  type Limited,
  limitKey,
  readLimits,
  recordFailure,
  tooManyAttempts,
} from './rate-limits';
import { signIn } from './sessions';

const LOCKED = 'Too many failed sign-ins.';

/**
 * Sign-in with its limits (README, Limits): wrong passwords are counted per email and per
 * client address; the failure that reaches a limit, and every attempt while it lasts, is a 429
 * with Retry-After — the right password too, or the lock would only slow a guesser down by the
 * time it takes to read a 429. Emails without an account are counted the same way, so a lock
 * says nothing about whether one exists. A success clears the email's count (not the address's:
 * a guesser must not reset it by signing in to an account of their own).
 */
export async function signInWithinLimits(
  deps: Deps,
  body: { email: string; password: string },
  address: string,
): Promise<SignInResponse> {
  const account: Limited = { rule: LIMITS.signInAccount, key: limitKey(deps, 'email', body.email) };
  const from: Limited = { rule: LIMITS.signInAddress, key: limitKey(deps, 'address', address) };
  const before = await readLimits(deps, [account, from]);
  if (before.retryAfterMs !== null) throw tooManyAttempts(before.retryAfterMs, LOCKED);
  try {
    const signedIn = await signIn(deps, body.email, body.password);
    if (before.counted.has(`${account.rule.bucket}:${account.key}`)) {
      await clearFailures(deps, account);
    }
    return signedIn;
  } catch (err) {
    if (!isDomainError(err, 'invalid_credentials')) throw err;
    const byAccount = await recordFailure(deps, account);
    const byAddress = await recordFailure(deps, from);
    if (byAccount.justLocked && byAccount.lockedUntil) {
      await tellOwnerOfLockout(deps, body.email, byAccount.failures, byAccount.lockedUntil);
    }
    const until = Math.max(
      byAccount.lockedUntil?.getTime() ?? 0,
      byAddress.lockedUntil?.getTime() ?? 0,
    );
    if (until > deps.now().getTime()) {
      throw tooManyAttempts(until - deps.now().getTime(), LOCKED);
    }
    throw err;
  }
}

/**
 * One mail to the owner of a locked account, at most once a day (LIMITS.lockoutMail counts the
 * mails, so processes that lock the same account at once still send one).
 */
async function tellOwnerOfLockout(deps: Deps, email: string, failures: number, until: Date) {
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
    signInLockedMail({ ...owner, to: owner.email, failures, lockedUntil: until }),
  );
  deps.log.info({ bucket: LIMITS.signInAccount.bucket }, 'Sign-in locked; owner mailed');
}
