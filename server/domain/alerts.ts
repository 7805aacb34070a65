import { and, desc, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import { type AlertKind, type AlertTopic, orgAlertKinds } from '../../lib/contracts/alerts';
import { effectiveConnection } from '../../lib/domain/effective-connection';
import { newId } from '../crypto/tokens';
import type { Database } from '../db/client';
import {
  alertEmailPreferences,
  alertRecipients,
  alerts,
  memberships,
  orgConnections,
  orgs,
  personalConnections,
} from '../db/schema';
import type { Deps } from '../deps';
import { alertOpenedMail, alertResolvedMail } from '../mail/alert-messages';
import { enqueueMails } from '../mail/outbox';
import { memberConnectionSql } from './member-connection-sql';

/**
 * Alerts that reach the right person once (PRODUCT.md §6a). An incident is one row in `alerts`,
 * opened by the state change that causes it (a health check's verdict, a refresh Zoom refuses, a
 * webhook, a Disconnect) and closed by the one that fixes it (an approval, a refresh Zoom accepts
 * again, a personal reconnect). Those changes call in here, inside their own transaction, so the
 * incident, its recipients and its mail commit with the change or not at all.
 *
 * "Once" is the database's: the partial unique index alerts_open_key allows one open row per
 * (org, key), so of any number of health checks, processes or webhook retries that see the same
 * break, the one whose INSERT … ON CONFLICT DO NOTHING returns a row sends the mail; the others
 * find it open and send nothing. Closing is an UPDATE … WHERE resolved_at IS NULL RETURNING, so
 * the "resolved" mail goes out once too, to the people who got the first mail.
 *
 * Each recipient's choice (alert_email_preferences, no row = yes) decides whether they get an
 * email; everyone concerned is recorded as a recipient either way, for the popup's notice.
 */

type Db = Pick<Database, 'insert' | 'select' | 'update'>;
type AlertDeps = Pick<Deps, 'vault' | 'now' | 'env'>;

export interface AlertOpening {
  orgId: string;
  kind: AlertKind;
  /** Plain words: what broke, as the console and the mail say it. */
  reason: string;
  /** personal_broken: whose connection. */
  accountId?: string;
  /** approval_link_expiring: which link, and where it leads (the mail's button). */
  approvalLink?: { id: string; url: string };
}

/** Members hear of every org incident as "the org connection I rely on is down". */
const memberTopic: AlertTopic = 'org_down';

const toldAdmins: readonly AlertKind[] = orgAlertKinds;
const toldMembers: readonly AlertKind[] = [
  'org_needs_reconnect',
  'org_deauthorized',
  'org_disconnected',
];

/** Rows per INSERT of recipients (4 parameters each): under PostgreSQL's 65,535. */
const RECIPIENT_CHUNK = 5000;

interface Recipient {
  accountId: string;
  email: string;
  name: string;
  audience: 'admin' | 'member';
  emailed: boolean;
}

export function consoleUrl(deps: Pick<Deps, 'env'>): string {
  return `${deps.env.PUBLIC_URL}/console`;
}

function keyOf(opening: AlertOpening): string {
  const subject = opening.accountId ?? opening.approvalLink?.id;
  return subject ? `${opening.kind}:${subject}` : opening.kind;
}

/** Mail goes only to a verified address, and only if the person did not turn the topic off. */
const emailOn = sql<boolean>`(${memberships.emailVerified} and coalesce(${alertEmailPreferences.email}, true))`;
const choiceOf = (topic: AlertTopic) =>
  and(
    eq(alertEmailPreferences.accountId, memberships.accountId),
    eq(alertEmailPreferences.topic, topic),
  );

const person = {
  accountId: memberships.accountId,
  email: memberships.memberEmail,
  name: memberships.memberName,
};

async function orgAdmins(db: Db, orgId: string, topic: AlertTopic): Promise<Recipient[]> {
  const rows = await db
    .select({ ...person, emailed: emailOn })
    .from(memberships)
    .leftJoin(alertEmailPreferences, choiceOf(topic))
    .where(and(eq(memberships.orgId, orgId), inArray(memberships.role, ['owner', 'admin'])))
    // Owners first: "Olivia Owner and Adam Admin are fixing it".
    .orderBy(sql`${memberships.role} = 'owner' desc`, memberships.memberName);
  return rows.map((r) => ({ ...r, audience: 'admin' as const }));
}

/**
 * The members (not admins: they get the admin mail) whose Zoom is the org connection when it
 * works: the member rule (lib/domain/effective-connection.ts) compiled to SQL, asked as if the
 * org connection were active. A working personal connection, a removed org connection or an
 * unverified address each mean the org's break changes nothing for them.
 */
async function membersRelyingOnOrg(
  db: Db,
  orgId: string,
  allowMemberRemoval: boolean,
): Promise<Recipient[]> {
  const zoom = memberConnectionSql(
    { state: 'active', allowMemberRemoval },
    {
      personal: sql`${personalConnections.state}`,
      removedByMember: sql`${memberships.removedOrgConnection}`,
      zoomUserMissing: sql`${memberships.zoomUserMissing}`,
      emailVerified: sql`${memberships.emailVerified}`,
    },
  );
  const rows = await db
    .select({ ...person, emailed: emailOn })
    .from(memberships)
    .leftJoin(personalConnections, eq(personalConnections.accountId, memberships.accountId))
    .leftJoin(alertEmailPreferences, choiceOf(memberTopic))
    .where(
      and(
        eq(memberships.orgId, orgId),
        eq(memberships.role, 'user'),
        zoom.where((o) => o.status === 'connected' && o.type === 'organization'),
      ),
    );
  return rows.map((r) => ({ ...r, audience: 'member' as const }));
}

/** The member's Zoom after their personal connection broke: the org's, or none. */
async function zoomAfterPersonalBroke(
  db: Db,
  accountId: string,
): Promise<{ recipient: Recipient | null; nowUsing: 'organization' | 'none' }> {
  const [row] = await db
    .select({
      ...person,
      emailed: emailOn,
      removedOrgConnection: memberships.removedOrgConnection,
      zoomUserMissing: memberships.zoomUserMissing,
      emailVerified: memberships.emailVerified,
      orgState: orgConnections.state,
      allowMemberRemoval: orgs.allowMemberRemoval,
    })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .leftJoin(alertEmailPreferences, choiceOf('personal_broken'))
    .leftJoin(orgConnections, eq(orgConnections.orgId, memberships.orgId))
    .where(eq(memberships.accountId, accountId));
  if (!row) return { recipient: null, nowUsing: 'none' };
  const active = effectiveConnection({
    personal: 'needs_reconnect',
    org: row.orgState === 'active' ? 'active' : 'needs_reconnect',
    allowMemberRemoval: row.allowMemberRemoval,
    removedByMember: row.removedOrgConnection,
    zoomUserMissing: row.zoomUserMissing,
    emailVerified: row.emailVerified,
  });
  return {
    recipient: { ...row, audience: 'member' },
    nowUsing: active.status === 'connected' ? 'organization' : 'none',
  };
}

async function orgOf(db: Db, orgId: string) {
  const [org] = await db
    .select({ name: orgs.name, allowMemberRemoval: orgs.allowMemberRemoval })
    .from(orgs)
    .where(eq(orgs.id, orgId));
  return org;
}

/**
 * Opens the incident unless it is open already, records who is told, and queues one mail per
 * recipient who wants it. Returns the new incident's id, or null when it was open already.
 */
export async function openAlert(
  db: Db,
  deps: AlertDeps,
  opening: AlertOpening,
): Promise<string | null> {
  const [opened] = await db
    .insert(alerts)
    .values({
      id: newId(),
      orgId: opening.orgId,
      kind: opening.kind,
      key: keyOf(opening),
      accountId: opening.accountId ?? null,
      reason: opening.reason,
      openedAt: deps.now(),
    })
    .onConflictDoNothing()
    .returning({ id: alerts.id });
  if (!opened) return null;
  const org = await orgOf(db, opening.orgId);
  if (!org) return opened.id;

  const admins = await orgAdmins(
    db,
    opening.orgId,
    opening.kind === 'personal_broken' || opening.kind === 'org_disconnected'
      ? 'org_needs_reconnect'
      : (opening.kind as AlertTopic),
  );
  let recipients: Recipient[] = [];
  let nowUsing: 'organization' | 'none' | undefined;
  if (opening.kind === 'personal_broken' && opening.accountId) {
    const broke = await zoomAfterPersonalBroke(db, opening.accountId);
    recipients = broke.recipient ? [broke.recipient] : [];
    nowUsing = broke.nowUsing;
  } else {
    if (toldAdmins.includes(opening.kind)) recipients.push(...admins);
    if (toldMembers.includes(opening.kind)) {
      recipients.push(...(await membersRelyingOnOrg(db, opening.orgId, org.allowMemberRemoval)));
    }
  }
  if (recipients.length === 0) return opened.id;

  for (let i = 0; i < recipients.length; i += RECIPIENT_CHUNK) {
    await db.insert(alertRecipients).values(
      recipients.slice(i, i + RECIPIENT_CHUNK).map((r) => ({
        alertId: opened.id,
        accountId: r.accountId,
        audience: r.audience,
        emailed: r.emailed,
      })),
    );
  }
  const fixers = admins.map((a) => a.name);
  const url = opening.approvalLink?.url ?? consoleUrl(deps);
  await enqueueMails(
    db,
    deps,
    'alert',
    recipients
      .filter((r) => r.emailed)
      .map((r) =>
        alertOpenedMail({
          to: r.email,
          name: r.name,
          orgName: org.name,
          kind: opening.kind,
          audience: r.audience,
          reason: opening.reason,
          fixers,
          nowUsing,
          url,
        }),
      ),
  );
  return opened.id;
}

export interface AlertClosing {
  orgId: string;
  kinds: readonly AlertKind[];
  /** Only this member's (personal_broken). */
  accountId?: string;
  /** How it ended, in plain words: "zara@acme.test approved a new link". */
  resolution: string;
  /** Send the "resolved" mail (a fix); false closes quietly (superseded, replaced, withdrawn). */
  notify: boolean;
}

/** Closes the open incidents named; returns the kinds closed. */
export async function resolveAlerts(
  db: Db,
  deps: AlertDeps,
  closing: AlertClosing,
): Promise<AlertKind[]> {
  if (closing.kinds.length === 0) return [];
  const closed = await db
    .update(alerts)
    .set({ resolvedAt: deps.now(), resolution: closing.resolution })
    .where(
      and(
        eq(alerts.orgId, closing.orgId),
        inArray(alerts.kind, [...closing.kinds]),
        isNull(alerts.resolvedAt),
        closing.accountId ? eq(alerts.accountId, closing.accountId) : undefined,
      ),
    )
    .returning({ id: alerts.id, kind: alerts.kind, reason: alerts.reason });
  if (!closing.notify || closed.length === 0) return closed.map((c) => c.kind);
  const org = await orgOf(db, closing.orgId);
  if (!org) return closed.map((c) => c.kind);
  for (const alert of closed) {
    const told = await db
      .select({ ...person, audience: alertRecipients.audience })
      .from(alertRecipients)
      .innerJoin(memberships, eq(memberships.accountId, alertRecipients.accountId))
      .where(and(eq(alertRecipients.alertId, alert.id), eq(alertRecipients.emailed, true)));
    await enqueueMails(
      db,
      deps,
      'alert_resolved',
      told.map((r) =>
        alertResolvedMail({
          to: r.email,
          name: r.name,
          orgName: org.name,
          kind: alert.kind,
          audience: r.audience,
          reason: alert.reason,
          fixers: [],
          resolution: closing.resolution,
          url: consoleUrl(deps),
        }),
      ),
    );
  }
  return closed.map((c) => c.kind);
}

const asView = (row: typeof alerts.$inferSelect) => ({
  id: row.id,
  kind: row.kind,
  reason: row.reason,
  openedAt: row.openedAt.toISOString(),
  resolvedAt: row.resolvedAt?.toISOString() ?? null,
  resolution: row.resolution,
});

/** The org's incidents for its admins, newest first (members' personal ones are theirs). */
export async function orgAlerts(deps: Deps, orgId: string, limit = 50) {
  const rows = await deps.db
    .select()
    .from(alerts)
    .where(and(eq(alerts.orgId, orgId), notInArray(alerts.kind, ['personal_broken'])))
    .orderBy(desc(alerts.openedAt))
    .limit(limit);
  return rows.map(asView);
}

/** The open incidents this person was told of: the popup's notice. */
export async function myOpenAlerts(deps: Deps, accountId: string) {
  const rows = await deps.db
    .select({ alert: alerts })
    .from(alertRecipients)
    .innerJoin(alerts, eq(alerts.id, alertRecipients.alertId))
    .where(and(eq(alertRecipients.accountId, accountId), isNull(alerts.resolvedAt)))
    .orderBy(desc(alerts.openedAt));
  return rows.map((r) => asView(r.alert));
}
