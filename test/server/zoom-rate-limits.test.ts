import { describe, expect, it } from 'vitest';
import { qpsWaitMs } from '../../server/domain/meetings';
import { ZoomRateLimitError } from '../../server/zoom/client';
import { readRateLimit, retryAt } from '../../server/zoom/rate-limits';

const now = new Date('2025-03-01T12:00:00.250Z');
const dailyMessage =
  'You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.';

function limited(headers: Record<string, string>, body: unknown = { code: 429, message: 'x' }) {
  return new ZoomRateLimitError(readRateLimit(new Headers(headers), body));
}

describe("Zoom's 429s", () => {
  it('recognises the daily limit by its header', () => {
    expect(limited({ 'X-RateLimit-Type': 'Daily-limit' }).isDailyLimit).toBe(true);
  });

  it('recognises the daily limit by its message when Zoom sends no headers at all', () => {
    const err = limited({}, { code: 429, message: dailyMessage });
    expect(err.isDailyLimit).toBe(true);
    expect(retryAt(err.limit, now)).toEqual(new Date('2025-03-02T00:00:00Z'));
  });

  it('takes the daily reset from an ISO Retry-After', () => {
    const err = limited({
      'X-RateLimit-Type': 'Daily-limit',
      'Retry-After': '2025-03-02T00:00:00Z',
    });
    expect(retryAt(err.limit, now)).toEqual(new Date('2025-03-02T00:00:00Z'));
  });

  it('treats a 429 without daily header or message as per-second', () => {
    const err = limited({ 'X-RateLimit-Type': 'QPS' });
    expect(err.isDailyLimit).toBe(false);
    expect(retryAt(err.limit, now)).toBeNull();
  });
});

describe('backing off a per-second limit', () => {
  it('waits until X-RateLimit-Reset (Unix seconds)', () => {
    const err = limited({ 'X-RateLimit-Type': 'QPS', 'X-RateLimit-Reset': '1740830401' });
    expect(qpsWaitMs(err, 0, now)).toBe(750);
  });

  it('honours Retry-After in seconds or as a date alike', () => {
    expect(qpsWaitMs(limited({ 'Retry-After': '2' }), 0, now)).toBe(2000);
    expect(qpsWaitMs(limited({ 'Retry-After': 'Sat, 01 Mar 2025 12:00:02 GMT' }), 0, now)).toBe(
      1750,
    );
  });

  it('uses its own back-off when Zoom gives no time, and stops after three retries', () => {
    const err = limited({});
    expect([0, 1, 2, 3].map((attempt) => qpsWaitMs(err, attempt, now))).toEqual([
      300,
      1000,
      2000,
      null,
    ]);
  });

  it('reports rather than waits for a reset too far away, or for the daily limit', () => {
    expect(qpsWaitMs(limited({ 'Retry-After': '30' }), 0, now)).toBeNull();
    expect(qpsWaitMs(limited({}, { code: 429, message: dailyMessage }), 0, now)).toBeNull();
  });
});
