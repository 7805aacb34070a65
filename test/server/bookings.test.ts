import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { disconnectImpact } from '../../lib/contracts/api';
import { eventTypesResponse, eventTypeView } from '../../lib/contracts/event-types';
import { bookings, mailOutbox } from '../../server/db/schema';
import { ALWAYS_OPEN, clearBookingState, queuedMail, sandboxMeetings } from './booking-fixture';
import { fromAddress, startServiceWithZoom, type TestServiceWithZoom } from './harness';
import { connectPersonal } from './personal-zoom';
import { connectOrgThroughZoom } from './zoom-browser';

let service: TestServiceWithZoom;
let owner: Record<string, string>;
let mia: Record<string, string>;

beforeAll(async () => {
  service = await startServiceWithZoom();
  owner = await service.signIn('olivia@acme.test');
  mia = await service.signIn('mia@acme.test');
});
afterAll(() => service.close());
beforeEach(async () => {
  await clearBookingState(service);
});

async function createEventType(location: unknown = { kind: 'zoom' }, headers = mia) {
  const res = await service.request('POST', '/api/me/event-types', {
    headers,
    body: {
      name: 'Intro call',
      durationMinutes: 30,
      location,
      timezone: 'UTC',
      availability: ALWAYS_OPEN,
    },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return eventTypeView.parse(await res.json());
}

function pathOf(url: string) {
  return new URL(url).pathname;
}

async function bookingPage(path: string, query = '') {
  const res = await service.app.request(`${path}${query}`);
  return { status: res.status, html: await res.text() };
}

function firstSlot(html: string): string {
  const slot = html.match(/name="start" id="slot-1" value="([^"]+)"/)?.[1];
  if (!slot) throw new Error('No slot offered');
  return slot;
}

let invitees = 0;

/** Each booking from an invitee's own address: the form is limited per address (README, Limits). */
function book(path: string, fields: Record<string, string>) {
  invitees += 1;
  return Promise.resolve(
    service.app.request(
      path,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      },
      fromAddress(`2001:db8:b00c:${invitees.toString(16)}::1`),
    ),
  );
}

const invitee = { name: 'Ivy Invitee', email: 'ivy@example.test', tz: 'Europe/Berlin' };

const outbox = () => queuedMail(service);

const meetingsAtZoom = () => sandboxMeetings(service);

