/**
 * The meeting form's times. A `datetime-local` input holds wall-clock time with no zone
 * ("2025-05-01T14:30"); the service wants an instant, so the popup sends it as UTC and names the
 * member's zone separately (Zoom writes its invitation in that zone).
 */

/** The next :00 or :30 strictly after `now`, in local time. */
export function nextHalfHour(now: Date): Date {
  const next = new Date(now);
  next.setSeconds(0, 0);
  next.setMinutes(next.getMinutes() < 30 ? 30 : 60);
  return next;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as a `datetime-local` value, in local time to the minute. */
export function toLocalInputValue(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(
    date.getHours(),
  )}:${pad(date.getMinutes())}`;
}

/**
 * A `datetime-local` value as a local Date, or null when it is empty or malformed. Parsed by
 * hand: `new Date('…T14:30')` is local only by a spec rule some engines got wrong for years.
 */
export function fromLocalInputValue(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return null;
  const [year = 0, month = 0, day = 0, hours = 0, minutes = 0, seconds = 0] = match
    .slice(1)
    .map((n) => Number(n ?? 0));
  const date = new Date(year, month - 1, day, hours, minutes, seconds);
  return Number.isNaN(date.getTime()) || date.getDate() !== day ? null : date;
}

/** Whether a start is too far in the past to schedule (a few minutes' grace for "now"). */
export function hasPassed(start: Date, now: Date, graceMs = 5 * 60_000): boolean {
  return start.getTime() < now.getTime() - graceMs;
}

/** The member's IANA zone, e.g. "Europe/Berlin"; undefined where the browser can't say. */
export function localTimeZone(): string | undefined {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
}

export const meetingDurations = [15, 30, 45, 60, 90] as const;
export const defaultDuration = 30;
