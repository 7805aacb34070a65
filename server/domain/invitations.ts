import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type {
  InvitationInfo,
  InvitationView,
  MemberZoom,
  OrgRole,
  SignInResponse,
} from '../../lib/contracts/api';
import { hashPassword } from '../crypto/passwords';
import { hashToken, newId, randomToken } from '../crypto/tokens';
import type { Database } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { accounts, invitations, memberships, orgs } from '../db/schema';
import type { Deps, SessionInfo } from '../deps';
import { invitationMail } from '../mail/messages';
import { enqueueMail } from '../mail/outbox';
import { recordAudit } from './audit';
import { sendVerification } from './email-verification';
import { DomainError } from './errors';
import { zoomFor } from './members';
import { readOrgZoomState } from './org-connection';
import { lockOrg } from './repeat-requests';
import { signIn } from './sessions';

/**
 * Org admins invite people by email; the link (PUBLIC_URL/invite/<token>) lets the person create
 * an account and join. The token is 256 random bits, looked up by its SHA-256 hash (and kept
 * sealed by the vault to show the link again), single use and valid for 7 days. It is emailed to
 * the invitee (server/mail/outbox.ts) and shown to the admin, to copy. Nothing about Zoom is
 * copied on joining: a member's Zoom is computed from the org connection (member-table.ts,
 * members.ts). Whoever opens the link can join, so the new account's address is unverified until
 * a link mailed to it is opened (email-verification.ts), and until then it has no org Zoom.
 */

export const INVITATION_TTL_DAYS = 7;

type Invitation = typeof invitations.$inferSelect;

export function invitationUrl(deps: Deps, token: string): string {
  return `${deps.env.PUBLIC_URL}/invite/${token}`;
}

function view(
  row: Invitation,
  invitedBy: { name: string; email: string },
  url: string | null,
): InvitationView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    url,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    invitedBy,
  };
}

async function emailTaken(db: Pick<Database, 'select'>, email: string): Promise<boolean> {
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.email, email))
    .limit(1);
  return Boolean(row);
}

const emailTakenError = () =>
  new DomainError('email_taken', 'Someone with this email already has an account.');

/**
 * Whether the email is already a member of this org: the one thing an invitation may refuse on.
 * An account in another org is not looked at, so inviting its email answers (and runs) exactly
 * like inviting anyone: otherwise any org admin could learn who uses the service elsewhere.
 */
async function alreadyMember(
  db: Pick<Database, 'select'>,
  orgId: string,
  email: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .innerJoin(memberships, eq(memberships.accountId, accounts.id))
    .where(and(eq(accounts.email, email), eq(memberships.orgId, orgId)))
    .limit(1);
  return Boolean(row);
}

/**
 * A new invitation; an earlier pending one for the same email in this org stops working. Asking
 * again for the same email and role while its invitation is pending (a double click, a second
 * console, on any service process) hands back that invitation and its link instead: the org
 * row's lock orders the requests. Another role means a new invitation.
 */
