import { randomUUID } from 'node:crypto';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { newId } from '../crypto/tokens';
import type { Database } from '../db/client';
import { preparedAnyDue } from '../db/prepared';
import { mailOutbox } from '../db/schema';
import type { Deps } from '../deps';
import type { MailMessage } from './transport';

/**
 * The outbox: a request never waits for SMTP. The transaction that decides to send a mail writes
 * it here (sealed: its links carry tokens); whichever process ticks next claims it and sends it.
 *
 * Claiming: one UPDATE picks due rows with FOR UPDATE SKIP LOCKED and gives them a lease, so two
 * processes never take the same mail, and no transaction is open while SMTP answers. A failed
 * send is retried with back-off (BACKOFF_MS); a process that dies mid-send leaves a lease that
 * runs out, and the mail is claimed again. Once sent, the sealed message is dropped.
 */

export type MailKind =
  | 'invitation'
  | 'email_verification'
  | 'password_reset'
  | 'password_changed'
  | 'alert'
  | 'alert_resolved'
  | 'sign_in_locked'
  | 'booking_confirmed'
  | 'booking_cancelled'
  | 'booking_needs_zoom'
  | 'booking_updated';

/** Longer than the transport's timeouts (transport.ts), so a live sender never loses its lease. */
const LEASE_MS = 2 * 60_000;
/** Wait before attempt n + 1; the last value repeats. About a day of tries in all. */
export const BACKOFF_MS = [10_000, 30_000, 60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000];
export const MAX_ATTEMPTS = 30;
const BATCH = 20;

type Writer = Pick<Database, 'insert'>;

export async function enqueueMail(
  db: Writer,
  deps: Pick<Deps, 'vault' | 'now'>,
  kind: MailKind,
  message: MailMessage,
): Promise<void> {
  await db.insert(mailOutbox).values({
    id: newId(),
    kind,
    recipient: message.to,
    messageSealed: deps.vault.seal(JSON.stringify(message)),
    createdAt: deps.now(),
    nextAttemptAt: deps.now(),
  });
}

/** Rows per INSERT when queueing many mails at once: well under PostgreSQL's 65,535 parameters. */
const INSERT_CHUNK = 1000;

/** Many mails in a few statements (an alert to every member of a large org). */
export async function enqueueMails(
  db: Writer,
  deps: Pick<Deps, 'vault' | 'now'>,
  kind: MailKind,
  messages: MailMessage[],
): Promise<void> {
  const now = deps.now();
  for (let i = 0; i < messages.length; i += INSERT_CHUNK) {
    await db.insert(mailOutbox).values(
      messages.slice(i, i + INSERT_CHUNK).map((message) => ({
        id: newId(),
        kind,
        recipient: message.to,
        messageSealed: deps.vault.seal(JSON.stringify(message)),
        createdAt: now,
        nextAttemptAt: now,
      })),
    );
  }
}

export function backoffMs(attempts: number): number {
  return BACKOFF_MS[Math.min(attempts, BACKOFF_MS.length) - 1] ?? BACKOFF_MS[0] ?? 10_000;
}

interface Claimed {
  id: string;
  kind: string;
  messageSealed: string | null;
  attempts: number;
}

/** A mail a tick may claim now: not sent, not given up, its attempt due, not leased. */
const mailDue = (now: SQL | string) =>
  sql`${mailOutbox.sentAt} is null and ${mailOutbox.failedAt} is null
    and ${mailOutbox.nextAttemptAt} <= ${now}
    and (${mailOutbox.leaseUntil} is null or ${mailOutbox.leaseUntil} <= ${now})`;

/** Asked before claiming, as the booking repair does: one prepared read, nearly always "no". */
const anyMailDue = (deps: Deps) => preparedAnyDue(deps.db, 'mail_due', mailOutbox, mailDue);

async function claimDue(deps: Deps, leaseId: string): Promise<Claimed[]> {
  const now = deps.now();
  if (!(await anyMailDue(deps)(now))) return [];
  const due = deps.db
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(mailDue(now.toISOString()))
    .orderBy(mailOutbox.nextAttemptAt)
    .limit(BATCH)
    .for('update', { skipLocked: true });
  return deps.db
    .update(mailOutbox)
    .set({
      leaseId,
      leaseUntil: new Date(now.getTime() + LEASE_MS),
      attempts: sql`${mailOutbox.attempts} + 1`,
    })
    .where(sql`${mailOutbox.id} in (${due})`)
    .returning({
      id: mailOutbox.id,
      kind: mailOutbox.kind,
      messageSealed: mailOutbox.messageSealed,
      attempts: mailOutbox.attempts,
    });
}

/** What one error may say in the table and the log: its class and code, never an address. */
function describeError(err: unknown): string {
  if (!(err instanceof Error)) return 'Unknown error';
  const code = (err as { code?: unknown }).code;
  const response = (err as { responseCode?: unknown }).responseCode;
  return [err.name, typeof code === 'string' ? code : null, response ? `SMTP ${response}` : null]
    .filter(Boolean)
    .join(' ');
}

/**
 * Sends every mail that is due, each by this process alone. Returns how many were sent and how
 * many failed this time (to be retried, or given up after MAX_ATTEMPTS).
 */
export async function deliverDueMail(deps: Deps): Promise<{ sent: number; failed: number }> {
  const leaseId = randomUUID();
  const claimed = await claimDue(deps, leaseId);
  let sent = 0;
  let failed = 0;
  for (const mail of claimed) {
    const held = and(eq(mailOutbox.id, mail.id), eq(mailOutbox.leaseId, leaseId));
    try {
      if (!mail.messageSealed) throw new Error('The message is missing');
      await deps.mailer.send(JSON.parse(deps.vault.open(mail.messageSealed)) as MailMessage);
      await deps.db
        .update(mailOutbox)
        .set({ sentAt: deps.now(), messageSealed: null, leaseId: null, leaseUntil: null })
        .where(held);
      sent++;
    } catch (err) {
      failed++;
      const error = describeError(err);
      const giveUp = mail.attempts >= MAX_ATTEMPTS;
      const now = deps.now();
      await deps.db
        .update(mailOutbox)
        .set({
          lastError: error,
          leaseId: null,
          leaseUntil: null,
          nextAttemptAt: new Date(now.getTime() + backoffMs(mail.attempts)),
          ...(giveUp ? { failedAt: now, messageSealed: null } : {}),
        })
        .where(held);
      deps.log.warn(
        { mailId: mail.id, kind: mail.kind, attempts: mail.attempts, error, gaveUp: giveUp },
        giveUp ? 'Mail could not be sent; gave up' : 'Mail could not be sent; will retry',
      );
    }
  }
  if (sent > 0) deps.log.info({ sent }, 'Mail sent');
  return { sent, failed };
}
