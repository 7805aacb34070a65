import { and, asc, count, eq, gt, sql } from 'drizzle-orm';
import type { MemberBookingsResponse } from '../../lib/contracts/api';
import type { Database } from '../db/client';
import { bookings, memberships } from '../db/schema';
import type { Deps } from '../deps';
import { bookingCancelledMails } from '../mail/booking-mails';
import { enqueueAll, hostOf, mailFacts } from './booking-facts';
import { deleteBookingMeeting } from './booking-meetings';
import { DomainError } from './errors';

/**
 * A member removed or leaving (PRODUCT.md §6): their upcoming bookings are listed for the admin,
 * who cancels them with notice or keeps them. Zoom cannot change a meeting's host, so there is
 * no "move to someone else": a cancelled booking's meeting is deleted, a kept one stays where it
 * is, under the leaver's Zoom user (README, "A member leaves").
 */

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
type Reader = Pick<Database, 'select'>;
type BookingRow = typeof bookings.$inferSelect;

function upcomingOf(accountId: string, now: Date) {
  return and(
    eq(bookings.hostAccountId, accountId),
    eq(bookings.status, 'confirmed'),
    gt(bookings.endsAt, now),
  );
}

/** The member's upcoming bookings, soonest first; another org's member is not found. */
export async function memberUpcomingBookings(
  deps: Deps,
  orgId: string,
  accountId: string,
  limit: number,
): Promise<MemberBookingsResponse> {
  const [member] = await deps.db
    .select({ id: memberships.accountId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.accountId, accountId)));
  if (!member) throw new DomainError('not_found', 'No such member in this organization.');
  const now = deps.now();
  const where = and(eq(bookings.orgId, orgId), upcomingOf(accountId, now));
  const [[totals], rows] = await Promise.all([
    deps.db
      .select({
        total: count(),
        zoomMeetings: sql<number>`count(*) filter (where ${bookings.meetingState} = 'created')::int`,
      })
      .from(bookings)
      .where(where),
    deps.db.select().from(bookings).where(where).orderBy(asc(bookings.startsAt)).limit(limit),
  ]);
  return {
    total: totals?.total ?? 0,
    zoomMeetings: totals?.zoomMeetings ?? 0,
    bookings: rows.map((row) => ({
      id: row.id,
      eventName: row.eventName,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
      inviteeName: row.inviteeName,
      inviteeEmail: row.inviteeEmail,
      hasZoomMeeting: row.meetingState === 'created',
    })),
  };
}

export async function countUpcoming(tx: Reader, accountId: string, now: Date): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(bookings).where(upcomingOf(accountId, now));
  return row?.n ?? 0;
}

/** Cancels the member's upcoming bookings; the .ics SEQUENCE rises for the METHOD:CANCEL. */
export function cancelUpcoming(tx: Tx, accountId: string, now: Date): Promise<BookingRow[]> {
  return tx
    .update(bookings)
    .set({
      status: 'cancelled',
      cancelledAt: now,
      icsSequence: sql`${bookings.icsSequence} + 1`,
      repairNeeded: false,
    })
    .where(upcomingOf(accountId, now))
    .returning();
}

/**
 * Deletes the cancelled bookings' Zoom meetings through the connections that made them, one at
 * a time and outside any transaction. Returns what went wrong, per booking.
 */
export async function deleteMeetingsOf(
  deps: Deps,
  cancelled: BookingRow[],
): Promise<Map<string, string>> {
  const problems = new Map<string, string>();
  for (const booking of cancelled) {
    if (!booking.zoomMeetingId || !booking.zoomVia) continue;
    const host = await hostOf(deps, booking);
    const problem = await deleteBookingMeeting(deps, host, {
      meetingId: booking.zoomMeetingId,
      via: booking.zoomVia,
    });
    if (problem) problems.set(booking.id, problem);
  }
  return problems;
}

/**
 * Each invitee's cancellation mail (with the .ics METHOD:CANCEL), saying why; the leaver is not
 * mailed. A meeting Zoom did not delete is recorded on the booking, and the mail does not claim
 * it was.
 */
export async function noticeCancelled(
  deps: Deps,
  tx: Tx,
  cancelled: BookingRow[],
  problems: Map<string, string>,
  reason: string,
): Promise<void> {
  for (const booking of cancelled) {
    const problem = problems.get(booking.id);
    if (problem) {
      await tx
        .update(bookings)
        .set({ meetingProblem: `The Zoom meeting could not be deleted: ${problem}` })
        .where(eq(bookings.id, booking.id));
    }
    const facts = await mailFacts(deps, booking, null, tx);
    const mails = bookingCancelledMails({
      ...facts,
      ...(problem ? { zoom: null } : {}),
      hostLeft: true,
      cancelReason: reason,
    });
    await enqueueAll(tx, deps, 'booking_cancelled', mails);
  }
}

/** Before the account goes: its bookings keep the host's name and email (kept ones, history). */
export async function keepFormerHost(
  tx: Tx,
  accountId: string,
  host: { name: string; email: string },
): Promise<void> {
  await tx
    .update(bookings)
    .set({ formerHostName: host.name, formerHostEmail: host.email })
    .where(eq(bookings.hostAccountId, accountId));
}

export function leaverReason(hostName: string, orgName: string): string {
  return `${hostName} is no longer with ${orgName}.`;
}

export function choiceRequired(email: string, upcoming: number): DomainError {
  const bookingsWord = upcoming === 1 ? '1 upcoming booking' : `${upcoming} upcoming bookings`;
  return new DomainError(
    'conflict',
    `${email} has ${bookingsWord}. Choose whether to cancel them (each invitee is told) or keep them.`,
  );
}
