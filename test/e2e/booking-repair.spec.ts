import { expect, test } from './fixtures';
import { openSignedIn, signOutOf } from './pages';
import {
  api,
  connectOrgAs,
  connectOrgAsZara,
  resetOrgConnection,
  signInToService,
} from './service-api';
import { E2E_SERVICE_URL } from './stack';

/**
 * Repair (PRODUCT.md §6) in a real Chromium: Mia has two upcoming Zoom bookings whose meetings
 * live in the org's Zoom account. Disconnect shows them (and her Zoom event type) as its impact.
 * Acme moves to another Zoom account — its users are removed from the old one (Zoom deletes their
 * meetings) and created in the new one, which has its own admin — and the org reconnects with
 * that admin. Each booking then gets a new working join link from a meeting in the new account,
 * and each invitee exactly one update mail whose .ics keeps the UID with a higher SEQUENCE.
 */
test.describe.configure({ mode: 'serial' });

const sandbox = () => process.env.E2E_SANDBOX_URL ?? '';
const NEW_ACCOUNT = 'acme-new-zoom-account';
const invitees = ['iris@example.test', 'ivan@example.test'];

interface CaughtMail {
  subject: string;
  text: string;
  attachments: { filename: string; content: string }[];
}

async function mailsTo(to: string, subject: string): Promise<CaughtMail[]> {
  const res = await fetch(`${process.env.E2E_MAIL_URL}/api/messages?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as CaughtMail[]).filter((m) => m.subject.startsWith(subject));
}

async function firstMail(to: string, subject: string): Promise<CaughtMail> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [mail] = await mailsTo(to, subject);
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`No mail "${subject}" to ${to} arrived`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

interface SandboxMeeting {
  id: number;
  hostEmail: string | null;
  accountId: string;
}

async function sandboxMeetings(): Promise<SandboxMeeting[]> {
  const res = await fetch(`${sandbox()}/_sandbox/meetings`);
  return ((await res.json()) as { meetings: SandboxMeeting[] }).meetings;
}

async function sandboxControl(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sandbox()}/_sandbox${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
}

const icsField = (mail: CaughtMail, field: string) =>
  mail.attachments
    .find((a) => a.filename === 'invite.ics')
    ?.content.match(new RegExp(`^${field}:(.+)$`, 'm'))?.[1]
    ?.trim();

const manageLinks: string[] = [];

async function clearMiasEventTypes() {
  const mia = await signInToService('mia@acme.test');
  const left = await api<{ eventTypes: { id: string }[] }>('GET', '/api/me/event-types', {
    token: mia,
  });
  for (const eventType of left.body.eventTypes) {
    await api('DELETE', `/api/me/event-types/${eventType.id}`, { token: mia });
  }
}

test.beforeAll(async () => {
  await resetOrgConnection();
  const mia = await signInToService('mia@acme.test');
  await api('DELETE', '/api/me/zoom/personal', { token: mia });
  await clearMiasEventTypes();
  await connectOrgAsZara();
  const created = await api<{ bookingUrl: string }>('POST', '/api/me/event-types', {
    token: mia,
    body: {
      name: 'Repair call',
      durationMinutes: 30,
      timezone: 'UTC',
      availability: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '00:00', end: '24:00' })),
      location: { kind: 'zoom' },
    },
  });
  expect(created.status).toBe(201);
  const path = new URL(created.body.bookingUrl).pathname;
  const html = await (await fetch(`${E2E_SERVICE_URL}${path}`)).text();
  const starts = [...html.matchAll(/name="start" id="slot-\d+" value="([^"]+)"/g)].map(
    (m) => m[1] ?? '',
  );
  for (const [i, email] of invitees.entries()) {
    const booked = await fetch(`${E2E_SERVICE_URL}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        start: starts[i * 3] ?? '',
        name: email.split('@')[0] ?? 'Invitee',
        email,
        tz: 'UTC',
      }).toString(),
    });
    expect(booked.status).toBe(303);
    const location = booked.headers.get('location') ?? '';
    manageLinks.push(new URL(location, E2E_SERVICE_URL).toString().replace(/\?.*$/, ''));
  }
});

// Later specs find the org and the sandbox as they expect them.
test.afterAll(async () => {
  for (const link of manageLinks)
    await fetch(`${link}/cancel`, { method: 'POST', redirect: 'manual' });
  await clearMiasEventTypes();
  await resetOrgConnection();
});

