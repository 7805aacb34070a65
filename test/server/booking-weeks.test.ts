import { describe, expect, it } from 'vitest';
import {
  BOOKING_HORIZON_DAYS,
  BOOKING_PAGE_DAYS,
  bookingWeeks,
} from '../../server/domain/booking-weeks';

// Sunday 2026-11-29, 23:30 UTC: already Monday in Tokyo, still Sunday in New York.
const now = new Date('2026-11-29T23:30:00Z');

describe('the booking page’s weeks', () => {
  it('starts on the invitee’s today, two weeks a page, with Later but no Earlier', () => {
    const weeks = bookingWeeks({ tz: 'Asia/Tokyo', now });
    expect(weeks).toMatchObject({
      firstDay: '2026-11-30',
      lastDay: '2026-12-13',
      earlier: null,
      later: '2026-12-14',
    });
    // Midnight in Tokyo is 15:00 UTC the day before.
    expect(weeks.start.toISOString()).toBe('2026-11-29T15:00:00.000Z');
    expect(weeks.end.toISOString()).toBe('2026-12-13T15:00:00.000Z');
    expect(bookingWeeks({ tz: 'America/New_York', now }).firstDay).toBe('2026-11-29');
  });

  it('pages forward and back by two weeks, never before today', () => {
    const second = bookingWeeks({ tz: 'UTC', now, from: '2026-12-13' });
    expect(second).toMatchObject({ firstDay: '2026-12-13', earlier: '2026-11-29' });
    const third = bookingWeeks({ tz: 'UTC', now, from: '2026-12-27' });
    expect(third.earlier).toBe('2026-12-13');
    expect(third.later).toBe('2027-01-10');
  });

  it(`ends at the horizon, ${BOOKING_HORIZON_DAYS} days ahead: the last page has no Later`, () => {
    let from: string | null = null;
    const pages: string[] = [];
    do {
      const weeks = bookingWeeks({ tz: 'Europe/Berlin', now, ...(from ? { from } : {}) });
      pages.push(weeks.firstDay);
      from = weeks.later;
      expect(weeks.end.getTime()).toBeLessThanOrEqual(
        now.getTime() + BOOKING_HORIZON_DAYS * 86_400_000,
      );
    } while (from && pages.length < 10);
    expect(pages).toHaveLength(Math.ceil((BOOKING_HORIZON_DAYS + 1) / BOOKING_PAGE_DAYS));
    expect(pages.at(-1)).toBe('2027-01-25');
    // Berlin is already at Monday 00:30: sixty days on is Friday 2027-01-29, 00:30.
    const last = bookingWeeks({ tz: 'Europe/Berlin', now, from: '2027-01-25' });
    expect(last.lastDay).toBe('2027-01-29');
    expect(last.end.toISOString()).toBe('2027-01-28T23:30:00.000Z');
  });

  it('brings a date outside the bounds, or not a date, back inside them', () => {
    expect(bookingWeeks({ tz: 'UTC', now, from: '2020-01-01' }).firstDay).toBe('2026-11-29');
    expect(bookingWeeks({ tz: 'UTC', now, from: '2099-01-01' }).firstDay).toBe('2027-01-28');
    for (const from of ['2026-02-30', 'tomorrow', '2026-12-1', '', '2026-12-01T00:00']) {
      expect(bookingWeeks({ tz: 'UTC', now, from }).firstDay).toBe('2026-11-29');
    }
  });
});
