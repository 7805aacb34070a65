import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { bookings } from '../db/schema';
import type { Deps } from '../deps';
import { bookingUpdatedMails } from '../mail/booking-mails';
import { recordAudit } from './audit';
import { enqueueAll, hostOf, mailFacts } from './booking-facts';
import { deleteBookingMeeting, makeBookingMeeting, zoomAccountOf } from './booking-meetings';
import { memberZoom } from './members';

/**
 * Repair (PRODUCT.md §6): when Zoom comes back for a host — the org reconnected, maybe with
 * another Zoom account, or the host connected personal Zoom — every upcoming Zoom booking of
 * theirs whose meeting is missing or lives in a Zoom account that is no longer theirs gets a new
 * meeting through the host's current active connection, and both people get the new details
 * (the .ics keeps its UID and raises its SEQUENCE).
 *
 * The bookings are the jobs: the event that brings Zoom back marks them (`markOrgBookings…`,
 * `markHostBookings…`, in its own transaction), and every process's tick claims a few with
 * FOR UPDATE SKIP LOCKED and a lease, so several processes share the work and each booking is
 * repaired once; a process that dies leaves a lease that runs out, and the next tick resumes.
 * No Zoom call is made inside a transaction. Zoom's per-second 429s are backed off by
 * createMeeting; its per-host daily limit puts the booking off until Zoom's reset.
 */

const LEASE_MS = 2 * 60_000;
const BATCH = 10;
/** At the soonest, a booking Zoom asked us to wait for is tried again after this. */
const RETRY_MS = 60_000;

type Writer = Pick<Database, 'update'>;

/** The org's Zoom is back (approved or reconnected): every upcoming Zoom booking in the org. */
export async function markOrgBookingsForRepair(db: Writer, orgId: string, now: Date) {
  await db
    .update(bookings)
    .set({ repairNeeded: true, repairAfter: null })
    .where(and(eq(bookings.orgId, orgId), upcomingZoomBooking(now)));
}

/** The host connected personal Zoom: their upcoming Zoom bookings. */
export async function markHostBookingsForRepair(db: Writer, accountId: string, now: Date) {
  await db
    .update(bookings)
    .set({ repairNeeded: true, repairAfter: null })
    .where(and(eq(bookings.hostAccountId, accountId), upcomingZoomBooking(now)));
}

function upcomingZoomBooking(now: Date) {
  return and(
    // A booking kept after its host left has nobody to make a new meeting for (member-leaving.ts).
    isNotNull(bookings.hostAccountId),
    eq(bookings.status, 'confirmed'),
    eq(bookings.locationKind, 'zoom'),
    gt(bookings.endsAt, now),
  );
}

export interface RepairTick {
  claimed: number;
  moved: number;
  unchanged: number;
  deferred: number;
  failed: number;
}

/** One tick: claims due bookings and repairs each. Returns what happened, for the log. */
export async function repairDueBookings(deps: Deps): Promise<RepairTick> {
  const leaseId = randomUUID();
  const claimed = await claim(deps, leaseId);
  const tick: RepairTick = {
    claimed: claimed.length,
    moved: 0,
    unchanged: 0,
    deferred: 0,
    failed: 0,
  };
  const movedByOrg = new Map<string, number>();
  for (const booking of claimed) {
    const outcome = await repairOne(deps, booking, leaseId);
    tick[outcome] += 1;
    if (outcome === 'moved')
      movedByOrg.set(booking.orgId, (movedByOrg.get(booking.orgId) ?? 0) + 1);
  }
  const now = deps.now();
  for (const [orgId, count] of movedByOrg) {
    await recordAudit(deps.db, {
      orgId,
      actor: { accountId: null, label: 'Org Zoom Connect' },
      action: 'bookings.meetings_moved',
      detail: { count, message: `${count} upcoming meeting${count === 1 ? '' : 's'} moved` },
      at: now,
    });
  }
  if (tick.claimed > 0) deps.log.info({ ...tick }, 'Booking repair tick');
  return tick;
}

