import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { approveAsZoomAdmin, openSignedIn, signOutOf } from './pages';
import { connectOrgAsZara, resetOrgConnection } from './service-api';

/**
 * Alerts that reach the right person once, in a real Chromium with the real mail catcher: the
 * approving Zoom admin is demoted in the sandbox; one health check (the console's Check now)
 * finds it, and each org admin gets exactly one email and the toolbar badge; a member who relies
 * on the organization's Zoom sees it in the popup; a new approval sends each admin exactly one
 * "resolved" email. Arranges its own state and puts the sandbox back after.
 */
test.describe.configure({ mode: 'serial' });

const ADMINS = ['olivia@acme.test', 'adam@acme.test'];
const BROKE = 'Zoom for Acme Scheduling needs to be reconnected';
const RESOLVED = 'Resolved: Zoom for Acme Scheduling works again';

interface CaughtMail {
  id: string;
  to: string[];
  subject: string;
  text: string;
  receivedAt: string;
}

async function setZoomRole(email: string, role: string): Promise<void> {
  const res = await fetch(
    `${process.env.E2E_SANDBOX_URL}/_sandbox/users/${encodeURIComponent(email)}`,
    {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role }),
    },
  );
  if (!res.ok) throw new Error(`sandbox role ${email}: ${res.status}`);
}

/** The mails to `to` with this subject that arrived since `since` (other specs share the inbox). */
async function mailsSince(to: string, subject: string, since: string): Promise<CaughtMail[]> {
  const res = await fetch(`${process.env.E2E_MAIL_URL}/api/messages?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as CaughtMail[]).filter(
    (m) => m.subject === subject && m.receivedAt >= since,
  );
}

async function badgeText(context: BrowserContext): Promise<string> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  // Runs in the extension's service worker, where `chrome` is the extension API.
  return worker.evaluate(() =>
    (
      globalThis as unknown as {
        chrome: { action: { getBadgeText(d: object): Promise<string> } };
      }
    ).chrome.action.getBadgeText({}),
  );
}

function orgCard(page: Page) {
  return page.getByRole('region', { name: 'Zoom for your organization' });
}

test.beforeAll(async () => {
  await resetOrgConnection();
});
test.afterAll(async () => {
  await setZoomRole('zara@acme.test', 'Admin');
  await resetOrgConnection();
});

test('a demoted approver: one email to each org admin and the badge; a reconnect: one "resolved" email', async ({
  extensionContext: context,
  extensionId,
  snap,
}) => {
  const optionsUrl = `chrome-extension://${extensionId}/options.html`;
  await connectOrgAsZara();
  const since = new Date().toISOString();
  await setZoomRole('zara@acme.test', 'Member');

  // One health check: the owner's Check now.
  const options = await openSignedIn(context, optionsUrl, 'olivia@acme.test');
  await orgCard(options).getByRole('button', { name: 'Check now' }).click();
  await expect(
    orgCard(options).getByRole('heading', { name: 'Zoom needs to be reconnected' }),
  ).toBeVisible();

  // Each org admin gets the email, once, with what broke and where to fix it.
  for (const admin of ADMINS) {
    await expect.poll(async () => (await mailsSince(admin, BROKE, since)).length).toBe(1);
  }
  const [mail] = await mailsSince('olivia@acme.test', BROKE, since);
  expect(mail?.text).toContain('zara@acme.test is no longer a Zoom account Owner or Admin');
  expect(mail?.text).toContain('/console');

  // The toolbar badge tells the admin too.
  await expect.poll(() => badgeText(context)).toBe('!');

  // The console lists the alert, open.
  const alerts = options.getByRole('region', { name: 'Alerts' });
  await options.reload();
  await expect(alerts.getByText(`Open: ${BROKE}`)).toBeVisible();
  await expect(options.getByRole('region', { name: 'Email alerts' })).toBeVisible();
  await snap(options, 'alerts-01-console-open-alert');

  await signOutOf(options);

  const inbox = await context.newPage();
  await inbox.goto(`${process.env.E2E_MAIL_URL}/messages/${mail?.id}`);
  await expect(inbox.getByRole('heading', { name: BROKE })).toBeVisible();
  // The mail catcher stands in for the admin's mailbox: not our page.
  await snap(inbox, 'alerts-02-admin-email', { ours: false });
  await inbox.close();

  // A member on the organization's Zoom sees the notice in the popup, and who is fixing it.
  const popup = await openSignedIn(
    context,
    `chrome-extension://${extensionId}/popup.html`,
    'max@acme.test',
  );
  await popup.setViewportSize({ width: 380, height: 560 });
  const notice = popup.getByRole('status', { name: 'Alerts' });
  await expect(notice.getByText(BROKE)).toBeVisible();
  await expect(
    notice.getByText(/owners and admins have been told and are fixing it/),
  ).toBeVisible();
  await snap(popup, 'alerts-03-popup-member-notice');
  await signOutOf(popup);

  // A different Zoom admin reconnects: the owner, who is a Zoom Owner, approves herself.
  const admin = await openSignedIn(context, optionsUrl, 'olivia@acme.test');
  const card = orgCard(admin);
  await card.getByRole('button', { name: 'Reconnect Zoom for my organization' }).click();
  await expect(card.getByRole('textbox', { name: 'Approval link' })).toHaveValue(/\/approve\//);
  await approveAsZoomAdmin(context, card, 'olivia@acme.test');

  for (const who of ADMINS) {
    await expect.poll(async () => (await mailsSince(who, RESOLVED, since)).length).toBe(1);
  }
  const [resolved] = await mailsSince('adam@acme.test', RESOLVED, since);
  expect(resolved?.text).toContain('olivia@acme.test (Zoom Owner) approved the connection');
  // The outbox sends in order, so any second "broke" email would have arrived before this one.
  for (const who of ADMINS) expect(await mailsSince(who, BROKE, since)).toHaveLength(1);

  await admin.reload();
  await expect(card.getByText('Connected', { exact: true })).toBeVisible();
  await expect(
    admin.getByRole('region', { name: 'Alerts' }).getByText(`Resolved: ${BROKE}`).first(),
  ).toBeVisible();
  await card.getByRole('button', { name: 'Check now' }).click();
  await expect(card.getByText('Zoom connection checked just now — working.')).toBeVisible();
  await expect.poll(() => badgeText(context)).toBe('');
  await snap(admin, 'alerts-04-console-resolved');
  await signOutOf(admin);
});
