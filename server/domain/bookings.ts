import { and, eq, gt, lt } from 'drizzle-orm';
import type { BookingForm } from '../../lib/contracts/event-types';
import { hashToken, newId, randomToken } from '../crypto/tokens';
import type { Database } from '../db/client';
import { isExclusionViolation } from '../db/errors';
import { accounts, bookings, eventTypes, memberships, orgs } from '../db/schema';
import type { Deps, MemberInfo } from '../deps';
import {
  type BookingMailFacts,
  bookingCancelledMails,
  bookingConfirmedMails,
  bookingNeedsZoomMails,
} from '../mail/booking-mails';
import type { MailMessage } from '../mail/transport';
import { adminEmails, bookingById, enqueueAll, hostOf, mailFacts } from './booking-facts';
import { deleteBookingMeeting, makeBookingMeeting, meetingColumns } from './booking-meetings';
import { freeSlots } from './booking-slots';
import { BOOKING_HORIZON_DAYS } from './booking-weeks';
import { DomainError } from './errors';

/**
 * Bookings of event types on the public booking page (PRODUCT.md §6). The booking row is written
 * first — the exclusion constraint decides who gets a contested slot — and only then is Zoom
 * asked for a meeting, with no transaction or pooled connection held while it answers. When Zoom
 * cannot make it, the booking stays and everyone is told the details will follow.
 */

const DAY_MS = 86_400_000;

export interface BookableEvent {
  eventType: typeof eventTypes.$inferSelect;
  host: MemberInfo;
}

/** The event type behind /book/<handle>/<slug>, while its owner is still a member. */
export async function bookableEvent(
  deps: Deps,
  handle: string,
  slug: string,
): Promise<BookableEvent | null> {
  const [row] = await deps.db
    .select({ eventType: eventTypes, account: accounts, membership: memberships, org: orgs })
    .from(eventTypes)
    .innerJoin(accounts, eq(accounts.id, eventTypes.accountId))
    .innerJoin(
      memberships,
      and(eq(memberships.orgId, eventTypes.orgId), eq(memberships.accountId, eventTypes.accountId)),
    )
    .innerJoin(orgs, eq(orgs.id, eventTypes.orgId))
    .where(and(eq(accounts.bookingHandle, handle), eq(eventTypes.slug, slug)));
  if (!row) return null;
  return {
    eventType: row.eventType,
    host: {
      accountId: row.account.id,
      email: row.account.email,
      name: row.account.name,
      orgId: row.org.id,
      orgName: row.org.name,
      role: row.membership.role,
    },
  };
}

/**
 * Free start times within `window` (default: from now to the horizon; never past it), minus the
 * host's other bookings.
 */
export async function openSlots(
  deps: Deps,
  event: BookableEvent,
  window: { start?: Date; end?: Date } = {},
): Promise<Date[]> {
  const now = deps.now();
  const horizon = new Date(now.getTime() + BOOKING_HORIZON_DAYS * DAY_MS);
  const start = window.start && window.start > now ? window.start : now;
  const end = window.end && window.end < horizon ? window.end : horizon;
  if (end <= start) return [];
  const durationMs = event.eventType.durationMinutes * 60_000;
  const busy = await deps.db
    .select({ start: bookings.startsAt, end: bookings.endsAt })
    .from(bookings)
    .where(
      and(
        eq(bookings.hostAccountId, event.host.accountId),
        eq(bookings.status, 'confirmed'),
        gt(bookings.endsAt, start),
        lt(bookings.startsAt, new Date(end.getTime() + durationMs)),
      ),
    );
  // From the host's day before `start`, so a window that begins mid-day in another zone is whole.
  const slots = freeSlots({
    availability: event.eventType.availability,
    timezone: event.eventType.timezone,
    durationMinutes: event.eventType.durationMinutes,
    from: new Date(start.getTime() - DAY_MS),
    days: Math.ceil((end.getTime() - start.getTime()) / DAY_MS) + 2,
    busy,
    now,
  });
  return slots.filter((slot) => slot >= start && slot < end);
}

export async function bookSlot(
  deps: Deps,
  event: BookableEvent,
  form: BookingForm,
): Promise<{ token: string }> {
  const start = new Date(form.start);
  const offered = await openSlots(deps, event, { start, end: new Date(start.getTime() + 1) });
  if (!offered.some((slot) => slot.getTime() === start.getTime())) throw slotGone();
  const { eventType, host } = event;
  const token = randomToken();
  const id = newId();
  const isZoom = eventType.locationKind === 'zoom';
  try {
    await deps.db.transaction(async (tx) => {
      await tx.insert(bookings).values({
        id,
        orgId: host.orgId,
        hostAccountId: host.accountId,
        eventTypeId: eventType.id,
        eventName: eventType.name,
        locationKind: eventType.locationKind,
        locationDetail: eventType.locationDetail,
        startsAt: start,
        endsAt: new Date(start.getTime() + eventType.durationMinutes * 60_000),
        inviteeName: form.name,
        inviteeEmail: form.email,
        inviteeTimezone: form.tz,
        cancelTokenHash: hashToken(token),
        meetingState: isZoom ? 'pending' : 'none',
        createdAt: deps.now(),
      });
      if (!isZoom) {
        await enqueueAll(tx, deps, 'booking_confirmed', await confirmedMails(deps, id, token, tx));
      }
    });
  } catch (err) {
    if (isExclusionViolation(err)) throw slotGone();
    throw err;
  }
  if (isZoom) await attachMeeting(deps, id, token, host);
  return { token };
}

