import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { RepairProgress } from '../../lib/contracts/api';
import type { Database } from '../db/client';
import { preparedAnyDue } from '../db/prepared';
import { auditLog, bookings } from '../db/schema';
import type { Deps } from '../deps';
import { bookingNeedsZoomMails, bookingUpdatedMails } from '../mail/booking-mails';
import type { AuditAction } from './audit';
import { adminEmails, enqueueAll, hostOf, mailFacts } from './booking-facts';
import {
  deleteBookingMeeting,
  findMeetingByAgenda,
  type MadeMeeting,
  makeBookingMeeting,
  meetingColumns,
  zoomAccountOf,
} from './booking-meetings';
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
 * The lease lasts REPAIR_LEASE_SECONDS and each process ticks every REPAIR_TICK_MS (server/env.ts).
 * No Zoom call is made inside a transaction. Zoom's per-second 429s are backed off by
 * createMeeting; its per-host daily limit puts the booking off until Zoom's reset.
 */

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

/**
 * The host disconnected personal Zoom: their upcoming bookings whose meetings live there move to
 * the org's Zoom if it works for them, else they wait for details (repairOne).
 */
export async function markPersonalBookingsForRepair(db: Writer, accountId: string, now: Date) {
  await db
    .update(bookings)
    .set({ repairNeeded: true, repairAfter: null })
    .where(
      and(
        eq(bookings.hostAccountId, accountId),
        eq(bookings.zoomVia, 'personal'),
        upcomingZoomBooking(now),
      ),
    );
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
  // One audit entry per org and tick, counted up in each booking's own transaction: a process
  // killed mid-tick leaves the count of what it did move.
  const audits = new Map<string, number>();
  for (const booking of claimed) {
    const outcome = await repairOne(deps, booking, leaseId, audits);
    tick[outcome] += 1;
  }
  if (tick.claimed > 0) deps.log.info({ ...tick }, 'Booking repair tick');
  return tick;
}

/** A booking a repair tick may claim now: marked, still to come, not put off, not leased. */
const repairDue = (now: SQL | string) =>
  sql`${bookings.repairNeeded} and ${bookings.status} = 'confirmed'
    and ${bookings.endsAt} > ${now}
    and (${bookings.repairAfter} is null or ${bookings.repairAfter} <= ${now})
    and (${bookings.repairLeaseUntil} is null or ${bookings.repairLeaseUntil} <= ${now})`;

/**
 * Whether any booking is due, asked before claiming: nearly every tick finds none, and the
 * question is one prepared read on the partial index, where the claim is an UPDATE planned afresh
 * (on PGlite ~5 ms of the one thread the service's requests also wait for).
 */
const anyRepairDue = (deps: Deps) =>
  preparedAnyDue(deps.db, 'booking_repair_due', bookings, repairDue);

async function claim(deps: Deps, leaseId: string) {
  const now = deps.now();
  if (!(await anyRepairDue(deps)(now))) return [];
  const due = deps.db
    .select({ id: bookings.id })
    .from(bookings)
    .where(repairDue(now.toISOString()))
    .orderBy(bookings.startsAt)
    .limit(BATCH)
    .for('update', { skipLocked: true });
  return deps.db
    .update(bookings)
    .set({
      repairLeaseId: leaseId,
      repairLeaseUntil: new Date(now.getTime() + deps.env.REPAIR_LEASE_SECONDS * 1000),
    })
    .where(sql`${bookings.id} in (${due})`)
    .returning();
}

type Outcome = 'moved' | 'unchanged' | 'deferred' | 'failed';

