import { addDays, localDate, zonedTimeToUtc } from './booking-slots';

/**
 * Which days the booking page shows (PRODUCT.md §6): two weeks at a time, counted in the
 * invitee's calendar days, from today up to the booking horizon. "Earlier" and "Later" move by a
 * page; a `from` outside the bounds, or not a date, is brought back inside them, so a stale or
 * hand-edited link still shows a page.
 */

/** How far ahead the booking page offers times. */
export const BOOKING_HORIZON_DAYS = 60;
/** How many of the invitee's days one page shows. */
export const BOOKING_PAGE_DAYS = 14;

const DAY_MS = 86_400_000;

export interface BookingWeeks {
  /** The page's first and last day (YYYY-MM-DD, the invitee's calendar). */
  firstDay: string;
  lastDay: string;
  /** The instants the page covers: midnight of its first day to midnight after its last. */
  start: Date;
  end: Date;
  /** The `from` of the previous and next page; null at the bounds. */
  earlier: string | null;
  later: string | null;
}

export function bookingWeeks(query: { from?: string; tz: string; now: Date }): BookingWeeks {
  const today = localDate(query.now, query.tz);
  const horizon = new Date(query.now.getTime() + BOOKING_HORIZON_DAYS * DAY_MS);
  const lastBookable = localDate(horizon, query.tz);
  const asked = query.from !== undefined && isDate(query.from) ? query.from : today;
  const firstDay = sooner(latest(asked, today), lastBookable);
  const next = addDays(firstDay, BOOKING_PAGE_DAYS);
  const lastDay = sooner(addDays(next, -1), lastBookable);
  const start = new Date(zonedTimeToUtc(firstDay, '00:00', query.tz));
  const pageEnd = new Date(zonedTimeToUtc(next, '00:00', query.tz));
  const previous = addDays(firstDay, -BOOKING_PAGE_DAYS);
  return {
    firstDay,
    lastDay,
    start,
    end: pageEnd < horizon ? pageEnd : horizon,
    earlier: firstDay > today ? latest(previous, today) : null,
    later: next <= lastBookable ? next : null,
  };
}

// YYYY-MM-DD dates compare as text.
const sooner = (a: string, b: string) => (a <= b ? a : b);
const latest = (a: string, b: string) => (a >= b ? a : b);

/** A real calendar date as YYYY-MM-DD (not 2026-02-30). */
function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}
