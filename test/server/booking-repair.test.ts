import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventTypeView } from '../../lib/contracts/event-types';
import { auditLog, bookings, mailOutbox } from '../../server/db/schema';
import { markOrgBookingsForRepair, repairDueBookings } from '../../server/domain/booking-repair';
import { withAccessToken } from '../../server/domain/token-refresh';
import { ALWAYS_OPEN, clearBookingState, queuedMail, sandboxMeetings } from './booking-fixture';
import { startServiceWithZoom, type TestServiceWithZoom } from './harness';
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

/** Books `count` consecutive free slots of a new Zoom event type of Mia's. */
async function bookZoomSlots(count: number) {
  const res = await service.request('POST', '/api/me/event-types', {
    headers: mia,
    body: {
      name: 'Intro call',
      durationMinutes: 15,
      timezone: 'UTC',
      availability: ALWAYS_OPEN,
      location: { kind: 'zoom' },
    },
  });
  const path = new URL(eventTypeView.parse(await res.json()).bookingUrl).pathname;
  const html = await (await service.app.request(path)).text();
  const starts = [...html.matchAll(/name="start" id="slot-\d+" value="([^"]+)"/g)].map(
    (m) => m[1] ?? '',
  );
  for (const start of starts.slice(0, count)) {
    const booked = await service.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        start,
        name: 'Ivy',
        email: 'ivy@example.test',
        tz: 'UTC',
      }).toString(),
    });
    expect(booked.status).toBe(303);
  }
}

const meetingsAtZoom = () => sandboxMeetings(service);

const outbox = () => queuedMail(service);

async function repairAll() {
  for (let i = 0; i < 20; i++) {
    const tick = await repairDueBookings(service.deps);
    if (tick.claimed === 0) return;
  }
}

