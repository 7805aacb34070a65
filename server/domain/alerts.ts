import { randomUUID } from 'node:crypto';
import { and, desc, eq, gt, inArray, isNull, notInArray, type SQL, sql } from 'drizzle-orm';
import { type AlertKind, type AlertTopic, orgAlertKinds } from '../../lib/contracts/alerts';
import { effectiveConnection } from '../../lib/domain/effective-connection';
import { newId } from '../crypto/tokens';
import type { Database } from '../db/client';
import { preparedAnyDue } from '../db/prepared';
import {
  alertEmailPreferences,
  alertFanouts,
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
 * again, a personal reconnect). Those changes call in here, inside their own transaction, and do
 * O(1) work whatever the org's size: the alert row and one `alert_fanouts` row that says its
 * recipients are still to be told. Telling them is the fan-out worker's (runAlertFanouts, run by
 * every process's mail tick): it claims a fan-out (SKIP LOCKED, then a lease) and walks the org's
 * members in batches keyed on account id, each batch one short transaction that records the
 * recipients (alert_recipients, ON CONFLICT DO NOTHING), queues their mails and advances the
 * cursor together. So no state change holds its locks while 100,000 mails are composed, a
 * process that dies mid-way leaves a cursor that another resumes once the lease runs out, and a
 * batch re-run can't tell anyone twice.
 *
 * "Once" is the database's: the partial unique index alerts_open_key allows one open row per
 * (org, key), so of any number of health checks, processes or webhook retries that see the same
 * break, the one whose INSERT … ON CONFLICT DO NOTHING returns a row creates the fan-out; the
 * others find it open and do nothing. Closing is an UPDATE … WHERE resolved_at IS NULL RETURNING,
 * so the "resolved" fan-out is created once too; it mails the people who were emailed the first
 * mail. Closing also drops an "opened" fan-out still under way (its DELETE waits for a batch in
 * progress), so nobody is told of an incident after it ended, and the "resolved" mail reaches
 * exactly those who were told.
 *
 * Each recipient's choice (alert_email_preferences, no row = yes) decides whether they get an
 * email; everyone concerned is recorded as a recipient either way, for the popup's notice.
 */

type Db = Pick<Database, 'insert' | 'select' | 'update' | 'delete'>;
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

/**
 * A process-local hint that this process just opened or closed an incident, so its scheduler
 * runs the fan-out and the mail soon instead of at the next tick (server/service.ts). Only a
 * hint: the work is in the database, and any process's tick does it if this one doesn't.
 */
const alertWork = new EventTarget();

export function onAlertWork(listener: () => void): () => void {
  alertWork.addEventListener('work', listener);
  return () => alertWork.removeEventListener('work', listener);
}

/** Recipients per fan-out batch (one short transaction; 1,000 mails in one INSERT). */
export const FANOUT_BATCH = 1000;
/** How long a claimed fan-out is its worker's; renewed by every batch, so only a dead or stuck
 * worker loses it. */
export const FANOUT_LEASE_MS = 60_000;

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

/** The topic an admin's choice is read under for this kind of incident. */
function adminTopicOf(kind: AlertKind): AlertTopic {
  return kind === 'personal_broken' || kind === 'org_disconnected'
    ? 'org_needs_reconnect'
    : (kind as AlertTopic);
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

const isAdmin = sql`${memberships.role} in ('owner', 'admin')`;

/** The org's owners and admins by name, owners first: "Olivia Owner and Adam Admin are fixing it". */
async function fixersOf(db: Db, orgId: string): Promise<string[]> {
  const rows = await db
    .select({ name: memberships.memberName })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), inArray(memberships.role, ['owner', 'admin'])))
    .orderBy(sql`${memberships.role} = 'owner' desc`, memberships.memberName);
  return rows.map((r) => r.name);
}