async function claim(deps: Deps, leaseId: string) {
  const now = deps.now();
  const due = deps.db
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      sql`${bookings.repairNeeded} and ${bookings.status} = 'confirmed'
        and ${bookings.endsAt} > ${now.toISOString()}
        and (${bookings.repairAfter} is null or ${bookings.repairAfter} <= ${now.toISOString()})
        and (${bookings.repairLeaseUntil} is null or ${bookings.repairLeaseUntil} <= ${now.toISOString()})`,
    )
    .orderBy(bookings.startsAt)
    .limit(BATCH)
    .for('update', { skipLocked: true });
  return deps.db
    .update(bookings)
    .set({ repairLeaseId: leaseId, repairLeaseUntil: new Date(now.getTime() + LEASE_MS) })
    .where(sql`${bookings.id} in (${due})`)
    .returning();
}

type Outcome = 'moved' | 'unchanged' | 'deferred' | 'failed';

async function repairOne(
  deps: Deps,
  booking: typeof bookings.$inferSelect,
  leaseId: string,
): Promise<Outcome> {
  const held = and(eq(bookings.id, booking.id), eq(bookings.repairLeaseId, leaseId));
  const done = { repairNeeded: false, repairLeaseId: null, repairLeaseUntil: null };
  const host = await hostOf(deps, booking);
  const zoom = await memberZoom(deps, host);
  const via = zoom.status === 'connected' ? zoom.type : null;
  // Still no working Zoom for this host: nothing to do until the next event marks it again.
  if (!via) {
    await deps.db.update(bookings).set(done).where(held);
    return 'unchanged';
  }
  const account = await zoomAccountOf(deps, host, via);
  if (
    booking.meetingState === 'created' &&
    booking.zoomVia === via &&
    booking.zoomAccountId === account
  ) {
    await deps.db.update(bookings).set(done).where(held);
    return 'unchanged';
  }
  const made = await makeBookingMeeting(deps, host, {
    topic: `${booking.eventName} with ${booking.inviteeName}`,
    start: booking.startsAt,
    durationMinutes: Math.round((booking.endsAt.getTime() - booking.startsAt.getTime()) / 60_000),
    timezone: booking.inviteeTimezone,
  });
  if (!made.ok) {
    const later = made.retryAfterSeconds !== undefined;
    await deps.db
      .update(bookings)
      .set(
        later
          ? {
              repairAfter: new Date(
                deps.now().getTime() + Math.max(RETRY_MS, (made.retryAfterSeconds ?? 0) * 1000),
              ),
              repairLeaseId: null,
              repairLeaseUntil: null,
              meetingProblem: made.problem,
            }
          : { ...done, meetingState: 'failed', meetingProblem: made.problem },
      )
      .where(held);
    return later ? 'deferred' : 'failed';
  }
  // The old meeting, if any and still reachable, goes: one working link per booking.
  if (booking.zoomMeetingId && booking.zoomVia) {
    await deleteBookingMeeting(deps, host, {
      meetingId: booking.zoomMeetingId,
      via: booking.zoomVia,
    });
  }
  const stored = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(bookings)
      .set({
        ...done,
        meetingState: 'created',
        zoomMeetingId: made.meeting.meetingId,
        zoomJoinSealed: deps.vault.seal(
          JSON.stringify({ joinUrl: made.meeting.joinUrl, passcode: made.meeting.passcode }),
        ),
        zoomVia: made.meeting.via,
        zoomAccountId: made.meeting.zoomAccountId,
        meetingProblem: null,
        icsSequence: booking.icsSequence + 1,
      })
      .where(and(held, eq(bookings.status, 'confirmed')))
      .returning();
    if (!row) return false;
    await enqueueAll(
      tx,
      deps,
      'booking_updated',
      bookingUpdatedMails(await mailFacts(deps, row, null, tx)),
    );
    return true;
  });
  // Cancelled (or the lease lost) meanwhile: the new meeting must not outlive the booking.
  if (!stored) {
    await deleteBookingMeeting(deps, host, made.meeting);
    return 'unchanged';
  }
  return 'moved';
}
