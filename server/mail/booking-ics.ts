import { createEvent } from 'ics';

/**
 * A booking as an iCalendar event (RFC 5545), made by the `ics` library. The UID stays the same
 * for the booking's whole life and SEQUENCE rises with each change, so a calendar updates (or,
 * with METHOD:CANCEL, removes) the event it already has instead of adding another
 * (RFC 5546 §2.1.4–2.1.5).
 */
export interface BookingEvent {
  uid: string;
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  title: string;
  description: string;
  location: string;
  url?: string;
  start: Date;
  end: Date;
  organizer: { name: string; email: string };
  invitee: { name: string; email: string };
}

export function bookingIcs(event: BookingEvent): string {
  const { error, value } = createEvent({
    uid: event.uid,
    sequence: event.sequence,
    method: event.method,
    status: event.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    productId: 'org-zoom-connect/bookings',
    title: event.title,
    description: event.description,
    location: event.location,
    ...(event.url ? { url: event.url } : {}),
    start: event.start.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: event.end.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    organizer: event.organizer,
    attendees: [
      {
        name: event.invitee.name,
        email: event.invitee.email,
        rsvp: false,
        partstat: 'ACCEPTED',
        role: 'REQ-PARTICIPANT',
      },
    ],
  });
  if (error || !value) throw error ?? new Error('The calendar event could not be made');
  return value;
}

export function icsAttachment(ics: string, method: BookingEvent['method']) {
  return {
    filename: 'invite.ics',
    content: ics,
    contentType: `text/calendar; charset=utf-8; method=${method}`,
  };
}