/**
 * The next batch of an org incident's recipients after `cursor`, by account id: the org's
 * admins (for the kinds they are told of) and the members (not admins: they get the admin mail)
 * whose Zoom is the org connection when it works — the member rule
 * (lib/domain/effective-connection.ts) compiled to SQL, asked as if the org connection were
 * active. A working personal connection, a removed org connection or an unverified address each
 * mean the org's break changes nothing for them. Walks memberships' primary key (org, account).
 */
async function orgRecipientsAfter(
  db: Db,
  alert: { orgId: string; kind: AlertKind },
  allowMemberRemoval: boolean,
  cursor: string,
  limit: number,
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
  const admins = toldAdmins.includes(alert.kind) ? isAdmin : sql`false`;
  const members = toldMembers.includes(alert.kind)
    ? and(
        eq(memberships.role, 'user'),
        zoom.where((o) => o.status === 'connected' && o.type === 'organization'),
      )
    : sql`false`;
  const rows = await db
    .select({
      ...person,
      audience: sql<'admin' | 'member'>`case when ${isAdmin} then 'admin' else 'member' end`,
      emailed: emailOn,
    })
    .from(memberships)
    .leftJoin(personalConnections, eq(personalConnections.accountId, memberships.accountId))
    .leftJoin(
      alertEmailPreferences,
      and(
        eq(alertEmailPreferences.accountId, memberships.accountId),
        sql`${alertEmailPreferences.topic} = case when ${isAdmin} then ${adminTopicOf(alert.kind)} else ${memberTopic} end`,
      ),
    )
    .where(
      and(
        eq(memberships.orgId, alert.orgId),
        gt(memberships.accountId, cursor),
        sql`(${admins} or ${members})`,
      ),
    )
    .orderBy(memberships.accountId)
    .limit(limit);
  return rows;
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
    recipient: {
      accountId: row.accountId,
      email: row.email,
      name: row.name,
      emailed: row.emailed,
      audience: 'member',
    },
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
 * Opens the incident unless it is open already, and leaves its recipients to the fan-out (O(1)
 * rows, whatever the org's size). Returns the new incident's id, or null when it was open already.
 */
export async function openAlert(
  db: Db,
  deps: AlertDeps,
  opening: AlertOpening,
): Promise<string | null> {
  const now = deps.now();
  const [opened] = await db
    .insert(alerts)
    .values({
      id: newId(),
      orgId: opening.orgId,
      kind: opening.kind,
      key: keyOf(opening),
      accountId: opening.accountId ?? null,
      reason: opening.reason,
      openedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: alerts.id });
  if (!opened) return null;
  await db.insert(alertFanouts).values({
    alertId: opened.id,
    phase: 'opened',
    // The approval link's URL carries its token: sealed, like the mail it goes into.
    urlSealed: opening.approvalLink ? deps.vault.seal(opening.approvalLink.url) : null,
    createdAt: now,
  });
  alertWork.dispatchEvent(new Event('work'));
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

/**
 * Closes the open incidents named; returns the kinds closed. Stops their "opened" fan-outs and,
 * for a fix, leaves a "resolved" fan-out to mail those who were told (O(1) rows per incident).
 */
export async function resolveAlerts(
  db: Db,
  deps: AlertDeps,
  closing: AlertClosing,
): Promise<AlertKind[]> {
  if (closing.kinds.length === 0) return [];
  const now = deps.now();
  const closed = await db
    .update(alerts)
    .set({ resolvedAt: now, resolution: closing.resolution })
    .where(
      and(
        eq(alerts.orgId, closing.orgId),
        inArray(alerts.kind, [...closing.kinds]),
        isNull(alerts.resolvedAt),
        closing.accountId ? eq(alerts.accountId, closing.accountId) : undefined,
      ),
    )
    .returning({ id: alerts.id, kind: alerts.kind });
  if (closed.length === 0) return [];
  const ids = closed.map((c) => c.id);
  // Waits for a batch in progress (it holds the row), so the "resolved" fan-out sees all it told.
  await db
    .delete(alertFanouts)
    .where(and(inArray(alertFanouts.alertId, ids), eq(alertFanouts.phase, 'opened')));
  if (closing.notify) {
    await db
      .insert(alertFanouts)
      .values(ids.map((alertId) => ({ alertId, phase: 'resolved' as const, createdAt: now })))
      .onConflictDoNothing();
    alertWork.dispatchEvent(new Event('work'));
  }
  return closed.map((c) => c.kind);
}

interface ClaimedFanout {
  alertId: string;
  phase: 'opened' | 'resolved';
  urlSealed: string | null;
  leaseId: string;
}

/** A fan-out a tick may claim now: nobody holds its lease. */
const fanoutDue = (now: SQL | string) =>
  sql`${alertFanouts.leaseUntil} is null or ${alertFanouts.leaseUntil} <= ${now}`;

/** Asked before claiming, as the booking repair does: one prepared read, nearly always "no". */
const anyFanoutDue = (deps: Deps) =>
  preparedAnyDue(deps.db, 'alert_fanout_due', alertFanouts, fanoutDue);

/** Takes one fan-out nobody holds a live lease on (SKIP LOCKED: two processes never take one). */
async function claimFanout(deps: Deps): Promise<ClaimedFanout | null> {
  const now = deps.now();
  if (!(await anyFanoutDue(deps)(now))) return null;
  const leaseId = randomUUID();
  const due = deps.db
    .select({ alertId: alertFanouts.alertId, phase: alertFanouts.phase })
    .from(alertFanouts)
    .where(fanoutDue(now.toISOString()))
    .orderBy(alertFanouts.createdAt)
    .limit(1)
    .for('update', { skipLocked: true });
  const [claimed] = await deps.db
    .update(alertFanouts)
    .set({ leaseId, leaseUntil: new Date(now.getTime() + FANOUT_LEASE_MS) })
    .where(sql`(${alertFanouts.alertId}, ${alertFanouts.phase}) in (${due})`)
    .returning({
      alertId: alertFanouts.alertId,
      phase: alertFanouts.phase,
      urlSealed: alertFanouts.urlSealed,
    });
  return claimed ? { ...claimed, leaseId } : null;
}

/**
 * One batch of a claimed fan-out, in one short transaction: re-reads the fan-out row under lock
 * (gone, or its lease taken by another → 'lost'), records and mails the next recipients after the
 * cursor, and advances the cursor (or deletes the row when the walk is done).
 */
async function fanOutBatch(
  deps: Deps,
  job: ClaimedFanout,
  batchSize: number,
): Promise<{ state: 'more' | 'done' | 'lost'; mails: number; told: number }> {
  return deps.db.transaction(async (tx) => {
    const held = and(
      eq(alertFanouts.alertId, job.alertId),
      eq(alertFanouts.phase, job.phase),
      eq(alertFanouts.leaseId, job.leaseId),
    );
    const [row] = await tx.select().from(alertFanouts).where(held).for('update');
    if (!row) return { state: 'lost', mails: 0, told: 0 };
    const [alert] = await tx.select().from(alerts).where(eq(alerts.id, job.alertId));
    const org = alert && (await orgOf(tx, alert.orgId));
    // Closed meanwhile (quietly, outside resolveAlerts): nobody more is told it opened.
    if (!alert || !org || (job.phase === 'opened' && alert.resolvedAt)) {
      await tx.delete(alertFanouts).where(held);
      return { state: 'done', mails: 0, told: 0 };
    }
    const url = job.urlSealed ? deps.vault.open(job.urlSealed) : consoleUrl(deps);
    let last: string | undefined;
    let walkDone: boolean;
    let mails = 0;
    let told = 0;
    if (job.phase === 'opened') {
      let people: Recipient[] = [];
      let nowUsing: 'organization' | 'none' | undefined;
      if (alert.kind === 'personal_broken') {
        if (alert.accountId) {
          const broke = await zoomAfterPersonalBroke(tx, alert.accountId);
          people = broke.recipient ? [broke.recipient] : [];
          nowUsing = broke.nowUsing;
        }
        walkDone = true;
      } else {
        people = await orgRecipientsAfter(tx, alert, org.allowMemberRemoval, row.cursor, batchSize);
        walkDone = people.length < batchSize;
      }
      last = people.at(-1)?.accountId;
      // ON CONFLICT DO NOTHING: whoever is already recorded was told already; only new rows mail.
      const recorded =
        people.length === 0
          ? []
          : await tx
              .insert(alertRecipients)
              .values(
                people.map((r) => ({
                  alertId: alert.id,
                  accountId: r.accountId,
                  audience: r.audience,
                  emailed: r.emailed,
                })),
              )
              .onConflictDoNothing()
              .returning({ accountId: alertRecipients.accountId });
      const fresh = new Set(recorded.map((r) => r.accountId));
      const fixers = people.some((p) => p.emailed && p.audience === 'member')
        ? await fixersOf(tx, alert.orgId)
        : [];
      const messages = people
        .filter((r) => r.emailed && fresh.has(r.accountId))
        .map((r) =>
          alertOpenedMail({
            to: r.email,
            name: r.name,
            orgName: org.name,
            kind: alert.kind,
            audience: r.audience,
            reason: alert.reason,
            fixers,
            nowUsing,
            url,
          }),
        );
      await enqueueMails(tx, deps, 'alert', messages);
      told = fresh.size;
      mails = messages.length;
    } else {
      const people = await tx
        .select({ ...person, audience: alertRecipients.audience })
        .from(alertRecipients)
        .innerJoin(memberships, eq(memberships.accountId, alertRecipients.accountId))
        .where(
          and(
            eq(alertRecipients.alertId, alert.id),
            eq(alertRecipients.emailed, true),
            gt(alertRecipients.accountId, row.cursor),
          ),
        )
        .orderBy(alertRecipients.accountId)
        .limit(batchSize);
      walkDone = people.length < batchSize;
      last = people.at(-1)?.accountId;
      await enqueueMails(
        tx,
        deps,
        'alert_resolved',
        people.map((r) =>
          alertResolvedMail({
            to: r.email,
            name: r.name,
            orgName: org.name,
            kind: alert.kind,
            audience: r.audience,
            reason: alert.reason,
            fixers: [],
            resolution: alert.resolution ?? '',
            url: consoleUrl(deps),
          }),
        ),
      );
      mails = people.length;
    }
    if (walkDone) {
      await tx.delete(alertFanouts).where(held);
      return { state: 'done', mails, told };
    }
    await tx
      .update(alertFanouts)
      .set({
        cursor: last ?? row.cursor,
        leaseUntil: new Date(deps.now().getTime() + FANOUT_LEASE_MS),
      })
      .where(held);
    return { state: 'more', mails, told };
  });
}

export interface FanoutOptions {
  batchSize?: number;
  /** Stop after this many batches (tests: a worker that dies mid-way). */
  maxBatches?: number;
}

/**
 * Works off every fan-out this process can claim, batch by batch, until none is left unclaimed.
 * Every process's mail tick runs it (server/service.ts); they share the work through the
 * database. Returns what was done.
 */
export async function runAlertFanouts(
  deps: Deps,
  opts: FanoutOptions = {},
): Promise<{ fanouts: number; batches: number; told: number; mails: number }> {
  const batchSize = opts.batchSize ?? FANOUT_BATCH;
  const done = { fanouts: 0, batches: 0, told: 0, mails: 0 };
  for (;;) {
    const job = await claimFanout(deps);
    if (!job) return done;
    for (;;) {
      if (opts.maxBatches !== undefined && done.batches >= opts.maxBatches) return done;
      const batch = await fanOutBatch(deps, job, batchSize);
      done.batches++;
      done.told += batch.told;
      done.mails += batch.mails;
      if (batch.state !== 'more') break;
    }
    done.fanouts++;
  }
}

/** Whether an incident's recipients are still being told (or their "resolved" mail queued). */
export async function fanoutPending(db: Db, alertId: string): Promise<boolean> {
  const rows = await db
    .select({ phase: alertFanouts.phase })
    .from(alertFanouts)
    .where(eq(alertFanouts.alertId, alertId));
  return rows.length > 0;
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
