import { type LocationKind, locationLabels } from '../../lib/contracts/event-types';
import { type BookingEvent, bookingIcs, icsAttachment } from './booking-ics';
import { compose } from './messages';
import type { MailMessage } from './transport';

/**
 * The mails of a booking: the invitee's and the host's confirmation (with the .ics), the
 * cancellation (the .ics with METHOD:CANCEL and the same UID), and "waiting for Zoom details"
 * to the host and org admins when Zoom could not make the meeting.
 */

export interface BookingMailFacts {
  uid: string;
  sequence: number;
  eventName: string;
  start: Date;
  end: Date;
  host: { name: string; email: string; timezone: string };
  invitee: { name: string; email: string; timezone: string };
  location: { kind: LocationKind; detail: string | null };
  /** Zoom's join link and passcode, when the meeting exists. */
  zoom: { joinUrl: string; passcode: string | null } | null;
  /** The booking's own page (view, cancel); carries its token, so it is known only while the
   * request that made or used the token runs (it is stored hashed). */
  manageUrl: string | null;
  /** The host left the organization (a kept booking): they stay the .ics ORGANIZER, so the
   * invitee's calendar matches updates to the first invite, but get no more mail from us. */
  hostLeft?: boolean;
  /** Why it is cancelled, when the invitee did not cancel it themselves. */
  cancelReason?: string;
}

/** Who is mailed about a change: the invitee, and the host while they are a member. */
function peopleOf(facts: BookingMailFacts) {
  return facts.hostLeft ? [facts.invitee] : [facts.invitee, facts.host];
}

export function formatWhen(at: Date, end: Date, timezone: string): string {
  const day = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
  }).format(at);
  const time = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hour: 'numeric',
    minute: '2-digit',
  });
  return `${day}, ${time.format(at)} – ${time.format(end)} (${timezone})`;
}

/** Where to meet, in words: the Zoom details, or that they will follow. */
export function whereLines(facts: Pick<BookingMailFacts, 'location' | 'zoom'>): string[] {
  if (facts.location.kind !== 'zoom') {
    return [`${locationLabels[facts.location.kind]}: ${facts.location.detail ?? ''}`];
  }
  if (!facts.zoom) return ['Zoom: the meeting details will follow by email.'];
  return [
    `Join Zoom meeting: ${facts.zoom.joinUrl}`,
    ...(facts.zoom.passcode ? [`Passcode: ${facts.zoom.passcode}`] : []),
  ];
}

function calendarEvent(facts: BookingMailFacts, method: BookingEvent['method']) {
  const where = whereLines(facts);
  return icsAttachment(
    bookingIcs({
      uid: facts.uid,
      sequence: facts.sequence,
      method,
      title: `${facts.eventName}: ${facts.host.name} and ${facts.invitee.name}`,
      description: where.join('\n'),
      location:
        facts.location.kind === 'zoom'
          ? (facts.zoom?.joinUrl ?? 'Zoom (details follow)')
          : (facts.location.detail ?? ''),
      ...(facts.zoom ? { url: facts.zoom.joinUrl } : {}),
      start: facts.start,
      end: facts.end,
      organizer: { name: facts.host.name, email: facts.host.email },
      invitee: { name: facts.invitee.name, email: facts.invitee.email },
    }),
    method,
  );
}

export function bookingConfirmedMails(facts: BookingMailFacts): MailMessage[] {
  const ics = calendarEvent(facts, 'REQUEST');
  const invitee = compose({
    to: facts.invitee.email,
    subject: `Confirmed: ${facts.eventName} with ${facts.host.name}`,
    lead: [
      `Hi ${facts.invitee.name},`,
      `Your ${facts.eventName} with ${facts.host.name} is booked for ${formatWhen(facts.start, facts.end, facts.invitee.timezone)}.`,
      ...whereLines(facts),
    ],
    ...manageAction(facts),
    after: ['The attached invite.ics adds it to your calendar.'],
    attachments: [ics],
  });
  const host = compose({
    to: facts.host.email,
    subject: `New booking: ${facts.eventName} with ${facts.invitee.name}`,
    lead: [
      `${facts.invitee.name} (${facts.invitee.email}) booked ${facts.eventName} for ${formatWhen(facts.start, facts.end, facts.host.timezone)}.`,
      ...whereLines(facts),
    ],
    ...manageAction(facts),
    after: ['The attached invite.ics adds it to your calendar.'],
    attachments: [ics],
  });
  return [invitee, host];
}

function manageAction(facts: BookingMailFacts) {
  return facts.manageUrl ? { action: { label: 'View or cancel', url: facts.manageUrl } } : {};
}

/** New Zoom details for a booking (repair): the same UID, a higher SEQUENCE, so calendars update. */
export function bookingUpdatedMails(
  facts: BookingMailFacts,
  old: { oldDeleted: boolean },
): MailMessage[] {
  const ics = calendarEvent(facts, 'REQUEST');
  const change = !facts.zoom
    ? 'no longer has its Zoom meeting. Please do not use the old link; the new Zoom details will follow by email.'
    : old.oldDeleted
      ? 'has a new Zoom meeting. Use these details; the old link no longer works.'
      : 'has a new Zoom meeting. Use these details instead of the old link.';
  return peopleOf(facts).map((person) =>
    compose({
      to: person.email,
      subject: `Updated Zoom details: ${facts.eventName} with ${person === facts.host ? facts.invitee.name : facts.host.name}`,
      lead: [
        `${facts.eventName} on ${formatWhen(facts.start, facts.end, person.timezone)} ${change}`,
        ...whereLines(facts),
      ],
      after: [
        'The attached invite.ics updates the event in your calendar. To cancel, use the link in your first email.',
      ],
      attachments: [ics],
    }),
  );
}

export function bookingCancelledMails(facts: BookingMailFacts): MailMessage[] {
  const ics = calendarEvent(facts, 'CANCEL');
  return peopleOf(facts).map((person) =>
    compose({
      to: person.email,
      subject: `Cancelled: ${facts.eventName} with ${person === facts.host ? facts.invitee.name : facts.host.name}`,
      lead: [
        `${facts.eventName} on ${formatWhen(facts.start, facts.end, person.timezone)} is cancelled.`,
        ...(facts.cancelReason ? [facts.cancelReason] : []),
        ...(facts.zoom ? ['Its Zoom meeting is deleted.'] : []),
      ],
      after: ['The attached invite.ics removes it from your calendar.'],
      attachments: [ics],
    }),
  );
}

/** To the host and each org admin: the booking is taken, its Zoom meeting is not made yet. */
export function bookingNeedsZoomMails(
  facts: BookingMailFacts,
  problem: string,
  admins: string[],
): MailMessage[] {
  const when = formatWhen(facts.start, facts.end, facts.host.timezone);
  const recipients = [...new Set([facts.host.email, ...admins])];
  return recipients.map((to) =>
    compose({
      to,
      subject: `Zoom details missing: ${facts.eventName} with ${facts.invitee.name}`,
      lead: [
        `${facts.invitee.name} booked ${facts.host.name}'s ${facts.eventName} for ${when}, but Zoom could not create the meeting.`,
        `Zoom said: ${problem}`,
        'The booking is kept and the invitee was told the Zoom details will follow by email. Fix the Zoom connection, then send them the details.',
      ],
      after: [],
    }),
  );
}
