import {
  bookings,
  eventTypes,
  mailOutbox,
  oauthFlows,
  orgConnections,
  personalConnections,
} from '../../server/db/schema';
import type { MailMessage } from '../../server/mail/transport';
import type { TestServiceWithZoom } from './harness';

/**
 * What the booking tests share (bookings, repair, a member leaving): an always-open week, a clean
 * slate before each test, and readers for the outbox and the sandbox's meetings.
 */

/** Open every day, all day, in UTC: the next free slot is always within the hour. */
export const ALWAYS_OPEN = [1, 2, 3, 4, 5, 6, 7].map((day) => ({
  day,
  start: '00:00',
  end: '24:00',
}));

/** No bookings, event types, mail, Zoom sign-ins or connections; the sandbox as seeded. */
export async function clearBookingState(service: TestServiceWithZoom): Promise<void> {
  await service.zoomControl('POST', '/reset');
  for (const table of [
    bookings,
    eventTypes,
    mailOutbox,
    oauthFlows,
    orgConnections,
    personalConnections,
  ]) {
    await service.deps.db.delete(table);
  }
}

/** Every queued mail, opened, oldest first. */
export async function queuedMail(service: TestServiceWithZoom): Promise<MailMessage[]> {
  const rows = await service.deps.db.select().from(mailOutbox).orderBy(mailOutbox.createdAt);
  return rows.map((row) => JSON.parse(service.deps.vault.open(row.messageSealed ?? '')));
}

/** The sandbox's meetings, across its accounts. */
export async function sandboxMeetings(service: TestServiceWithZoom) {
  const res = await service.zoomControl('GET', '/meetings');
  return ((await res.json()) as { meetings: { id: number; hostEmail: string }[] }).meetings;
}
