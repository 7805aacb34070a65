import { and, eq, gt } from 'drizzle-orm';
import type { SignInResponse } from '../../lib/contracts/api';
import { hashPassword, verifyPassword } from '../crypto/passwords';
import { hashToken, newId, randomToken } from '../crypto/tokens';
import { accounts, memberships, orgs, sessions } from '../db/schema';
import type { Deps, SessionInfo } from '../deps';
import { DomainError } from './errors';

const SESSION_DAYS = 30;

// Compared against when the email is unknown, so both paths take the same time.
let decoyHash: Promise<string> | null = null;

export async function signIn(deps: Deps, email: string, password: string): Promise<SignInResponse> {
  const [row] = await deps.db
    .select({ account: accounts, membership: memberships, org: orgs })
    .from(accounts)
    .innerJoin(memberships, eq(memberships.accountId, accounts.id))
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(eq(accounts.email, email))
    .limit(1);
  if (!row) {
    decoyHash ??= hashPassword('decoy-password');
    await verifyPassword(password, await decoyHash);
    throw new DomainError('invalid_credentials', 'Incorrect email or password.');
  }
  if (!(await verifyPassword(password, row.account.passwordHash))) {
    throw new DomainError('invalid_credentials', 'Incorrect email or password.');
  }
  const token = randomToken();
  const now = deps.now();
  await deps.db.insert(sessions).values({
    id: newId(),
    tokenHash: hashToken(token),
    accountId: row.account.id,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
  });
  return {
    token,
    account: { id: row.account.id, email: row.account.email, name: row.account.name },
    membership: { orgId: row.org.id, orgName: row.org.name, role: row.membership.role },
  };
}

export async function resolveSession(deps: Deps, token: string): Promise<SessionInfo | null> {
  const [row] = await deps.db
    .select({
      accountId: accounts.id,
      email: accounts.email,
      name: accounts.name,
      orgId: orgs.id,
      orgName: orgs.name,
      role: memberships.role,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .innerJoin(memberships, eq(memberships.accountId, accounts.id))
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, deps.now())))
    .limit(1);
  return row ?? null;
}

export async function signOut(deps: Deps, token: string): Promise<void> {
  await deps.db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
}