export async function createInvitation(
  deps: Deps,
  session: SessionInfo,
  body: { email: string; role: OrgRole },
): Promise<InvitationView> {
  if (body.role === 'owner' && session.role !== 'owner') {
    throw new DomainError('forbidden', 'Only owners can invite another owner.');
  }
  const now = deps.now();
  const token = randomToken();
  const row: Invitation = {
    id: newId(),
    orgId: session.orgId,
    email: body.email,
    role: body.role,
    tokenHash: hashToken(token),
    tokenSealed: deps.vault.seal(token),
    invitedByAccountId: session.accountId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000),
    acceptedAt: null,
    revokedAt: null,
  };
  return deps.db.transaction(async (tx) => {
    await lockOrg(tx, session.orgId);
    if (await alreadyMember(tx, session.orgId, body.email)) {
      throw new DomainError('email_taken', 'This person is already a member of your organization.');
    }
    const pending = and(
      eq(invitations.orgId, session.orgId),
      eq(invitations.email, body.email),
      isNull(invitations.acceptedAt),
      isNull(invitations.revokedAt),
    );
    const [same] = await tx
      .select({ invitation: invitations, inviter: accounts })
      .from(invitations)
      .innerJoin(accounts, eq(accounts.id, invitations.invitedByAccountId))
      .where(and(pending, eq(invitations.role, body.role), gt(invitations.expiresAt, now)))
      .limit(1);
    if (same?.invitation.tokenSealed) {
      const url = invitationUrl(deps, deps.vault.open(same.invitation.tokenSealed));
      return view(same.invitation, { name: same.inviter.name, email: same.inviter.email }, url);
    }
    await tx.update(invitations).set({ revokedAt: now }).where(pending);
    await tx.insert(invitations).values(row);
    await enqueueMail(
      tx,
      deps,
      'invitation',
      invitationMail({
        to: body.email,
        orgName: session.orgName,
        invitedBy: session.name,
        role: body.role,
        url: invitationUrl(deps, token),
        expiresAt: row.expiresAt,
      }),
    );
    await recordAudit(tx, {
      orgId: session.orgId,
      actor: { accountId: session.accountId, label: session.email },
      action: 'invitation.created',
      detail: { email: body.email, role: body.role },
      at: now,
    });
    return view(row, { name: session.name, email: session.email }, invitationUrl(deps, token));
  });
}

/**
 * Pending = neither accepted, revoked nor expired, each with its link rebuilt from the sealed
 * token so an admin can copy it again (invitations made before the token was sealed have none).
 */
export async function pendingInvitations(deps: Deps, orgId: string): Promise<InvitationView[]> {
  const rows = await deps.db
    .select({ invitation: invitations, inviter: accounts })
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.invitedByAccountId))
    .where(
      and(
        eq(invitations.orgId, orgId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, deps.now()),
      ),
    )
    .orderBy(desc(invitations.createdAt))
    .limit(500);
  return rows.map((r) =>
    view(
      r.invitation,
      { name: r.inviter.name, email: r.inviter.email },
      r.invitation.tokenSealed
        ? invitationUrl(deps, deps.vault.open(r.invitation.tokenSealed))
        : null,
    ),
  );
}

export async function revokeInvitation(deps: Deps, session: SessionInfo, id: string) {
  const now = deps.now();
  await deps.db.transaction(async (tx) => {
    const revoked = await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitations.id, id),
          eq(invitations.orgId, session.orgId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning({ email: invitations.email });
    if (!revoked[0]) throw new DomainError('not_found', 'There is no such pending invitation.');
    await recordAudit(tx, {
      orgId: session.orgId,
      actor: { accountId: session.accountId, label: session.email },
      action: 'invitation.revoked',
      detail: { email: revoked[0].email },
      at: now,
    });
  });
}

/** The invitation behind a token, refused with its own code when it cannot be used. */
async function usableInvitation(
  db: Pick<Database, 'select'>,
  now: Date,
  token: string,
  opts: { lock?: boolean } = {},
): Promise<{ invitation: Invitation; info: InvitationInfo }> {
  const query = db
    .select({ invitation: invitations, org: orgs, inviter: accounts })
    .from(invitations)
    .innerJoin(orgs, eq(orgs.id, invitations.orgId))
    .innerJoin(accounts, eq(accounts.id, invitations.invitedByAccountId))
    .where(eq(invitations.tokenHash, hashToken(token)))
    .limit(1);
  const [row] = opts.lock ? await query.for('update', { of: invitations }) : await query;
  if (!row) throw new DomainError('invitation_not_found', 'This invitation link does not exist.');
  const inv = row.invitation;
  if (inv.acceptedAt) {
    throw new DomainError('invitation_used', 'This invitation was already used to sign up.');
  }
  if (inv.revokedAt) {
    throw new DomainError('invitation_revoked', 'This invitation was withdrawn by an admin.');
  }
  if (inv.expiresAt <= now) {
    throw new DomainError('invitation_expired', 'This invitation has expired.');
  }
  return {
    invitation: inv,
    info: {
      orgName: row.org.name,
      email: inv.email,
      role: inv.role,
      invitedBy: { name: row.inviter.name, email: row.inviter.email },
      expiresAt: inv.expiresAt.toISOString(),
    },
  };
}

