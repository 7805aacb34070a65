import { z } from 'zod/mini';
import { storableText } from './text';

/**
 * Event types and bookings (PRODUCT.md §6): the options page and the popup read these; the
 * service parses requests with them. The booking page is server-rendered and parses its form
 * with `bookingForm`.
 */

export const locationKinds = ['zoom', 'phone', 'in_person', 'link'] as const;
export const locationKind = z.enum(locationKinds);
export type LocationKind = z.infer<typeof locationKind>;

/** The words for each location, one source for the options page, booking page and mails. */
export const locationLabels: Record<LocationKind, string> = {
  zoom: 'Zoom',
  phone: 'Phone call',
  in_person: 'In person',
  link: 'Custom link',
};

/** True for names the runtime's time-zone database knows (IANA, e.g. Europe/Berlin). */
export function isTimeZone(value: string): boolean {
  if (value.length === 0 || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const timeZone = () =>
  storableText().check(z.refine(isTimeZone, 'Use an IANA time zone, like Europe/Berlin.'));

const clock = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Use HH:MM.'));

/** One free interval on a weekday (1 = Monday … 7 = Sunday, ISO 8601), in the event's zone. */
export const availabilityWindow = z
  .object({ day: z.int().check(z.minimum(1), z.maximum(7)), start: clock, end: clock })
  .check(z.refine((w) => w.start < w.end, 'The end must be after the start.'));
export const weeklyAvailability = z.array(availabilityWindow).check(
  z.maxLength(70),
  // Several times a day are fine; overlapping ones would offer the same slot twice.
  z.refine(
    (windows) =>
      windows.every((a, i) =>
        windows.every((b, j) => i === j || a.day !== b.day || a.end <= b.start || b.end <= a.start),
      ),
    'Times on one day must not overlap.',
  ),
);
export type WeeklyAvailability = z.infer<typeof weeklyAvailability>;

/** Weekdays 9:00–17:00, the default for a new event type. */
export const DEFAULT_AVAILABILITY: WeeklyAvailability = [1, 2, 3, 4, 5].map((day) => ({
  day,
  start: '09:00',
  end: '17:00',
}));

export const eventSlug = () =>
  z
    .string()
    .check(
      z.regex(
        /^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/,
        'Use lowercase letters, digits and dashes.',
      ),
    );

/** Zoom's location needs no detail (the meeting is made per booking); the others do. */
export const location = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('zoom') }),
  z.strictObject({
    kind: z.literal('phone'),
    detail: storableText().check(z.trim(), z.minLength(3), z.maxLength(40)),
  }),
  z.strictObject({
    kind: z.literal('in_person'),
    detail: storableText().check(z.trim(), z.minLength(1), z.maxLength(200)),
  }),
  z.strictObject({ kind: z.literal('link'), detail: z.url({ protocol: /^https$/ }) }),
]);
export type EventLocation = z.infer<typeof location>;

const name = storableText().check(
  z.trim(),
  z.minLength(1, 'Give the event a name.'),
  z.maxLength(100),
);
const duration = z.int().check(z.minimum(5), z.maximum(720));

/** New event type: the location defaults to the org's choice (Zoom when the setting is on). */
export const createEventTypeBody = z.strictObject({
  name,
  slug: z.optional(eventSlug()),
  durationMinutes: duration,
  location: z.optional(location),
  timezone: timeZone(),
  availability: z.optional(weeklyAvailability),
});
export type CreateEventTypeBody = z.infer<typeof createEventTypeBody>;

export const updateEventTypeBody = z.strictObject({
  name: z.optional(name),
  slug: z.optional(eventSlug()),
  durationMinutes: z.optional(duration),
  location: z.optional(location),
  timezone: z.optional(timeZone()),
  availability: z.optional(weeklyAvailability),
});
export type UpdateEventTypeBody = z.infer<typeof updateEventTypeBody>;

export const eventTypeView = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  durationMinutes: z.int(),
  location: z.object({ kind: locationKind, detail: z.nullable(z.string()) }),
  timezone: z.string(),
  availability: weeklyAvailability,
  bookingUrl: z.string(),
  /** Zoom location while the owner has no working Zoom, or bookings are waiting for their
   * meeting: the booking page still takes bookings, and this says why details may not follow. */
  locationNeedsAttention: z.nullable(z.string()),
  upcomingBookings: z.int(),
});
export type EventTypeView = z.infer<typeof eventTypeView>;

export const eventTypesResponse = z.object({
  eventTypes: z.array(eventTypeView),
  /** The org's "Make Zoom the default location for new event types". */
  zoomDefaultLocation: z.boolean(),
});
export type EventTypesResponse = z.infer<typeof eventTypesResponse>;

/** The booking page's form (application/x-www-form-urlencoded). */
export const bookingForm = z.strictObject({
  start: z.iso.datetime({ offset: true }),
  name: storableText().check(z.trim(), z.minLength(1, 'Enter your name.'), z.maxLength(100)),
  email: z.email('Enter an email address.').check(z.maxLength(254), z.toLowerCase()),
  tz: timeZone(),
});
export type BookingForm = z.infer<typeof bookingForm>;
