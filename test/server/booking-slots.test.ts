import { describe, expect, it } from 'vitest';
import { freeSlots, localDate, zonedTimeToUtc } from '../../server/domain/booking-slots';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('free slots', () => {
  it('turns the host’s wall-clock availability into UTC, across a DST change', () => {
    // Berlin leaves summer time on Sunday 2026-10-25: 09:00 is 07:00Z before, 08:00Z after.
    const slots = freeSlots({
      availability: [
        { day: 5, start: '09:00', end: '10:00' },
        { day: 1, start: '09:00', end: '10:00' },
      ],
      timezone: 'Europe/Berlin',
      durationMinutes: 30,
      from: new Date('2026-10-22T12:00:00Z'),
      days: 5,
      busy: [],
      now: new Date('2026-10-22T12:00:00Z'),
    });
    expect(iso(slots)).toEqual([
      '2026-10-23T07:00:00.000Z',
      '2026-10-23T07:30:00.000Z',
      '2026-10-26T08:00:00.000Z',
      '2026-10-26T08:30:00.000Z',
    ]);
  });

  it('leaves out past slots and any that overlap a booking of the host', () => {
    const slots = freeSlots({
      availability: [{ day: 3, start: '09:00', end: '12:00' }],
      timezone: 'UTC',
      durationMinutes: 60,
      from: new Date('2026-12-02T00:00:00Z'),
      days: 1,
      busy: [{ start: new Date('2026-12-02T10:30:00Z'), end: new Date('2026-12-02T10:45:00Z') }],
      now: new Date('2026-12-02T09:10:00Z'),
    });
    expect(iso(slots)).toEqual(['2026-12-02T11:00:00.000Z']);
  });

  it('reads calendar days and wall-clock times in the given zone', () => {
    expect(localDate(new Date('2026-12-01T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-12-02');
    expect(new Date(zonedTimeToUtc('2026-07-01', '09:00', 'America/New_York')).toISOString()).toBe(
      '2026-07-01T13:00:00.000Z',
    );
    // 02:30 does not exist in Berlin on 2026-03-29; it lands an hour on, as clocks do.
    expect(new Date(zonedTimeToUtc('2026-03-29', '02:30', 'Europe/Berlin')).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });
});