describe('repairing upcoming meetings', () => {
  it('gives bookings taken without Zoom their meeting once the org connects, and mails the details', async () => {
    await bookZoomSlots(2);
    expect((await service.deps.db.select().from(bookings)).map((b) => b.meetingState)).toEqual([
      'failed',
      'failed',
    ]);
    await service.deps.db.delete(mailOutbox);
    await connectOrgThroughZoom(service, owner);
    await repairAll();
    const rows = await service.deps.db.select().from(bookings);
    expect(rows.map((b) => [b.meetingState, b.zoomVia, b.icsSequence, b.repairNeeded])).toEqual([
      ['created', 'organization', 1, false],
      ['created', 'organization', 1, false],
    ]);
    expect(await meetingsAtZoom()).toHaveLength(2);
    const toIvy = (await outbox()).filter((m) => m.to === 'ivy@example.test');
    expect(toIvy).toHaveLength(2);
    expect(toIvy[0]?.subject).toMatch(/^Updated Zoom details/);
    expect(toIvy[0]?.attachments?.[0]?.content).toContain('SEQUENCE:1');
    const audit = await service.deps.db.select().from(auditLog);
    expect(audit.find((a) => a.action === 'bookings.meetings_moved')?.detail).toMatchObject({
      count: 2,
      message: '2 upcoming meetings moved',
    });
  });

  it('moves meetings to the host’s personal Zoom, deletes the old ones, keeps the UID', async () => {
    await connectOrgThroughZoom(service, owner);
    await bookZoomSlots(1);
    const before = await meetingsAtZoom();
    expect(before.map((m) => m.hostEmail)).toEqual(['mia@acme.test']);
    const [first] = await outbox();
    const uid = first?.attachments?.[0]?.content.match(/UID:(.+)/)?.[1]?.trim();
    await service.deps.db.delete(mailOutbox);

    await connectPersonal(service, mia, 'mia.personal@example.test');
    await repairAll();
    const after = await meetingsAtZoom();
    expect(after.map((m) => m.hostEmail)).toEqual(['mia.personal@example.test']);
    const [row] = await service.deps.db.select().from(bookings);
    expect(row).toMatchObject({ zoomVia: 'personal', zoomAccountId: 'mia-personal-account' });
    const update = (await outbox()).find((m) => m.to === 'ivy@example.test');
    expect(update?.attachments?.[0]?.content).toContain(`UID:${uid}`);
    expect(update?.text).toContain(`/j/${after[0]?.id}`);
  });

  it('leaves a meeting that already lives in the host’s current Zoom alone', async () => {
    await connectOrgThroughZoom(service, owner);
    await bookZoomSlots(1);
    await service.deps.db.delete(mailOutbox);
    // Marked as a reconnect to the same Zoom account marks them: nothing needs to move.
    await markOrgBookingsForRepair(service.deps.db, 'org_acme', new Date());
    await repairAll();
    expect(await meetingsAtZoom()).toHaveLength(1);
    expect(await outbox()).toEqual([]);
    const [row] = await service.deps.db.select().from(bookings);
    expect(row).toMatchObject({ icsSequence: 0, repairNeeded: false });
  });

  it('repairs each booking exactly once when several processes tick at once', async () => {
    await bookZoomSlots(6);
    await connectOrgThroughZoom(service, owner);
    const second = { ...service.deps };
    await Promise.all([
      repairDueBookings(service.deps),
      repairDueBookings(second),
      repairDueBookings(service.deps),
    ]);
    await repairAll();
    expect(await meetingsAtZoom()).toHaveLength(6);
    const rows = await service.deps.db.select().from(bookings);
    expect(rows.every((b) => b.meetingState === 'created' && b.icsSequence === 1)).toBe(true);
  });

  it('puts a booking off when Zoom’s daily limit refuses, and resumes later', async () => {
    await bookZoomSlots(1);
    await connectOrgThroughZoom(service, owner);
    await service.zoomControl('POST', '/faults', {
      match: '/v2/users/mia@acme.test/meetings',
      status: 429,
      rateLimit: 'daily',
    });
    const tick = await repairDueBookings(service.deps);
    expect(tick).toMatchObject({ claimed: 1, deferred: 1 });
    const [row] = await service.deps.db.select().from(bookings);
    expect(row?.repairNeeded).toBe(true);
    expect(row?.repairAfter?.getTime()).toBeGreaterThan(Date.now());
    // Not due again before Zoom's reset.
    expect((await repairDueBookings(service.deps)).claimed).toBe(0);
  });

  it('moves a host’s meetings off personal Zoom to the org’s when they disconnect it', async () => {
    await connectOrgThroughZoom(service, owner);
    await connectPersonal(service, mia, 'mia.personal@example.test');
    await bookZoomSlots(2);
    expect((await meetingsAtZoom()).map((m) => m.hostEmail)).toEqual([
      'mia.personal@example.test',
      'mia.personal@example.test',
    ]);
    await service.deps.db.delete(mailOutbox);

    const res = await service.request('DELETE', '/api/me/zoom/personal', { headers: mia });
    expect(res.status).toBe(204);
    const marked = await service.deps.db.select().from(bookings);
    expect(marked.map((b) => b.repairNeeded)).toEqual([true, true]);
    await repairAll();
    const rows = await service.deps.db.select().from(bookings);
    expect(rows.map((b) => [b.meetingState, b.zoomVia, b.zoomAccountId, b.icsSequence])).toEqual([
      ['created', 'organization', 'acme-zoom-account', 1],
      ['created', 'organization', 'acme-zoom-account', 1],
    ]);
    const mine = (await meetingsAtZoom()).filter((m) => m.hostEmail === 'mia@acme.test');
    expect(mine).toHaveLength(2);
    const toIvy = (await outbox()).filter((m) => m.to === 'ivy@example.test');
    expect(toIvy).toHaveLength(2);
    // The personal grant is revoked: its meetings cannot be deleted by us, and the mail says so.
    expect(toIvy[0]?.text).toContain('instead of the old link');
    expect(toIvy[0]?.attachments?.[0]?.content).toContain('SEQUENCE:1');
  });

  it('says the details will follow, and tells host and admins, when no Zoom is left after a personal disconnect', async () => {
    await connectPersonal(service, mia, 'mia.personal@example.test');
    await bookZoomSlots(1);
    const [before] = await service.deps.db.select().from(bookings);
    expect(before).toMatchObject({ meetingState: 'created', zoomVia: 'personal' });
    await service.deps.db.delete(mailOutbox);

    expect(
      (await service.request('DELETE', '/api/me/zoom/personal', { headers: mia })).status,
    ).toBe(204);
    const tick = await repairDueBookings(service.deps);
    expect(tick).toMatchObject({ claimed: 1, failed: 1 });
    const [row] = await service.deps.db.select().from(bookings);
    expect(row).toMatchObject({
      meetingState: 'failed',
      zoomJoinSealed: null,
      icsSequence: 1,
      repairNeeded: false,
    });
    const mails = await outbox();
    const toIvy = mails.filter((m) => m.to === 'ivy@example.test');
    expect(toIvy).toHaveLength(1);
    expect(toIvy[0]?.text).toContain('the new Zoom details will follow by email');
    expect(toIvy[0]?.attachments?.[0]?.content).toContain('SEQUENCE:1');
    const missing = mails.filter((m) => m.subject.startsWith('Zoom details missing'));
    expect(missing.map((m) => m.to).sort()).toEqual([
      'adam@acme.test',
      'mia@acme.test',
      'olivia@acme.test',
    ]);
    // Nothing more to do until Zoom comes back: the next ticks leave it alone.
    expect((await repairDueBookings(service.deps)).claimed).toBe(0);
  });

  it('adopts the meeting a repair made before its process died, instead of making another', async () => {
    await bookZoomSlots(1);
    await connectOrgThroughZoom(service, owner);
    // A process claimed it, asked Zoom for the meeting, and was killed before recording it.
    const [booking] = await service.deps.db.select().from(bookings);
    await service.deps.db.update(bookings).set({
      repairLeaseId: 'dead-process',
      repairAttempt: 'dead-process',
      repairLeaseUntil: new Date(Date.now() - 1000),
    });
    await withAccessToken(service.deps, { kind: 'org', orgId: 'org_acme' }, (token) =>
      service.deps.zoom.createMeeting(token, 'mia@acme.test', {
        topic: 'Intro call with Ivy',
        start_time: booking?.startsAt.toISOString().replace(/\.\d{3}Z$/, 'Z') ?? '',
        duration: 15,
        agenda: `Org Zoom Connect booking ${booking?.id}`,
      }),
    );
    const creates = () => service.zoom.store.createLog.length;
    expect(creates()).toBe(1);
    // Its lease ran out; another process takes the booking over.
    await repairAll();
    expect(creates()).toBe(1);
    const [row] = await service.deps.db.select().from(bookings);
    const [meeting] = await meetingsAtZoom();
    expect(row).toMatchObject({
      meetingState: 'created',
      zoomMeetingId: meeting?.id,
      repairNeeded: false,
      repairAttempt: null,
      icsSequence: 1,
    });
    const toIvy = (await outbox()).filter((m) => m.subject.startsWith('Updated Zoom details'));
    expect(toIvy.filter((m) => m.to === 'ivy@example.test')).toHaveLength(1);
  });
});

