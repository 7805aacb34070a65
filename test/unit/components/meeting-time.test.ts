import { describe, expect, it } from 'vitest';
import {
  fromLocalInputValue,
  hasPassed,
  nextHalfHour,
  toLocalInputValue,
} from '@/components/meeting-time';

describe('meeting times', () => {
  it('starts the default meeting at the next half hour', () => {
    expect(nextHalfHour(new Date(2030, 4, 1, 14, 7, 30))).toEqual(new Date(2030, 4, 1, 14, 30));
    expect(nextHalfHour(new Date(2030, 4, 1, 14, 30))).toEqual(new Date(2030, 4, 1, 15, 0));
    expect(nextHalfHour(new Date(2030, 4, 1, 23, 45))).toEqual(new Date(2030, 4, 2, 0, 0));
  });

  it('writes and reads datetime-local values in local time', () => {
    const date = new Date(2030, 0, 9, 8, 5);
    expect(toLocalInputValue(date)).toBe('2030-01-09T08:05');
    expect(fromLocalInputValue('2030-01-09T08:05')).toEqual(date);
    expect(fromLocalInputValue('2030-01-09T08:05:30')).toEqual(new Date(2030, 0, 9, 8, 5, 30));
  });

  it('sends the local wall-clock time as the same instant in UTC', () => {
    const local = fromLocalInputValue('2030-07-01T09:30');
    expect(local?.toISOString()).toMatch(/Z$/);
    expect(new Date(local?.toISOString() ?? '').getHours()).toBe(9);
  });

  it('refuses empty, malformed and impossible values', () => {
    expect(fromLocalInputValue('')).toBeNull();
    expect(fromLocalInputValue('tomorrow at 9')).toBeNull();
    expect(fromLocalInputValue('2030-02-30T10:00')).toBeNull();
  });

  it('allows a start a few minutes ago ("now") but not one long past', () => {
    const now = new Date(2030, 4, 1, 14, 7);
    expect(hasPassed(new Date(2030, 4, 1, 14, 5), now)).toBe(false);
    expect(hasPassed(new Date(2030, 4, 1, 13, 30), now)).toBe(true);
  });
});