/** The email an already-used invitation created an account for, to tell them to sign in. */
export async function usedInvitationEmail(deps: Deps, token: string): Promise<string | null> {
  const [row] = await deps.db
    .select({ email: invitations.email, acceptedAt: invitations.acceptedAt })
    .from(invitations)
    .where(eq(invitations.tokenHash, hashToken(token)))
    .limit(1);
  return row?.acceptedAt ? row.email : null;
}

export async function invitationInfo(deps: Deps, token: string): Promise<InvitationInfo> {
  return (await usableInvitation(deps.db, deps.now(), token)).info;
}

/**
 * Sign-up: the account, its membership and the invitation's use commit together (the invitation
 * row is locked, so two submissions of one link cannot both create an account).
 */
export async function acceptInvitation(
  deps: Deps,
  token: string,
  body: { name: string; password: string },
): Promise<{ email: string; orgName: string; zoom: MemberZoom; zoomOnceVerified: MemberZoom }> {
  const now = deps.now();
  const passwordHash = await hashPassword(body.password);
  return deps.db
    .transaction(async (tx) => {
      const { invitation, info } = await usableInvitation(tx, now, token, { lock: true });
      if (await emailTaken(tx, invitation.email)) throw emailTakenError();
      const accountId = newId();
      await tx.insert(accounts).values({
        id: accountId,
        email: invitation.email,
        name: body.name,
        passwordHash,
        // Opening the invitation proves nothing about the mailbox: the admin has the link too.
        emailVerifiedAt: null,
        createdAt: now,
      });
      await tx.insert(memberships).values({
        orgId: invitation.orgId,
        accountId,
        role: invitation.role,
        memberName: body.name,
        memberEmail: invitation.email,
        emailVerified: false,
        createdAt: now,
      });
      await sendVerification(
        tx,
        deps,
        { id: accountId, email: invitation.email, name: body.name },
        info.orgName,
      );
      await tx
        .update(invitations)
        .set({ acceptedAt: now })
        .where(eq(invitations.id, invitation.id));
      await recordAudit(tx, {
        orgId: invitation.orgId,
        actor: { accountId, label: invitation.email },
        action: 'invitation.accepted',
        detail: { email: invitation.email, role: invitation.role },
        at: now,
      });
      // What the new member's Zoom is right now, by the same rule as /api/me: the page that
      // welcomes them promises nothing the org's connection can't keep.
      const org = await readOrgZoomState(tx, invitation.orgId, now);
      const member = {
        email: invitation.email,
        removedOrgConnection: false,
        zoomUserMissing: false,
      };
      const zoom = zoomFor({ ...member, emailVerified: false }, org);
      // And once the mailed link is opened: the org's own state still decides then.
      const zoomOnceVerified = zoomFor({ ...member, emailVerified: true }, org);
      return { email: invitation.email, orgName: info.orgName, zoom, zoomOnceVerified };
    })
    .catch((err: unknown) => {
      // Another sign-up took the email between our check and insert (accounts_email_key).
      if (isUniqueViolation(err)) throw emailTakenError();
      throw err;
    });
}

/** The JSON sign-up: joins, then signs the new member in. */
export async function acceptInvitationAndSignIn(
  deps: Deps,
  token: string,
  body: { name: string; password: string },
): Promise<SignInResponse> {
  const { email } = await acceptInvitation(deps, token, body);
  return signIn(deps, email, body.password);
}
