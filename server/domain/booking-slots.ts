import type { WeeklyAvailability } from '../../lib/contracts/event-types';

/**
 * Free slots of an event type: its weekly availability (wall-clock times in the host's IANA
 * zone) turned into UTC instants, day by day so daylight-saving changes land where the host's
 * clock says, minus the host's other bookings and anything already past.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export interface Interval {
  start: Date;
  end: Date;
}

export interface SlotQuery {
  availability: WeeklyAvailability;
  timezone: string;
  durationMinutes: number;
  /** The first day shown is the host's calendar day of `from`. */
  from: Date;
  days: number;
  busy: Interval[];
  now: Date;
}

export function freeSlots(query: SlotQuery): Date[] {
  const durationMs = query.durationMinutes * 60_000;
  const first = localDate(query.from, query.timezone);
  const slots: Date[] = [];
  for (let i = 0; i < query.days; i++) {
    const date = addDays(first, i);
    const weekday = isoWeekday(date);
    for (const window of query.availability.filter((w) => w.day === weekday)) {
      const windowStart = zonedTimeToUtc(date, window.start, query.timezone);
      const windowEnd =
        window.end === '24:00'
          ? zonedTimeToUtc(addDays(date, 1), '00:00', query.timezone)
          : zonedTimeToUtc(date, window.end, query.timezone);
      for (let t = windowStart; t + durationMs <= windowEnd; t += durationMs) {
        const slot = { start: new Date(t), end: new Date(t + durationMs) };
        if (slot.start <= query.now) continue;
        if (query.busy.some((b) => overlaps(b, slot))) continue;
        slots.push(slot.start);
      }
    }
  }
  return slots.sort((a, b) => a.getTime() - b.getTime());
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** The calendar date (YYYY-MM-DD) an instant falls on in `timezone`. */
export function localDate(at: Date, timezone: string): string {
  const parts = wallClock(at.getTime(), timezone);
  return `${parts.year}-${pad(parts.month)}-${pad(parts.day)}`;
}

/** The instant a wall-clock time on a date in `timezone` names (a time skipped by DST moves on). */
export function zonedTimeToUtc(date: string, time: string, timezone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const asUtc = Date.UTC(y, m - 1, d, hh, mm);
  const guess = asUtc - offsetMs(asUtc, timezone);
  return asUtc - offsetMs(guess, timezone);
}

function offsetMs(at: number, timezone: string): number {
  const p = wallClock(at, timezone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(at / 1000) * 1000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(at: number, timezone: string) {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, format);
  }
  const parts = format.formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday. */
function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