describe('booking a Zoom event', () => {
  it('creates the meeting through the org’s Zoom and shows and mails the join link with an .ics', async () => {
    await connectOrgThroughZoom(service, owner);
    const event = await createEventType();
    const page = await bookingPage(pathOf(event.bookingUrl), '?tz=Europe/Berlin');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Intro call</h1>');
    expect(page.html).toContain('<label for="tz">Your time zone</label>');
    const start = firstSlot(page.html);

    const res = await book(pathOf(event.bookingUrl), { ...invitee, start });
    expect(res.status).toBe(303);
    const manage = res.headers.get('location') ?? '';
    expect(manage).toMatch(/^\/booking\/[A-Za-z0-9_-]{43}\?booked=1$/);

    const [meeting] = await meetingsAtZoom();
    expect(meeting?.hostEmail).toBe('mia@acme.test');
    const confirmation = await bookingPage(manage);
    expect(confirmation.html).toContain('<h1>You&#39;re booked</h1>');
    expect(confirmation.html).toContain(`/j/${meeting?.id}?pwd=`);
    expect(confirmation.html).toMatch(/Passcode: <strong>\w+<\/strong>/);

    const mails = await outbox();
    expect(mails.map((m) => m.to).sort()).toEqual(['ivy@example.test', 'mia@acme.test']);
    const toIvy = mails.find((m) => m.to === 'ivy@example.test');
    expect(toIvy?.text).toContain(`/j/${meeting?.id}?pwd=`);
    const ics = toIvy?.attachments?.[0];
    expect(ics?.filename).toBe('invite.ics');
    expect(ics?.content).toContain('METHOD:REQUEST');
    expect(ics?.content).toContain('SEQUENCE:0');
    const uid = ics?.content.match(/UID:(.+)/)?.[1]?.trim();
    expect(uid).toMatch(/@service\.test$/);

    const [row] = await service.deps.db.select().from(bookings);
    expect(row).toMatchObject({
      meetingState: 'created',
      zoomVia: 'organization',
      zoomAccountId: 'acme-zoom-account',
      zoomMeetingId: meeting?.id,
    });
    // The join link is sealed at rest, and the cancel token only hashed.
    expect(row?.zoomJoinSealed).not.toContain('/j/');
    expect(manage).not.toContain(row?.cancelTokenHash ?? '-');

    // Cancelling deletes the meeting at Zoom and sends the same UID with METHOD:CANCEL.
    await service.deps.db.delete(mailOutbox);
    const cancelled = await service.app.request(`${manage.split('?')[0]}/cancel`, {
      method: 'POST',
    });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.text()).toContain('This booking is cancelled');
    expect(await meetingsAtZoom()).toEqual([]);
    const cancelMails = await outbox();
    expect(cancelMails.map((m) => m.to).sort()).toEqual(['ivy@example.test', 'mia@acme.test']);
    const cancelIcs = cancelMails[0]?.attachments?.[0]?.content ?? '';
    expect(cancelIcs).toContain('METHOD:CANCEL');
    expect(cancelIcs).toContain(`UID:${uid}`);
    expect(cancelIcs).toContain('SEQUENCE:1');
    // A second cancel changes nothing and mails nobody.
    await service.deps.db.delete(mailOutbox);
    const again = await service.app.request(`${manage.split('?')[0]}/cancel`, { method: 'POST' });
    expect(again.status).toBe(200);
    expect(await outbox()).toEqual([]);
  });

  it('takes the booking without Zoom, says details follow, and tells the host and admins', async () => {
    const event = await createEventType();
    const page = await bookingPage(pathOf(event.bookingUrl));
    const res = await book(pathOf(event.bookingUrl), { ...invitee, start: firstSlot(page.html) });
    expect(res.status).toBe(303);
    const confirmation = await bookingPage(res.headers.get('location') ?? '');
    expect(confirmation.html).toContain('the Zoom details will follow by email');
    const mails = await outbox();
    const waiting = mails.filter((m) => m.subject.startsWith('Zoom details missing'));
    expect(waiting.map((m) => m.to).sort()).toEqual([
      'adam@acme.test',
      'mia@acme.test',
      'olivia@acme.test',
    ]);
    const toIvy = mails.find((m) => m.to === 'ivy@example.test');
    expect(toIvy?.text).toContain('the meeting details will follow by email');
    const [row] = await service.deps.db.select().from(bookings);
    expect(row?.meetingState).toBe('failed');
    const listed = eventTypesResponse.parse(
      await (await service.request('GET', '/api/me/event-types', { headers: mia })).json(),
    );
    expect(listed.eventTypes[0]?.locationNeedsAttention).toBeTruthy();
    expect(listed.eventTypes[0]?.upcomingBookings).toBe(1);
  });
});

describe('which Zoom makes the meeting', () => {
  it('uses the host’s personal Zoom when they have one', async () => {
    await connectOrgThroughZoom(service, owner);
    await connectPersonal(service, mia, 'mia.personal@example.test');
    const event = await createEventType();
    const path = pathOf(event.bookingUrl);
    await book(path, { ...invitee, start: firstSlot((await bookingPage(path)).html) });
    const [meeting] = await meetingsAtZoom();
    expect(meeting?.hostEmail).toBe('mia.personal@example.test');
    const [row] = await service.deps.db.select().from(bookings);
    expect(row).toMatchObject({
      meetingState: 'created',
      zoomVia: 'personal',
      zoomAccountId: 'mia-personal-account',
    });
  });

  it('keeps the booking and says so when Zoom’s daily limit refuses the meeting', async () => {
    await connectOrgThroughZoom(service, owner);
    const event = await createEventType();
    const path = pathOf(event.bookingUrl);
    const start = firstSlot((await bookingPage(path)).html);
    await service.zoomControl('POST', '/faults', {
      match: '/v2/users/mia@acme.test/meetings',
      status: 429,
      rateLimit: 'daily',
    });
    const res = await book(path, { ...invitee, start });
    expect(res.status).toBe(303);
    const confirmation = await bookingPage(res.headers.get('location') ?? '');
    expect(confirmation.html).toContain('the Zoom details will follow by email');
    const [row] = await service.deps.db.select().from(bookings);
    expect(row?.meetingState).toBe('failed');
    expect(row?.meetingProblem).toMatch(/Zoom allows 100 new meetings per person per day/);
    const toHost = (await outbox()).find(
      (m) => m.to === 'mia@acme.test' && m.subject.startsWith('Zoom details missing'),
    );
    expect(toHost?.text).toMatch(/Zoom allows 100 new meetings per person per day/);
    expect(await meetingsAtZoom()).toEqual([]);
  });
});