async function repairOne(
  deps: Deps,
  booking: typeof bookings.$inferSelect,
  leaseId: string,
  audits: Map<string, number>,
): Promise<Outcome> {
  const held = and(eq(bookings.id, booking.id), eq(bookings.repairLeaseId, leaseId));
  const done = { repairNeeded: false, repairLeaseId: null, repairLeaseUntil: null };
  const host = await hostOf(deps, booking);
  const zoom = await memberZoom(deps, host);
  const via = zoom.status === 'connected' ? zoom.type : null;
  // No working Zoom for this host. A meeting still in a Zoom they hold stays; one in a Zoom
  // that is no longer theirs (personal Zoom disconnected, the org on another account) is not
  // theirs to start: the booking waits for details, as a new one would, until an event marks
  // it again.
  if (!via) {
    if (booking.meetingState !== 'created' || !booking.zoomVia) {
      await deps.db.update(bookings).set(done).where(held);
      return 'unchanged';
    }
    const home = await zoomAccountOf(deps, host, booking.zoomVia);
    if (home !== null && home === booking.zoomAccountId) {
      await deps.db.update(bookings).set(done).where(held);
      return 'unchanged';
    }
    return (await waitForDetails(deps, booking, held)) ? 'failed' : 'unchanged';
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
  // The meeting carries the booking in its agenda. A repair that died after asking Zoom left
  // `repairAttempt` set: its meeting, if Zoom made it, is adopted rather than made twice.
  const agenda = `Org Zoom Connect booking ${booking.id}`;
  const adopted = booking.repairAttempt
    ? await findMeetingByAgenda(deps, host, via, agenda, booking.zoomMeetingId)
    : null;
  let made: MadeMeeting;
  if (adopted) {
    made = { ok: true, meeting: adopted };
  } else {
    // Recorded before the call, and the lease re-armed for it: a lease lost meanwhile (this
    // process stalled past it) means another process has the booking now.
    const [armed] = await deps.db
      .update(bookings)
      .set({
        repairAttempt: leaseId,
        repairLeaseUntil: new Date(deps.now().getTime() + deps.env.REPAIR_LEASE_SECONDS * 1000),
      })
      .where(held)
      .returning({ id: bookings.id });
    if (!armed) return 'unchanged';
    made = await makeBookingMeeting(deps, host, {
      topic: `${booking.eventName} with ${booking.inviteeName}`,
      start: booking.startsAt,
      durationMinutes: Math.round((booking.endsAt.getTime() - booking.startsAt.getTime()) / 60_000),
      timezone: booking.inviteeTimezone,
      agenda,
    });
  }
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
  // The old meeting, if any and still reachable, goes: one working link per booking. A meeting
  // in a Zoom we hold no grant for any more cannot be deleted; the mail says so.
  let oldDeleted = booking.zoomMeetingId === null;
  if (booking.zoomMeetingId && booking.zoomVia) {
    oldDeleted =
      (await deleteBookingMeeting(deps, host, {
        meetingId: booking.zoomMeetingId,
        via: booking.zoomVia,
      })) === null;
  }
  let auditId: number | undefined;
  const stored = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(bookings)
      .set({
        ...done,
        repairAttempt: null,
        ...meetingColumns(deps, made.meeting),
        icsSequence: booking.icsSequence + 1,
      })
      .where(and(held, eq(bookings.status, 'confirmed')))
      .returning();
    if (!row) return false;
    await enqueueAll(
      tx,
      deps,
      'booking_updated',
      bookingUpdatedMails(await mailFacts(deps, row, null, tx), { oldDeleted }),
    );
    auditId = await countMoved(tx, deps, booking.orgId, audits.get(booking.orgId));
    return true;
  });
  if (stored && auditId !== undefined) audits.set(booking.orgId, auditId);
  // Cancelled (or the lease lost) meanwhile: the new meeting must not outlive the booking.
  if (!stored) {
    await deleteBookingMeeting(deps, host, made.meeting);
    return 'unchanged';
  }
  return 'moved';
}

/**
 * The booking's meeting is gone from the host's reach and no Zoom works for them: the invitee
 * is told the details will follow (same UID, next SEQUENCE), the host and admins that Zoom is
 * missing, as for a new booking (./bookings.ts). False when the lease was lost meanwhile.
 */
