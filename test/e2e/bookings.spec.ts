import { expect, test } from './fixtures';
import { openSignedIn, signOutOf } from './pages';
import { api, connectOrgAsZara, resetOrgConnection, signInToService } from './service-api';

/**
 * Event types and the booking page in a real Chromium (PRODUCT.md §6): with the org connected
 * and Zoom the org's default location, Mia creates an event type in the options page, an
 * invitee books it on the service's booking page and gets a join link from the org's Zoom and a
 * mail with the .ics; cancelling deletes the meeting at the sandbox.
 */
test.describe.configure({ mode: 'serial' });

const sandbox = () => process.env.E2E_SANDBOX_URL ?? '';

interface CaughtMail {
  subject: string;
  text: string;
  attachments: { filename: string; contentType: string; content: string }[];
}

async function mailTo(to: string, subject: string): Promise<CaughtMail> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await fetch(
      `${process.env.E2E_MAIL_URL}/api/messages?to=${encodeURIComponent(to)}`,
    );
    const mail = ((await res.json()) as CaughtMail[]).find((m) => m.subject.startsWith(subject));
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`No mail "${subject}" to ${to} arrived`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function sandboxMeetingIds(): Promise<number[]> {
  const res = await fetch(`${sandbox()}/_sandbox/meetings`);
  return ((await res.json()) as { meetings: { id: number }[] }).meetings.map((m) => m.id);
}

test.beforeAll(async () => {
  await resetOrgConnection();
  const mia = await signInToService('mia@acme.test');
  await api('DELETE', '/api/me/zoom/personal', { token: mia });
  const existing = await api<{ eventTypes: { id: string }[] }>('GET', '/api/me/event-types', {
    token: mia,
  });
  for (const eventType of existing.body.eventTypes) {
    await api('DELETE', `/api/me/event-types/${eventType.id}`, { token: mia });
  }
  await connectOrgAsZara();
  const owner = await signInToService('olivia@acme.test');
  const set = await api('PATCH', '/api/org/zoom/settings', {
    token: owner,
    body: { zoomDefaultLocation: true },
  });
  expect(set.status).toBe(200);
});

// Later specs find the org as they expect it: no event types, no Zoom default location.
test.afterAll(async () => {
  const mia = await signInToService('mia@acme.test');
  const left = await api<{ eventTypes: { id: string }[] }>('GET', '/api/me/event-types', {
    token: mia,
  });
  for (const eventType of left.body.eventTypes) {
    await api('DELETE', `/api/me/event-types/${eventType.id}`, { token: mia });
  }
  const owner = await signInToService('olivia@acme.test');
  await api('PATCH', '/api/org/zoom/settings', {
    token: owner,
    body: { zoomDefaultLocation: false },
  });
});