describe('the booking page', () => {
  it('answers bad input with 400 and stores nothing', async () => {
    const event = await createEventType({ kind: 'phone', detail: '+49 30 1234567' });
    const path = pathOf(event.bookingUrl);
    const start = firstSlot((await bookingPage(path)).html);
    for (const fields of [
      { ...invitee, start, email: 'not-an-email' },
      { ...invitee, start, name: '' },
      { ...invitee, start, tz: 'Mars/Olympus' },
      { ...invitee, start: 'tomorrow' },
      { name: invitee.name },
    ]) {
      const res = await book(path, fields);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('Check the form');
    }
    expect(await service.deps.db.select().from(bookings)).toEqual([]);
  });

  it('answers a repeated Book by the same invitee with “already booked”, once', async () => {
    const event = await createEventType({ kind: 'phone', detail: '+49 30 1234567' });
    const path = pathOf(event.bookingUrl);
    const start = firstSlot((await bookingPage(path)).html);
    expect((await book(path, { ...invitee, start })).status).toBe(303);
    const again = await book(path, { ...invitee, start });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('You booked this time already');
    const other = await book(path, { ...invitee, email: 'someone@example.test', start });
    expect(other.status).toBe(409);
    expect(await service.deps.db.select().from(bookings)).toHaveLength(1);
  });

  it('refuses a time it does not offer', async () => {
    const event = await createEventType({ kind: 'phone', detail: '+49 30 1234567' });
    const path = pathOf(event.bookingUrl);
    for (const start of ['2020-01-01T10:00:00Z', '2099-01-01T10:00:00Z', '2030-01-01T10:07:00Z']) {
      expect((await book(path, { ...invitee, start })).status).toBe(409);
    }
    expect(await service.deps.db.select().from(bookings)).toEqual([]);
  });

  it('answers 404 for an unknown member, event or booking link', async () => {
    const event = await createEventType({ kind: 'phone', detail: '+49 30 1234567' });
    for (const path of [
      '/book/nobody/intro-call',
      `${pathOf(event.bookingUrl)}-x`,
      '/book/NOT_A_SLUG/x',
      '/booking/short',
      `/booking/${'a'.repeat(43)}`,
    ]) {
      expect((await service.app.request(path)).status, path).toBe(404);
    }
    expect(
      (await service.app.request(`/booking/${'a'.repeat(43)}/cancel`, { method: 'POST' })).status,
    ).toBe(404);
  });

  it('lets exactly one of many concurrent bookings of one slot win, across processes', async () => {
    const event = await createEventType({ kind: 'phone', detail: '+49 30 1234567' });
    const path = pathOf(event.bookingUrl);
    const start = firstSlot((await bookingPage(path)).html);
    const second = await service.secondInstance();
    try {
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          i % 2 === 0
            ? book(path, { ...invitee, email: `ivy${i}@example.test`, start })
            : second.request('POST', path, {
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: new URLSearchParams({
                  ...invitee,
                  email: `ivy${i}@example.test`,
                  start,
                }).toString(),
              }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([303, 409, 409, 409, 409, 409, 409, 409]);
    } finally {
      await second.close();
    }
    const rows = await service.deps.db
      .select()
      .from(bookings)
      .where(eq(bookings.status, 'confirmed'));
    expect(rows).toHaveLength(1);
    // The slot is no longer offered.
    expect((await bookingPage(path)).html).not.toContain(`value="${start}"`);
  });
});

describe('the no-double-booking constraint', () => {
  it('refuses overlapping confirmed bookings of one host in the database itself', async () => {
    const event = await createEventType({ kind: 'phone', detail: '+49 30 1234567' });
    const row = (id: string, start: string, end: string, status: 'confirmed' | 'cancelled') => ({
      id,
      orgId: 'org_acme',
      hostAccountId: 'acct_mia',
      eventTypeId: event.id,
      eventName: 'Intro call',
      locationKind: 'phone' as const,
      startsAt: new Date(start),
      endsAt: new Date(end),
      inviteeName: 'Ivy',
      inviteeEmail: `${id}@example.test`,
      inviteeTimezone: 'UTC',
      status,
      cancelTokenHash: `hash-${id}`,
      meetingState: 'none' as const,
    });
    const insert = (values: ReturnType<typeof row>) =>
      service.deps.db
        .insert(bookings)
        .values(values)
        .then(
          () => 'ok',
          (err: { cause?: { code?: string }; code?: string }) => err.cause?.code ?? err.code,
        );
    const results = await Promise.all([
      insert(row('a', '2030-01-07T10:00:00Z', '2030-01-07T11:00:00Z', 'confirmed')),
      insert(row('b', '2030-01-07T10:30:00Z', '2030-01-07T10:45:00Z', 'confirmed')),
    ]);
    expect(results.sort()).toEqual(['23P01', 'ok']);
    // Back to back is fine, and a cancelled booking frees its time.
    expect(
      await insert(row('c', '2030-01-07T11:00:00Z', '2030-01-07T11:30:00Z', 'confirmed')),
    ).toBe('ok');
    expect(
      await insert(row('d', '2030-01-07T10:00:00Z', '2030-01-07T11:00:00Z', 'cancelled')),
    ).toBe('ok');
  });
});

describe('Disconnect’s impact', () => {
  it('counts Zoom event types of members on the org’s Zoom and their upcoming org-Zoom bookings', async () => {
    await connectOrgThroughZoom(service, owner);
    const event = await createEventType();
    await createEventType({ kind: 'phone', detail: '+49 30 1234567' });
    const path = pathOf(event.bookingUrl);
    await book(path, { ...invitee, start: firstSlot((await bookingPage(path)).html) });
    const res = await service.request('GET', '/api/org/zoom/disconnect-impact', { headers: owner });
    expect(res.status).toBe(200);
    expect(disconnectImpact.parse(await res.json())).toMatchObject({
      zoomEventTypes: 1,
      upcomingBookings: 1,
    });
  });
});

describe('paging through later weeks', () => {
  const hrefs = (html: string, rel: string) =>
    html.match(new RegExp(`<a href="([^"]+)" rel="${rel}"`))?.[1]?.replaceAll('&amp;', '&');
  const slotsOf = (html: string) =>
    [...html.matchAll(/name="start" id="slot-\d+" value="([^"]+)"/g)].map((m) => m[1] ?? '');

  it('offers Later and Earlier in the invitee’s zone, up to 60 days ahead, and books a later time', async () => {
    const event = await createEventType({ kind: 'phone', detail: '+49 30 1234567' });
    const path = pathOf(event.bookingUrl);
    const first = await bookingPage(path, '?tz=Asia/Tokyo');
    expect(first.html).not.toContain('rel="prev"');
    const later = hrefs(first.html, 'next') ?? '';
    expect(later).toMatch(/^\/book\/[^?]+\?tz=Asia%2FTokyo&from=\d{4}-\d{2}-\d{2}$/);
    const firstSlots = slotsOf(first.html);

    const second = await bookingPage(later);
    expect(second.status).toBe(200);
    expect(second.html).toContain('<option value="Asia/Tokyo" selected>');
    const secondSlots = slotsOf(second.html);
    expect(secondSlots[0] ?? '').toBeTruthy();
    expect((secondSlots[0] ?? '') > (firstSlots.at(-1) ?? '')).toBe(true);
    expect(hrefs(second.html, 'prev')).toMatch(/\?tz=Asia%2FTokyo&from=/);

    // Follow Later to the end: nothing offered past 60 days.
    let page = second;
    let pages = 2;
    for (let next = hrefs(page.html, 'next'); next; next = hrefs(page.html, 'next')) {
      page = await bookingPage(next);
      pages += 1;
    }
    expect(pages).toBe(5);
    const lastSlot = new Date(slotsOf(page.html).at(-1) ?? '');
    expect(lastSlot.getTime()).toBeLessThanOrEqual(Date.now() + 60 * 86_400_000);
    expect(lastSlot.getTime()).toBeGreaterThan(Date.now() + 59 * 86_400_000);

    // A time on a later page is booked like any other; one past the horizon is refused.
    const res = await book(path, { ...invitee, start: secondSlots[0] ?? '' });
    expect(res.status).toBe(303);
    const beyond = new Date(lastSlot.getTime() + 7 * 86_400_000).toISOString();
    expect(
      (await book(path, { ...invitee, email: 'far@example.test', start: beyond })).status,
    ).toBe(409);
  });

  it('keeps the page’s weeks when the form comes back with a problem', async () => {
    const event = await createEventType({ kind: 'phone', detail: '+49 30 1234567' });
    const path = pathOf(event.bookingUrl);
    const later = hrefs((await bookingPage(path, '?tz=UTC')).html, 'next') ?? '';
    const from = new URL(later, 'http://x').searchParams.get('from') ?? '';
    const res = await book(path, { ...invitee, tz: 'UTC', from, start: 'not a time' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`name="from" value="${from}"`);
    expect(html).toContain('rel="prev"');
  });
});
