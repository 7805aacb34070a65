import { and, eq, gt, lt, ne, sql } from 'drizzle-orm';
import type { SignInResponse } from '../../lib/contracts/api';
import { hashPassword, needsRehash, verifyPassword } from '../crypto/passwords';
import { hashToken, newId, randomToken } from '../crypto/tokens';
import type { Database } from '../db/client';
import { preparedRows } from '../db/prepared';
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

/**
 * A session ends at the first of two times (OWASP Session Management Cheat Sheet, "Session
 * Expiration"): SESSION_ABSOLUTE_DAYS after sign-in (`expiresAt`, fixed), or SESSION_IDLE_HOURS
 * after it was last used (`lastUsedAt`). Writing `lastUsedAt` on every request would turn each
 * read into a write, so it is moved at most every TOUCH_INTERVAL_MS: the idle end is exact to
 * within those few minutes, and a busy session costs one UPDATE per interval, not per request.
 */
export const TOUCH_INTERVAL_MS = 5 * 60_000;

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
  const stored = row.account.passwordHash;
  if (!(await verifyPassword(password, stored))) {
    throw new DomainError('invalid_credentials', 'Incorrect email or password.');
  }
  if (needsRehash(stored)) await rehash(deps, row.account.id, stored, password);
  const token = await createSession(deps.db, deps, row.account.id);
  return {
    token,
    account: { id: row.account.id, email: row.account.email, name: row.account.name },
    membership: { orgId: row.org.id, orgName: row.org.name, role: row.membership.role },
  };
}

/**
 * An older hash is replaced once the password is known to be right. Only if it is still the one
 * checked: a password changed meanwhile (another tab, a reset) is not overwritten.
 */
async function rehash(deps: Deps, accountId: string, stored: string, password: string) {
  await deps.db
    .update(accounts)
    .set({ passwordHash: await hashPassword(password) })
    .where(and(eq(accounts.id, accountId), eq(accounts.passwordHash, stored)));
}

/** A new session for the account; returns its bearer token (stored only as a hash). */
export async function createSession(
  db: Pick<Database, 'insert'>,
  deps: Pick<Deps, 'env' | 'now'>,
  accountId: string,
): Promise<string> {
  const token = randomToken();
  const now = deps.now();
  await db.insert(sessions).values({
    id: newId(),
    tokenHash: hashToken(token),
    accountId,
    createdAt: now,
    lastUsedAt: now,
    expiresAt: new Date(now.getTime() + deps.env.SESSION_ABSOLUTE_DAYS * 86_400_000),
  });
  return token;
}

export interface ResolvedSession {
  session: SessionInfo;
  /** Read in the same statement, so `/api/me` needs no second round trip. */
  memberZoom: MemberZoomState;
}

const sessionColumns = {
  sessionId: sessions.id,
  lastUsedAt: sessions.lastUsedAt,
  accountId: accounts.id,
  email: accounts.email,
  name: accounts.name,
  orgId: orgs.id,
  orgName: orgs.name,
  role: memberships.role,
  ...memberZoomColumns(sql`${sql.placeholder('now')}`),
};

function sessionQuery(db: Database, selection: typeof sessionColumns) {
  return db
    .select(selection)
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
        gt(sessions.lastUsedAt, sql.placeholder('idleSince')),
      ),
    )
    .limit(1);
}

type SessionRow = Awaited<ReturnType<typeof sessionQuery>>[number];

/**
 * On the path of every /api request: run on the driver, without drizzle's per-run work
 * (server/db/prepared.ts). The query above, written with the columns (which type the row), is
 * built once more selecting them as one JSON array; only that one's SQL is used.
 */
const sessionStatement = (deps: Deps) =>
  preparedRows<SessionRow>(deps.db, 'session_with_member_zoom', sessionColumns, (asJson) =>
    sessionQuery(deps.db, asJson as unknown as typeof sessionColumns),
  );

/**
 * Resolving a session is a single read: the session with its account, membership, org and the
 * member's Zoom state, one prepared statement per request. Only when the recorded use is older
 * than TOUCH_INTERVAL_MS does a second statement move it.
 */
export async function resolveSession(deps: Deps, token: string): Promise<ResolvedSession | null> {
  const now = deps.now();
  const [row] = await sessionStatement(deps).execute({
    tokenHash: hashToken(token),
    // As drizzle binds a timestamptz column's Date: an ISO string (identical on both drivers).
    now: now.toISOString(),
    idleSince: idleSince(deps, now).toISOString(),
  });
  if (!row) return null;
  if (now.getTime() - row.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
    await touchSession(deps, row.sessionId, now);
  }
  const { sessionId, accountId, email, name, orgId, orgName, role } = row;
  return {
    session: { sessionId, accountId, email, name, orgId, orgName, role },
    memberZoom: memberZoomStateOf(row),
  };
}

/** Sessions last used before this are over (SESSION_IDLE_HOURS). */
export function idleSince(deps: Pick<Deps, 'env'>, now: Date): Date {
  return new Date(now.getTime() - deps.env.SESSION_IDLE_HOURS * 3_600_000);
}

/** Conditional, so concurrent requests of one session write once per interval between them. */
async function touchSession(deps: Deps, sessionId: string, now: Date): Promise<void> {
  await deps.db
    .update(sessions)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(sessions.id, sessionId),
        lt(sessions.lastUsedAt, new Date(now.getTime() - TOUCH_INTERVAL_MS)),
      ),
    );
}

export async function signOut(deps: Deps, token: string): Promise<void> {
  await deps.db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
}

/**
 * Ends the account's sessions: all of them, or all but `keep` (the one changing the password).
 * Scoped by account id from the caller's own session or a verified link, never from input.
 */
export async function revokeSessions(
  db: Pick<Database, 'delete'>,
  accountId: string,
  keep?: string,
): Promise<number> {
  const ended = await db
    .delete(sessions)
    .where(
      keep
        ? and(eq(sessions.accountId, accountId), ne(sessions.id, keep))
        : eq(sessions.accountId, accountId),
    )
    .returning({ id: sessions.id });
  return ended.length;
}

/** "Sign out everywhere": every session of the caller's account ends, this one included. */
export async function signOutEverywhere(deps: Deps, session: SessionInfo): Promise<void> {
  await revokeSessions(deps.db, session.accountId);
}
