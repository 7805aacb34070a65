import { and, eq, inArray } from 'drizzle-orm';
import type { LocationKind } from '../../lib/contracts/event-types';
import type { Database } from '../db/client';
import { accounts, bookings, eventTypes, memberships, orgs } from '../db/schema';
import type { Deps, MemberInfo } from '../deps';
import type { BookingMailFacts } from '../mail/booking-mails';
import { enqueueMail, type MailKind } from '../mail/outbox';
import type { MailMessage } from '../mail/transport';
import type { ZoomDetails } from './booking-meetings';

/** What a booking's pages and mails say, read from its row: the people, the time, the Zoom. */

export async function mailFacts(
  deps: Deps,
  booking: typeof bookings.$inferSelect,
  token: string | null,
  db: Pick<Database, 'select'> = deps.db,
): Promise<BookingMailFacts> {
  const [host] = await db
    .select({ name: accounts.name, email: accounts.email, timezone: eventTypes.timezone })
    .from(accounts)
    .leftJoin(eventTypes, eq(eventTypes.id, booking.eventTypeId ?? ''))
    .where(eq(accounts.id, booking.hostAccountId ?? ''));
  return {
    uid: `${booking.id}@${new URL(deps.env.PUBLIC_URL).host}`,
    sequence: booking.icsSequence,
    eventName: booking.eventName,
    start: booking.startsAt,
    end: booking.endsAt,
    host: {
      name: host?.name ?? booking.formerHostName ?? 'Your host',
      email: host?.email ?? booking.formerHostEmail ?? '',
      timezone: host?.timezone ?? booking.inviteeTimezone,
    },
    invitee: {
      name: booking.inviteeName,
      email: booking.inviteeEmail,
      timezone: booking.inviteeTimezone,
    },
    location: { kind: booking.locationKind as LocationKind, detail: booking.locationDetail },
    zoom: zoomDetailsOf(deps, booking),
    manageUrl: token ? `${deps.env.PUBLIC_URL}/booking/${token}` : null,
    hostLeft: booking.hostAccountId === null,
  };
}

export function zoomDetailsOf(
  deps: Deps,
  booking: typeof bookings.$inferSelect,
): ZoomDetails | null {
  if (booking.meetingState !== 'created' || !booking.zoomJoinSealed) return null;
  return JSON.parse(deps.vault.open(booking.zoomJoinSealed)) as ZoomDetails;
}

export async function hostOf(
  deps: Deps,
  booking: typeof bookings.$inferSelect,
): Promise<MemberInfo> {
  const [row] = await deps.db
    .select({ account: accounts, org: orgs, role: memberships.role })
    .from(accounts)
    .innerJoin(orgs, eq(orgs.id, booking.orgId))
    .leftJoin(
      memberships,
      and(eq(memberships.orgId, orgs.id), eq(memberships.accountId, accounts.id)),
    )
    .where(eq(accounts.id, booking.hostAccountId ?? ''));
  return {
    // A host who left (a kept booking) is nobody's account: only the org's Zoom can reach
    // their meeting (deleteBookingMeeting), and no personal connection is found for ''.
    accountId: booking.hostAccountId ?? '',
    email: row?.account.email ?? booking.formerHostEmail ?? '',
    name: row?.account.name ?? booking.formerHostName ?? '',
    orgId: booking.orgId,
    orgName: row?.org.name ?? '',
    // A host no longer a member has no role; the member rule then finds no org Zoom for them.
    role: row?.role ?? 'user',
  };
}

export async function bookingById(db: Pick<Database, 'select'>, id: string) {
  const [booking] = await db.select().from(bookings).where(eq(bookings.id, id));
  if (!booking) throw new Error(`Booking ${id} vanished`);
  return booking;
}

export async function adminEmails(db: Pick<Database, 'select'>, orgId: string): Promise<string[]> {
  const rows = await db
    .select({ email: memberships.memberEmail })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), inArray(memberships.role, ['owner', 'admin'])));
  return rows.map((row) => row.email);
}

export async function enqueueAll(
  db: Pick<Database, 'insert'>,
  deps: Deps,
  kind: MailKind,
  mails: MailMessage[],
) {
  for (const mail of mails) await enqueueMail(db, deps, kind, mail);
}
