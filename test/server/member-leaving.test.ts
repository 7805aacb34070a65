import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memberBookingsResponse } from '../../lib/contracts/api';
import { eventTypeView } from '../../lib/contracts/event-types';
import { hashPassword } from '../../server/crypto/passwords';
import { accounts, auditLog, bookings, mailOutbox, memberships } from '../../server/db/schema';
import { markOrgBookingsForRepair } from '../../server/domain/booking-repair';
import { ALWAYS_OPEN, clearBookingState, queuedMail, sandboxMeetings } from './booking-fixture';
import {
  expectApiError,
  seedOtherOrg,
  startServiceWithZoom,
  type TestServiceWithZoom,
} from './harness';
import { connectOrgThroughZoom } from './zoom-browser';

let service: TestServiceWithZoom;
let owner: Record<string, string>;
let admin: Record<string, string>;
let mia: Record<string, string>;

beforeAll(async () => {
  service = await startServiceWithZoom();
  owner = await service.signIn('olivia@acme.test');
  admin = await service.signIn('adam@acme.test');
});
afterAll(() => service.close());
beforeEach(async () => {
  await clearBookingState(service);
  // Each test may remove Mia: she is back, as the demo org has her, before the next.
  await service.deps.db
    .insert(accounts)
    .values({
      id: 'acct_mia',
      email: 'mia@acme.test',
      name: 'Mia Member',
      passwordHash: await hashPassword('demo-password'),
    })
    .onConflictDoNothing();
  await service.deps.db
    .insert(memberships)
    .values({
      orgId: 'org_acme',
      accountId: 'acct_mia',
      role: 'user',
      memberName: 'Mia Member',
      memberEmail: 'mia@acme.test',
    })
    .onConflictDoNothing();
  mia = await service.signIn('mia@acme.test');
});

const invitees = [
  { name: 'Ivy Invitee', email: 'ivy@example.test', tz: 'Europe/Berlin' },
  { name: 'Jon Invitee', email: 'jon@example.test', tz: 'America/New_York' },
  { name: 'Kim Invitee', email: 'kim@example.test', tz: 'UTC' },
];

/** Mia's Zoom event type, booked by the invitees at her first free slots; their manage links. */
async function miaBooked(count: number): Promise<string[]> {
  const created = await service.request('POST', '/api/me/event-types', {
    headers: mia,
    body: {
      name: 'Intro call',
      durationMinutes: 30,
      location: { kind: 'zoom' },
      timezone: 'UTC',
      availability: ALWAYS_OPEN,
    },
  });
  expect(created.status).toBe(201);
  const path = new URL(eventTypeView.parse(await created.json()).bookingUrl).pathname;
  const html = await (await service.app.request(path)).text();
  const links: string[] = [];
  for (let i = 0; i < count; i++) {
    const start = html.match(new RegExp(`id="slot-${i + 1}" value="([^"]+)"`))?.[1] ?? '';
    const res = await service.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...invitees[i % invitees.length], start }).toString(),
    });
    expect(res.status).toBe(303);
    links.push((res.headers.get('location') ?? '').split('?')[0] ?? '');
  }
  return links;
}

const outbox = () => queuedMail(service);

const meetingsAtZoom = () => sandboxMeetings(service);

const removeMia = (choice?: string, headers = owner) =>
  service.request(
    'DELETE',
    `/api/org/members/acct_mia${choice === undefined ? '' : `?upcomingBookings=${choice}`}`,
    { headers },
  );

describe("a member's upcoming bookings, for the admin", () => {
  it('lists how many there are and the first few, soonest first, with their Zoom meetings', async () => {
    await connectOrgThroughZoom(service, owner);
    await miaBooked(3);
    // One cancelled by its invitee and one already over count for nothing.
    const [first] = await service.deps.db.select().from(bookings).orderBy(bookings.startsAt);
    await service.deps.db
      .update(bookings)
      .set({ status: 'cancelled' })
      .where(eq(bookings.id, first?.id ?? ''));

    const res = await service.request('GET', '/api/org/members/acct_mia/bookings?limit=1', {
      headers: admin,
    });
    expect(res.status).toBe(200);
    const listed = memberBookingsResponse.parse(await res.json());
    expect(listed.total).toBe(2);
    expect(listed.zoomMeetings).toBe(2);
    expect(listed.bookings).toHaveLength(1);
    expect(listed.bookings[0]).toMatchObject({
      eventName: 'Intro call',
      inviteeName: 'Jon Invitee',
      inviteeEmail: 'jon@example.test',
      hasZoomMeeting: true,
    });
  });

  it('is for the org’s owners and admins only; another org’s member is not found', async () => {
    await miaBooked(1);
    const asMember = await service.request('GET', '/api/org/members/acct_olivia/bookings', {
      headers: mia,
    });
    await expectApiError(asMember, 403, 'forbidden');
    const other = await seedOtherOrg(service, { ifMissing: true });
    const fromOtherOrg = await service.request('GET', '/api/org/members/acct_mia/bookings', {
      headers: other,
    });
    await expectApiError(fromOtherOrg, 404, 'not_found');
    const removeFromOtherOrg = await removeMia('cancel', other);
    await expectApiError(removeFromOtherOrg, 404, 'not_found');
    const nobody = await service.request('GET', '/api/org/members/acct_nobody/bookings', {
      headers: owner,
    });
    await expectApiError(nobody, 404, 'not_found');
    const badLimit = await service.request('GET', '/api/org/members/acct_mia/bookings?limit=0', {
      headers: owner,
    });
    await expectApiError(badLimit, 400, 'bad_request');
    // Nothing was cancelled by any of it.
    const rows = await service.deps.db.select().from(bookings);
    expect(rows.map((row) => row.status)).toEqual(['confirmed']);
  });
});