test('disconnect shows the bookings affected; a reconnect with another Zoom account gives them new links and one update each', async ({
  extensionContext: context,
  extensionId,
  snap,
}) => {
  const oldMeetings = await sandboxMeetings();
  expect(oldMeetings.map((m) => m.hostEmail)).toEqual(['mia@acme.test', 'mia@acme.test']);
  const confirmed = await Promise.all(
    invitees.map((to) => firstMail(to, 'Confirmed: Repair call')),
  );
  const uids = confirmed.map((mail) => icsField(mail, 'UID'));
  expect(confirmed.map((mail) => icsField(mail, 'SEQUENCE'))).toEqual(['0', '0']);

  // Disconnect: the dialog names what it breaks, the bookings among it.
  const options = await openSignedIn(
    context,
    `chrome-extension://${extensionId}/options.html`,
    'olivia@acme.test',
  );
  await options
    .getByRole('region', { name: 'Danger zone' })
    .getByRole('button', { name: 'Disconnect', exact: true })
    .click();
  const dialog = options.getByRole('dialog', { name: 'Disconnect Zoom for your organization?' });
  await expect(
    dialog.getByText('1 event type with a Zoom location will need attention:'),
  ).toBeVisible();
  await expect(
    dialog.getByText(
      "2 upcoming bookings have their Zoom meeting in the organization's Zoom account.",
    ),
  ).toBeVisible();
  await snap(options, 'repair-01-disconnect-impact');
  await dialog.getByRole('button', { name: 'Disconnect Zoom' }).click();
  const card = options.getByRole('region', { name: 'Zoom for your organization' });
  await expect(card.getByText('Zoom for your organization is disconnected.')).toBeVisible();

  // Acme moves to a new Zoom account with its own admin; Mia's Zoom user moves with it (removed
  // from the old account, which deletes her meetings there, as Zoom does).
  await sandboxControl('POST', '/accounts', { id: NEW_ACCOUNT, name: 'Acme Inc. (new)' });
  await sandboxControl('POST', '/users', {
    accountId: NEW_ACCOUNT,
    email: 'nora@acme.test',
    firstName: 'Nora',
    lastName: 'Newadmin',
    role: 'Owner',
  });
  await sandboxControl('DELETE', '/users/mia@acme.test');
  await sandboxControl('POST', '/users', {
    accountId: NEW_ACCOUNT,
    email: 'mia@acme.test',
    firstName: 'Mia',
    lastName: 'Member',
    role: 'Member',
  });
  expect(await sandboxMeetings()).toEqual([]);
  await connectOrgAs('nora@acme.test');

  // The repair (every 2 s on each process) moves both; then the console's activity says so.
  await expect
    .poll(async () => (await sandboxMeetings()).map((m) => [m.hostEmail, m.accountId]), {
      timeout: 30_000,
    })
    .toEqual([
      ['mia@acme.test', NEW_ACCOUNT],
      ['mia@acme.test', NEW_ACCOUNT],
    ]);
  const newMeetings = await sandboxMeetings();
  await options.reload();
  await expect(card.getByText('nora@acme.test', { exact: false }).first()).toBeVisible();
  await expect(
    options.getByRole('region', { name: 'Activity' }).getByText('2 upcoming meetings moved'),
  ).toBeVisible();
  await snap(options, 'repair-02-reconnected-moved');
  await signOutOf(options);

  const oldIds = oldMeetings.map((m) => m.id);
  expect(newMeetings.some((m) => oldIds.includes(m.id))).toBe(false);

  // Each invitee: the booking page shows the new working link; one update mail, same UID.
  const page = await context.newPage();
  for (const [i, to] of invitees.entries()) {
    await page.goto(manageLinks[i] ?? '');
    const join = page.getByRole('link', { name: 'Join Zoom meeting' });
    const joinUrl = (await join.getAttribute('href')) ?? '';
    const meetingId = Number(new URL(joinUrl).pathname.split('/').at(-1));
    expect(newMeetings.map((m) => m.id)).toContain(meetingId);
    expect((await fetch(joinUrl)).status).toBe(200);
    if (i === 0) await snap(page, 'repair-03-booking-new-link');

    const update = await firstMail(to, 'Updated Zoom details: Repair call');
    expect(update.text).toContain(joinUrl);
    expect(icsField(update, 'UID')).toBe(uids[i]);
    expect(icsField(update, 'SEQUENCE')).toBe('1');
  }
  await page.close();
  // Exactly one each, also after a few more repair ticks of every process.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  for (const to of invitees) {
    expect(await mailsTo(to, 'Updated Zoom details')).toHaveLength(1);
  }
});