test("an invitee books a member's Zoom event and gets a join link from the org's Zoom", async ({
  extensionContext: context,
  extensionId,
  snap,
}) => {
  const options = await openSignedIn(
    context,
    `chrome-extension://${extensionId}/options.html`,
    'mia@acme.test',
  );
  const section = options.getByRole('region', { name: 'Your event types' });
  await expect(section.getByText('No event types yet.')).toBeVisible();
  await section.getByRole('button', { name: 'New event type' }).click();
  const form = section.getByRole('form', { name: 'New event type' });
  // The org made Zoom the default location for new event types.
  await expect(form.getByLabel('Location')).toHaveValue('zoom');
  await form.getByLabel('Name').fill('Intro call');
  // Weekends too, and a second time on Mondays: several times a day.
  for (const day of ['Saturday', 'Sunday', 'Monday']) {
    await form.getByRole('button', { name: `Add a time on ${day}` }).click();
  }
  await expect(form.getByLabel('Monday from (time 2)')).toHaveValue('18:00');
  await form.getByLabel('Time zone').fill('UTC');
  await snap(options, 'bookings-01-new-event-type');
  await form.getByRole('button', { name: 'Create event type' }).click();

  const link = section.getByRole('link', { name: /\/book\/mia-member\/intro-call$/ });
  await expect(link).toBeVisible();
  await expect(section.getByText('Location needs attention.')).toHaveCount(0);
  await expect(
    section.getByRole('button', { name: 'Copy the booking link for Intro call' }),
  ).toBeVisible();
  await snap(options, 'bookings-02-event-types');
  const bookingUrl = (await link.getAttribute('href')) ?? '';
  await signOutOf(options);

  // The invitee: a plain web page on the service, no account.
  const page = await context.newPage();
  await page.goto(bookingUrl);
  await expect(page.getByRole('heading', { name: 'Intro call' })).toBeVisible();
  await expect(page.getByLabel('Your time zone')).toBeVisible();
  await snap(page, 'bookings-03-booking-page');
  // Later weeks, in the same time zone; and back.
  const zone = await page.getByLabel('Your time zone').inputValue();
  await page.getByRole('link', { name: 'Later' }).click();
  await expect(page.getByLabel('Your time zone')).toHaveValue(zone);
  await expect(page.getByRole('link', { name: 'Earlier' })).toBeVisible();
  await snap(page, 'bookings-03b-later-weeks');
  await page.getByRole('link', { name: 'Earlier' }).click();
  await expect(page.getByRole('link', { name: 'Earlier' })).toHaveCount(0);
  await page.getByRole('radio').first().check();
  await page.getByLabel('Your name').fill('Ivy Invitee');
  await page.getByLabel('Your email').fill('ivy@example.test');
  await page.getByRole('button', { name: 'Book' }).click();

  await expect(page.getByRole('heading', { name: "You're booked" })).toBeVisible();
  const join = page.getByRole('link', { name: 'Join Zoom meeting' });
  const joinUrl = (await join.getAttribute('href')) ?? '';
  expect(joinUrl.startsWith(`${sandbox()}/j/`)).toBe(true);
  await expect(page.getByText(/^Passcode:/)).toBeVisible();
  await snap(page, 'bookings-04-confirmed');
  const meetingId = Number(new URL(joinUrl).pathname.split('/').at(-1));
  expect(await sandboxMeetingIds()).toContain(meetingId);

  const mail = await mailTo('ivy@example.test', 'Confirmed: Intro call');
  expect(mail.text).toContain(joinUrl);
  const ics = mail.attachments.find((a) => a.filename === 'invite.ics');
  expect(ics?.contentType).toContain('text/calendar');
  expect(ics?.content).toContain('BEGIN:VEVENT');
  expect(ics?.content).toContain('METHOD:REQUEST');

  // The owner about to remove Mia sees the booking she hosts, and that Zoom cannot move it.
  const admin = await openSignedIn(
    context,
    `chrome-extension://${extensionId}/options.html`,
    'olivia@acme.test',
  );
  await admin.getByRole('button', { name: 'Remove Mia Member' }).click();
  const removal = admin.getByRole('dialog', { name: 'Remove Mia Member?' });
  await expect(
    removal.getByText('Mia Member hosts 1 upcoming booking, 1 with a Zoom meeting:'),
  ).toBeVisible();
  await expect(removal.getByText(/Zoom cannot move a meeting to another host/)).toBeVisible();
  await expect(removal.getByRole('button', { name: 'Remove' })).toBeDisabled();
  await removal.getByRole('radio', { name: /Cancel them with notice/ }).check();
  await snap(admin, 'bookings-04b-remove-member-with-bookings');
  await removal.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(removal).toHaveCount(0);
  await signOutOf(admin);

  await page.getByRole('button', { name: 'Cancel booking' }).click();
  await expect(page.getByRole('heading', { name: 'This booking is cancelled' })).toBeVisible();
  await snap(page, 'bookings-05-cancelled');
  expect(await sandboxMeetingIds()).not.toContain(meetingId);
  const cancelled = await mailTo('ivy@example.test', 'Cancelled: Intro call');
  expect(cancelled.attachments[0]?.content).toContain('METHOD:CANCEL');
  await page.close();
});