describe('removing a member who hosts upcoming bookings', () => {
  it('asks for a choice first and changes nothing without one', async () => {
    await connectOrgThroughZoom(service, owner);
    await miaBooked(2);
    await service.deps.db.delete(mailOutbox);
    const res = await removeMia();
    await expectApiError(res, 409, 'conflict');
    const bad = await removeMia('move');
    await expectApiError(bad, 400, 'bad_request');
    const rows = await service.deps.db.select().from(bookings);
    expect(rows.map((row) => row.status)).toEqual(['confirmed', 'confirmed']);
    expect(
      await service.deps.db.select().from(accounts).where(eq(accounts.id, 'acct_mia')),
    ).toHaveLength(1);
    expect(await meetingsAtZoom()).toHaveLength(2);
    expect(await outbox()).toEqual([]);
  });

  it('only an owner removes, whatever the choice', async () => {
    await miaBooked(1);
    await expectApiError(await removeMia('cancel', admin), 403, 'forbidden');
    const rows = await service.deps.db.select().from(bookings);
    expect(rows.map((row) => row.status)).toEqual(['confirmed']);
  });

  it('cancels them with notice: each invitee mailed a METHOD:CANCEL, the Zoom meetings deleted', async () => {
    await connectOrgThroughZoom(service, owner);
    const links = await miaBooked(2);
    expect(await meetingsAtZoom()).toHaveLength(2);
    await service.deps.db.delete(mailOutbox);

    expect((await removeMia('cancel')).status).toBe(204);

    expect(await meetingsAtZoom()).toEqual([]);
    const rows = await service.deps.db.select().from(bookings);
    expect(rows.map((row) => row.status)).toEqual(['cancelled', 'cancelled']);
    expect(rows.every((row) => row.hostAccountId === null && row.icsSequence === 1)).toBe(true);
    expect(rows.every((row) => row.formerHostEmail === 'mia@acme.test')).toBe(true);
    const mails = await outbox();
    // The invitees, not the member who left.
    expect(mails.map((m) => m.to).sort()).toEqual(['ivy@example.test', 'jon@example.test']);
    for (const mail of mails) {
      expect(mail.subject).toBe('Cancelled: Intro call with Mia Member');
      expect(mail.text).toContain('Mia Member is no longer with Acme Scheduling.');
      expect(mail.text).toContain('Its Zoom meeting is deleted.');
      const ics = mail.attachments?.[0]?.content ?? '';
      expect(ics).toContain('METHOD:CANCEL');
      expect(ics).toContain('SEQUENCE:1');
    }
    // The invitee's own link still opens, and says it is cancelled.
    const page = await service.app.request(links[0] ?? '');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('This booking is cancelled');
    const [audit] = await service.deps.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'member.removed'))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(audit?.detail).toMatchObject({
      member: 'mia@acme.test',
      upcomingBookings: '2 upcoming bookings cancelled with notice',
    });
  });

  it('still cancels with notice when Zoom cannot delete a meeting, and does not claim it did', async () => {
    await connectOrgThroughZoom(service, owner);
    await miaBooked(1);
    await service.deps.db.delete(mailOutbox);
    await service.zoomControl('POST', '/faults', { match: '/v2/meetings/', status: 503 });

    expect((await removeMia('cancel')).status).toBe(204);

    await service.zoomControl('POST', '/reset');
    const [row] = await service.deps.db.select().from(bookings);
    expect(row?.status).toBe('cancelled');
    expect(row?.meetingProblem).toMatch(/^The Zoom meeting could not be deleted: /);
    const [mail] = await outbox();
    expect(mail?.to).toBe('ivy@example.test');
    expect(mail?.text).toContain('Mia Member is no longer with Acme Scheduling.');
    expect(mail?.text).not.toContain('Its Zoom meeting is deleted.');
  });

  it('keeps them: the bookings and meetings stay, and the invitee can still cancel', async () => {
    await connectOrgThroughZoom(service, owner);
    const [link] = await miaBooked(1);
    await service.deps.db.delete(mailOutbox);

    expect((await removeMia('keep')).status).toBe(204);

    expect(await meetingsAtZoom()).toHaveLength(1);
    const [row] = await service.deps.db.select().from(bookings);
    expect(row).toMatchObject({
      status: 'confirmed',
      hostAccountId: null,
      formerHostName: 'Mia Member',
      formerHostEmail: 'mia@acme.test',
      meetingState: 'created',
    });
    expect(await outbox()).toEqual([]);
    // Repair has nobody to make a new meeting for: the org reconnecting leaves it alone.
    await markOrgBookingsForRepair(service.deps.db, 'org_acme', new Date());
    const [afterMark] = await service.deps.db.select().from(bookings);
    expect(afterMark?.repairNeeded).toBe(false);
    const page = await service.app.request(link ?? '');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Mia Member');

    // The invitee cancels through their link: the org's Zoom deletes the meeting; only they
    // are mailed, the host having left.
    const cancelled = await service.app.request(`${link}/cancel`, { method: 'POST' });
    expect(cancelled.status).toBe(200);
    expect(await meetingsAtZoom()).toEqual([]);
    expect((await outbox()).map((m) => m.to)).toEqual(['ivy@example.test']);
  });

  it('removes a member without bookings as before, with no choice needed', async () => {
    expect((await removeMia()).status).toBe(204);
  });
});