describe('repair progress in the console', () => {
  const progress = (headers: Record<string, string>) =>
    service.request('GET', '/api/org/bookings/repair-progress', { headers });

  it('counts what waits for Zoom, what is being moved and what Zoom put off, for org admins only', async () => {
    await bookZoomSlots(3);
    let res = await progress(owner);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      pending: 0,
      deferred: 0,
      resumesAt: null,
      waitingForZoom: 3,
    });
    await connectOrgThroughZoom(service, owner);
    res = await progress(owner);
    expect(await res.json()).toMatchObject({ pending: 3, deferred: 0, waitingForZoom: 0 });

    await service.zoomControl('POST', '/faults', {
      match: '/v2/users/mia@acme.test/meetings',
      status: 429,
      rateLimit: 'daily',
    });
    await repairDueBookings(service.deps);
    const deferred = (await (await progress(owner)).json()) as Record<string, unknown>;
    // What Zoom refused waits, put off until its reset; the rest got its meeting.
    expect(deferred.pending).toBeGreaterThanOrEqual(1);
    expect(deferred.deferred).toBe(deferred.pending);
    expect(new Date(String(deferred.resumesAt)).getTime()).toBeGreaterThan(Date.now());

    expect((await progress(mia)).status).toBe(403);
    expect((await service.request('GET', '/api/org/bookings/repair-progress')).status).toBe(401);
  });
});
