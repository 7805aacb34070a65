import { and, eq, gt, sql } from 'drizzle-orm';
import type { SignInResponse } from '../../lib/contracts/api';
import { hashPassword, verifyPassword } from '../crypto/passwords';
import { hashToken, newId, randomToken } from '../crypto/tokens';
import { prepared } from '../db/prepared';
import {
  accounts,
  memberships,
  orgConnections,
  orgs,
  personalConnections,
  sessions,
} from '../db/schema';
import type { Deps, SessionInfo } from '../deps';
import { DomainError } from './errors';
import {
  type MemberZoomState,
  memberZoomColumns,
  memberZoomStateOf,
  orgConnectionJoin,
  personalZoomJoin,
} from './member-zoom-state';

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

export interface ResolvedSession {
  session: SessionInfo;
  /** Read in the same statement, so `/api/me` needs no second round trip. */
  memberZoom: MemberZoomState;
}

const sessionStatement = (deps: Deps) =>
  prepared(deps.db, 'session_with_member_zoom', (name) =>
    deps.db
      .select({
        accountId: accounts.id,
        email: accounts.email,
        name: accounts.name,
        orgId: orgs.id,
        orgName: orgs.name,
        role: memberships.role,
        ...memberZoomColumns(sql`${sql.placeholder('now')}`),
      })
      .from(sessions)
      .innerJoin(accounts, eq(accounts.id, sessions.accountId))
      .innerJoin(memberships, eq(memberships.accountId, accounts.id))
      .innerJoin(orgs, eq(orgs.id, memberships.orgId))
      .leftJoin(personalConnections, personalZoomJoin)
      .leftJoin(orgConnections, orgConnectionJoin)
      .where(
        and(
          eq(sessions.tokenHash, sql.placeholder('tokenHash')),
          gt(sessions.expiresAt, sql.placeholder('now')),
        ),
      )
      .limit(1)
      .prepare(name),
  );

/**
 * A session is valid until `expiresAt` (fixed at sign-in; nothing slides it or writes on use),
 * so resolving one is a single read: the session with its account, membership, org and the
 * member's Zoom state, one prepared statement per request.
 */
export async function resolveSession(deps: Deps, token: string): Promise<ResolvedSession | null> {
  const [row] = await sessionStatement(deps).execute({
    tokenHash: hashToken(token),
    // As drizzle binds a timestamptz column's Date: an ISO string (identical on both drivers).
    now: deps.now().toISOString(),
  });
  if (!row) return null;
  const { accountId, email, name, orgId, orgName, role } = row;
  return {
    session: { accountId, email, name, orgId, orgName, role },
    memberZoom: memberZoomStateOf(row),
  };
}

export async function signOut(deps: Deps, token: string): Promise<void> {
  await deps.db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
}
