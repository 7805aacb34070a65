import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { orgZoomResponse } from '../../lib/contracts/api';
import { eventTypesResponse, eventTypeView } from '../../lib/contracts/event-types';
import { eventTypes, orgs } from '../../server/db/schema';
import { expectApiError, seedOtherOrg, startTestService, type TestService } from './harness';

let service: TestService;
let owner: Record<string, string>;
let admin: Record<string, string>;
let mia: Record<string, string>;
let max: Record<string, string>;

const intro = {
  name: 'Intro call',
  durationMinutes: 30,
  location: { kind: 'phone', detail: '+49 30 1234567' },
  timezone: 'Europe/Berlin',
};

beforeAll(async () => {
  service = await startTestService();
  owner = await service.signIn('olivia@acme.test');
  admin = await service.signIn('adam@acme.test');
  mia = await service.signIn('mia@acme.test');
  max = await service.signIn('max@acme.test');
});
afterAll(() => service.close());
beforeEach(async () => {
  await service.deps.db.delete(eventTypes);
  await service.deps.db.update(orgs).set({ zoomDefaultLocation: false });
});

function create(headers: Record<string, string>, body: unknown = intro) {
  return service.request('POST', '/api/me/event-types', { headers, body });
}

function list(headers: Record<string, string>) {
  return service.request('GET', '/api/me/event-types', { headers });
}