async function waitForDetails(
  deps: Deps,
  booking: typeof bookings.$inferSelect,
  held: ReturnType<typeof and>,
): Promise<boolean> {
  const problem =
    'The Zoom account this meeting was in is no longer connected, and no other Zoom connection works for the host.';
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(bookings)
      .set({
        repairNeeded: false,
        repairLeaseId: null,
        repairLeaseUntil: null,
        repairAttempt: null,
        meetingState: 'failed',
        zoomJoinSealed: null,
        meetingProblem: problem,
        icsSequence: booking.icsSequence + 1,
      })
      .where(and(held, eq(bookings.status, 'confirmed')))
      .returning();
    if (!row) return false;
    const facts = await mailFacts(deps, row, null, tx);
    const [toInvitee] = bookingUpdatedMails(facts, { oldDeleted: false });
    if (toInvitee) await enqueueAll(tx, deps, 'booking_updated', [toInvitee]);
    await enqueueAll(
      tx,
      deps,
      'booking_needs_zoom',
      bookingNeedsZoomMails(facts, problem, await adminEmails(tx, row.orgId)),
    );
    return true;
  });
}

/** "N upcoming meetings moved": this tick's entry for the org, one more; its id. */
async function countMoved(
  tx: Pick<Database, 'insert' | 'update'>,
  deps: Deps,
  orgId: string,
  auditId: number | undefined,
): Promise<number> {
  if (auditId !== undefined) {
    const count = sql`((${auditLog.detail}->>'count')::int + 1)`;
    await tx
      .update(auditLog)
      .set({
        detail: sql`jsonb_build_object('count', ${count}, 'message', ${count}::text || ' upcoming meetings moved')`,
      })
      .where(eq(auditLog.id, auditId));
    return auditId;
  }
  const [row] = await tx
    .insert(auditLog)
    .values({
      orgId,
      actorAccountId: null,
      actorLabel: 'Org Zoom Connect',
      action: 'bookings.meetings_moved' satisfies AuditAction,
      detail: { count: 1, message: '1 upcoming meeting moved' },
      createdAt: deps.now(),
    })
    .returning({ id: auditLog.id });
  if (!row) throw new Error('Audit entry not written');
  return row.id;
}

/**
 * The console's view of repair in one org: how many upcoming bookings wait for a new meeting
 * (and how many of those Zoom's daily limit put off, until when), and how many have no working
 * Zoom for their host. One statement over the org's upcoming confirmed bookings.
 */
export async function repairProgress(
  deps: Pick<Deps, 'db' | 'now'>,
  orgId: string,
): Promise<RepairProgress> {
  const now = deps.now().toISOString();
  const [row] = await deps.db
    .select({
      pending: sql<number>`count(*) filter (where ${bookings.repairNeeded})::int`,
      deferred: sql<number>`count(*) filter (where ${bookings.repairNeeded} and ${bookings.repairAfter} > ${now}::timestamptz)::int`,
      resumesAt: sql<
        string | null
      >`min(${bookings.repairAfter}) filter (where ${bookings.repairNeeded} and ${bookings.repairAfter} > ${now}::timestamptz)`,
      waitingForZoom: sql<number>`count(*) filter (where not ${bookings.repairNeeded} and ${bookings.meetingState} = 'failed')::int`,
    })
    .from(bookings)
    .where(
      and(
        eq(bookings.orgId, orgId),
        eq(bookings.status, 'confirmed'),
        sql`${bookings.startsAt} > ${now}::timestamptz`,
      ),
    );
  return {
    pending: row?.pending ?? 0,
    deferred: row?.deferred ?? 0,
    resumesAt: row?.resumesAt ? new Date(row.resumesAt).toISOString() : null,
    waitingForZoom: row?.waitingForZoom ?? 0,
  };
}