/**
 * The invitee already holds this very booking: a second click on Book, or Back and Book again.
 * Their answer is then "you're booked", not "that time was taken".
 */
export async function alreadyBookedBy(
  deps: Deps,
  event: BookableEvent,
  form: BookingForm,
): Promise<boolean> {
  const [row] = await deps.db
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      and(
        eq(bookings.hostAccountId, event.host.accountId),
        eq(bookings.eventTypeId, event.eventType.id),
        eq(bookings.startsAt, new Date(form.start)),
        eq(bookings.inviteeEmail, form.email),
        eq(bookings.status, 'confirmed'),
      ),
    );
  return row !== undefined;
}

/** Zoom's meeting for a new booking, through the host's active connection; or the problem. */
async function attachMeeting(deps: Deps, id: string, token: string, host: MemberInfo) {
  const booking = await bookingById(deps.db, id);
  const made = await makeBookingMeeting(deps, host, {
    topic: `${booking.eventName} with ${booking.inviteeName}`,
    start: booking.startsAt,
    durationMinutes: Math.round((booking.endsAt.getTime() - booking.startsAt.getTime()) / 60_000),
    timezone: booking.inviteeTimezone,
  });
  const stored = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(bookings)
      .set(
        made.ok
          ? meetingColumns(deps, made.meeting)
          : { meetingState: 'failed', meetingProblem: made.problem },
      )
      .where(and(eq(bookings.id, id), eq(bookings.status, 'confirmed')))
      .returning({ id: bookings.id });
    if (!row) return false;
    await enqueueAll(tx, deps, 'booking_confirmed', await confirmedMails(deps, id, token, tx));
    if (!made.ok) {
      const facts = await mailFacts(deps, await bookingById(tx, id), token, tx);
      const admins = await adminEmails(tx, host.orgId);
      await enqueueAll(
        tx,
        deps,
        'booking_needs_zoom',
        bookingNeedsZoomMails(facts, made.problem, admins),
      );
    }
    return true;
  });
  // Cancelled while Zoom was making the meeting: it must not outlive the booking.
  if (!stored && made.ok) await deleteBookingMeeting(deps, host, made.meeting);
}

export interface BookingDetails {
  booking: typeof bookings.$inferSelect;
  facts: BookingMailFacts;
}

/** The booking behind a manage link (confirmation page, cancel), or null. */
export async function bookingByToken(deps: Deps, token: string): Promise<BookingDetails | null> {
  const [booking] = await deps.db
    .select()
    .from(bookings)
    .where(eq(bookings.cancelTokenHash, hashToken(token)));
  if (!booking) return null;
  return { booking, facts: await mailFacts(deps, booking, token) };
}

/**
 * Cancels the booking (once: a second click finds it cancelled and changes nothing), deletes its
 * Zoom meeting through the connection that made it, and mails both people.
 */
export async function cancelBooking(deps: Deps, token: string): Promise<BookingDetails> {
  const now = deps.now();
  const [cancelled] = await deps.db
    .update(bookings)
    .set({ status: 'cancelled', cancelledAt: now })
    .where(and(eq(bookings.cancelTokenHash, hashToken(token)), eq(bookings.status, 'confirmed')))
    .returning();
  if (!cancelled) {
    const current = await bookingByToken(deps, token);
    if (!current) throw new DomainError('not_found', 'No such booking.');
    return current;
  }
  let problem: string | null = null;
  if (cancelled.zoomMeetingId && cancelled.zoomVia) {
    const host = await hostOf(deps, cancelled);
    problem = await deleteBookingMeeting(deps, host, {
      meetingId: cancelled.zoomMeetingId,
      via: cancelled.zoomVia,
    });
  }
  const details = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(bookings)
      .set({
        icsSequence: cancelled.icsSequence + 1,
        meetingProblem: problem ? `The Zoom meeting could not be deleted: ${problem}` : null,
      })
      .where(eq(bookings.id, cancelled.id))
      .returning();
    const booking = row ?? cancelled;
    const facts = await mailFacts(deps, booking, token, tx);
    await enqueueAll(tx, deps, 'booking_cancelled', bookingCancelledMails(facts));
    return { booking, facts };
  });
  return details;
}

async function confirmedMails(
  deps: Deps,
  id: string,
  token: string,
  db: Pick<Database, 'select'> = deps.db,
): Promise<MailMessage[]> {
  return bookingConfirmedMails(await mailFacts(deps, await bookingById(db, id), token, db));
}

function slotGone() {
  return new DomainError(
    'conflict',
    'That time was just booked or is no longer free. Pick another time.',
  );
}
