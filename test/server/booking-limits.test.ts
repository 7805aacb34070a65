import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventTypeView } from '../../lib/contracts/event-types';
import { LIMITS } from '../../server/domain/rate-limits';
import { fromAddress, startTestService, type TestService } from './harness';

/**
 * The public booking form is limited per client address (README, Limits): booking POSTs 20 an
 * hour, booking-page views 300 in 15 minutes. Every request counts; past the limit the answer is
 * a 429 page with Retry-After, and other addresses are not affected.
 */

let service: TestService;
let clock = Date.now();
const MINUTE = 60_000;
let path = '';

beforeAll(async () => {
  service = await startTestService();
  service.deps.now = () => new Date(clock);
  const mia = await service.signIn('mia@acme.test');
  const res = await service.request('POST', '/api/me/event-types', {
    headers: mia,
    body: {
      name: 'Phone chat',
      durationMinutes: 15,
      location: { kind: 'phone', detail: '+49 30 1234567' },
      timezone: 'UTC',
      availability: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '00:00', end: '24:00' })),
    },
  });
  expect(res.status).toBe(201);
  path = new URL(eventTypeView.parse(await res.json()).bookingUrl).pathname;
});
afterAll(() => service.close());
beforeEach(() => {
  clock += 2 * 60 * MINUTE;
});

let nextAddress = 1;
const newAddress = () => `203.0.113.${nextAddress++}`;

function view(address: string, to = path) {
  return Promise.resolve(service.app.request(to, {}, fromAddress(address)));
}

/** A booking POST; an invalid one (no start) counts the same, and books nothing. */
function send(address: string) {
  return Promise.resolve(
    service.app.request(
      path,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ name: 'Bot', email: 'bot@example.test', tz: 'UTC' }).toString(),
      },
      fromAddress(address),
    ),
  );
}

describe('booking POSTs per address', () => {
  const MAX = LIMITS.bookingSubmitAddress.maxFailures;

  it(`lets ${MAX} an hour through, then answers 429 with Retry-After and a page that says so`, async () => {
    const address = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < MAX; i++) statuses.push((await send(address)).status);
    expect(statuses).toEqual(Array(MAX).fill(400));
    const refused = await send(address);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(String(60 * 60));
    const page = await refused.text();
    expect(page).toContain('<h1>Too many attempts</h1>');
    expect(page).toContain(
      'Too many bookings were sent from your network. Try again in 60 minutes.',
    );
    // The page itself still opens (its own limit), another address still books, and after the
    // hour the count starts again.
    expect((await view(address)).status).toBe(200);
    expect((await send(newAddress())).status).toBe(400);
    clock += 60 * MINUTE;
    expect((await send(address)).status).toBe(400);
  });

  it('counts requests sent all at once like one after the other', async () => {
    const address = newAddress();
    const statuses = await Promise.all(Array.from({ length: MAX + 5 }, () => send(address)));
    expect(statuses.filter((res) => res.status === 429)).toHaveLength(5);
  });
});

describe('booking page views per address', () => {
  const MAX = LIMITS.bookingPageAddress.maxFailures;

  it(`lets ${MAX} in 15 minutes through, unknown pages included, then 429`, async () => {
    const address = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < MAX - 1; i++) statuses.push((await view(address, '/book/no/page')).status);
    expect(statuses).toEqual(Array(MAX - 1).fill(404));
    expect((await view(address)).status).toBe(200);
    const refused = await view(address);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(String(15 * 60));
    expect(await refused.text()).toContain(
      'This booking page was opened too often from your network.',
    );
    expect((await view(newAddress())).status).toBe(200);
  });
});