describe('Your event types', () => {
  it('creates one with a slug from its name and a booking link under the member’s handle', async () => {
    const res = await create(mia);
    expect(res.status).toBe(201);
    const view = eventTypeView.parse(await res.json());
    expect(view).toMatchObject({
      name: 'Intro call',
      slug: 'intro-call',
      durationMinutes: 30,
      location: { kind: 'phone', detail: '+49 30 1234567' },
      timezone: 'Europe/Berlin',
      bookingUrl: 'http://service.test/book/mia-member/intro-call',
      locationNeedsAttention: null,
      upcomingBookings: 0,
    });
    // Weekdays 9–17 unless given.
    expect(view.availability).toHaveLength(5);
    const again = eventTypeView.parse(await (await create(mia)).json());
    expect(again.slug).toBe('intro-call-2');
    const listed = eventTypesResponse.parse(await (await list(mia)).json());
    expect(listed.eventTypes.map((e) => e.slug)).toEqual(['intro-call', 'intro-call-2']);
    expect(listed.zoomDefaultLocation).toBe(false);
  });

  it('keeps several times a day, and offers each on the booking page', async () => {
    const availability = [
      { day: 1, start: '09:00', end: '10:00' },
      { day: 1, start: '14:00', end: '15:00' },
      { day: 2, start: '09:00', end: '10:00' },
    ];
    const res = await create(mia, { ...intro, durationMinutes: 60, availability });
    expect(res.status).toBe(201);
    const view = eventTypeView.parse(await res.json());
    expect(view.availability).toEqual(availability);
    const page = await (
      await service.app.request(`${new URL(view.bookingUrl).pathname}?tz=Europe/Berlin`)
    ).text();
    const times = [...page.matchAll(/<label for="slot-\d+">([^<]+)<\/label>/g)].map((m) => m[1]);
    // Mondays at 9 and at 2, Tuesdays at 9, in Berlin as the host wrote them.
    expect(new Set(times)).toEqual(new Set(['9:00 AM', '2:00 PM']));
    expect(times.filter((t) => t === '9:00 AM').length).toBeGreaterThan(
      times.filter((t) => t === '2:00 PM').length,
    );
  });

  it('refuses a slug the member already uses, with 409', async () => {
    await create(mia, { ...intro, slug: 'chat' });
    await expectApiError(await create(mia, { ...intro, slug: 'chat' }), 409, 'conflict');
    // Another member may use the same slug: links differ by member.
    expect((await create(max, { ...intro, slug: 'chat' })).status).toBe(201);
  });

  it('answers bad input with 400 and stores nothing', async () => {
    const bad = [
      { ...intro, name: '' },
      { ...intro, durationMinutes: 2 },
      { ...intro, durationMinutes: 30.5 },
      { ...intro, timezone: 'Mars/Olympus' },
      { ...intro, slug: 'Not A Slug' },
      { ...intro, location: { kind: 'link', detail: 'http://insecure.test' } },
      { ...intro, location: { kind: 'phone' } },
      { ...intro, location: { kind: 'zoom', detail: 'x' } },
      { ...intro, availability: [{ day: 8, start: '09:00', end: '10:00' }] },
      { ...intro, availability: [{ day: 1, start: '17:00', end: '09:00' }] },
      {
        ...intro,
        availability: [
          { day: 1, start: '09:00', end: '12:00' },
          { day: 1, start: '11:30', end: '13:00' },
        ],
      },
      { ...intro, extra: true },
      'not json',
    ];
    for (const body of bad) await expectApiError(await create(mia, body), 400, 'bad_request');
    const { location: _location, ...noLocation } = intro;
    await expectApiError(await create(mia, noLocation), 400, 'bad_request');
    expect(await service.deps.db.select().from(eventTypes)).toEqual([]);
  });

  it('makes Zoom the location of new event types when the org chose it', async () => {
    const { location: _location, ...noLocation } = intro;
    const settings = await service.request('PATCH', '/api/org/zoom/settings', {
      headers: admin,
      body: { zoomDefaultLocation: true },
    });
    expect(settings.status).toBe(200);
    const view = orgZoomResponse.parse(await settings.json());
    expect(view.settings).toEqual({ allowMemberRemoval: false, zoomDefaultLocation: true });
    expect(eventTypesResponse.parse(await (await list(mia)).json()).zoomDefaultLocation).toBe(true);
    const created = eventTypeView.parse(await (await create(mia, noLocation)).json());
    expect(created.location).toEqual({ kind: 'zoom', detail: null });
    // Zoom is not connected for the org: the owner is told before anyone books.
    expect(created.locationNeedsAttention).toMatch(/hasn't connected Zoom/);
  });

  it('lets only owners and admins change the default location', async () => {
    await expectApiError(
      await service.request('PATCH', '/api/org/zoom/settings', {
        headers: mia,
        body: { zoomDefaultLocation: true },
      }),
      403,
      'forbidden',
    );
    await expectApiError(
      await service.request('PATCH', '/api/org/zoom/settings', { headers: owner, body: {} }),
      400,
      'bad_request',
    );
    const [org] = await service.deps.db.select().from(orgs);
    expect(org?.zoomDefaultLocation).toBe(false);
  });

  it('edits and deletes the member’s own event type', async () => {
    const created = eventTypeView.parse(await (await create(mia)).json());
    const edited = await service.request('PATCH', `/api/me/event-types/${created.id}`, {
      headers: mia,
      body: {
        name: 'Longer call',
        durationMinutes: 60,
        location: { kind: 'link', detail: 'https://meet.example.test/mia' },
        availability: [{ day: 3, start: '10:00', end: '12:00' }],
      },
    });
    expect(edited.status).toBe(200);
    expect(eventTypeView.parse(await edited.json())).toMatchObject({
      name: 'Longer call',
      slug: 'intro-call',
      durationMinutes: 60,
      location: { kind: 'link', detail: 'https://meet.example.test/mia' },
      availability: [{ day: 3, start: '10:00', end: '12:00' }],
    });
    const deleted = await service.request('DELETE', `/api/me/event-types/${created.id}`, {
      headers: mia,
    });
    expect(deleted.status).toBe(204);
    expect(eventTypesResponse.parse(await (await list(mia)).json()).eventTypes).toEqual([]);
  });

  it('does not let another member — even the owner — see, edit or delete it', async () => {
    const created = eventTypeView.parse(await (await create(mia)).json());
    for (const headers of [max, owner]) {
      const listed = eventTypesResponse.parse(await (await list(headers)).json());
      expect(listed.eventTypes).toEqual([]);
      await expectApiError(
        await service.request('PATCH', `/api/me/event-types/${created.id}`, {
          headers,
          body: { name: 'Hijacked' },
        }),
        404,
        'not_found',
      );
      await expectApiError(
        await service.request('DELETE', `/api/me/event-types/${created.id}`, { headers }),
        404,
        'not_found',
      );
    }
    const other = await seedOtherOrg(service, { ifMissing: true });
    await expectApiError(
      await service.request('DELETE', `/api/me/event-types/${created.id}`, { headers: other }),
      404,
      'not_found',
    );
    const [row] = await service.deps.db.select().from(eventTypes);
    expect(row?.name).toBe('Intro call');
  });

  it('requires a session', async () => {
    await expectApiError(await list({}), 401, 'unauthenticated');
    await expectApiError(await create({}), 401, 'unauthenticated');
  });
});
