import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  api,
  connectOrgAsZara,
  resetOrgConnection,
  signInToService,
  waitForMail,
} from './service-api';

/**
 * Sign-up in a real Chromium: an owner invites a person from the options page, the invitation
 * arrives in the mail catcher, they create their account through it, verify their email with the
 * link mailed to them, sign in to the popup and have Zoom of Type Organization (the org connection
 * is active); the owner's member table shows them. The same invitation accepted by whoever holds
 * the link, without the mailbox, gives an account that cannot create org meetings. Arranges its
 * own state.
 */
test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const email = `newbie.${run}@acme.test`;
const unverifiedEmail = `nomailbox.${run}@acme.test`;
const password = 'a-long-new-password';

async function removeNewMembers(): Promise<void> {
  const olivia = await signInToService('olivia@acme.test');
  for (const who of [email, unverifiedEmail]) {
    const found = await api<{ members: { id: string; email: string }[] }>(
      'GET',
      `/api/org/members?q=${encodeURIComponent(who)}`,
      { token: olivia },
    );
    for (const m of found.body.members.filter((m) => m.email === who)) {
      await api('DELETE', `/api/org/members/${m.id}`, { token: olivia });
    }
  }
}

test.beforeAll(async () => {
  await resetOrgConnection();
  await connectOrgAsZara();
});
test.afterAll(async () => {
  await removeNewMembers();
  await resetOrgConnection();
});

/** Signs whoever is signed in out first: popup and options share the extension's session. */
async function signInAs(page: Page, who: string, secret = 'demo-password') {
  const signOut = page.getByRole('button', { name: 'Sign out', exact: true });
  const signIn = page.getByRole('button', { name: 'Sign in' });
  await expect(signOut.or(signIn)).toBeVisible();
  if (await signOut.isVisible()) await signOut.click();
  await page.getByLabel('Email', { exact: true }).fill(who);
  await page.getByLabel('Password', { exact: true }).fill(secret);
  await signIn.click();
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
}

test('an invited person joins through the mailed invitation, verifies, and has Type Organization', async ({
  extensionContext: context,
  extensionId,
  snap,
}) => {
  const optionsUrl = `chrome-extension://${extensionId}/options.html`;
  const options = await context.newPage();
  await options.goto(optionsUrl);
  await signInAs(options, 'olivia@acme.test');

  const invite = options.getByRole('region', { name: 'Invite people' });
  await invite.getByRole('button', { name: 'Invite someone' }).click();
  await invite.getByLabel('Email', { exact: true }).fill(email);
  await invite.getByLabel('Role').selectOption({ label: 'Member' });
  await invite.getByRole('button', { name: 'Create invitation link' }).click();
  const linkField = invite.getByLabel('Invitation link');
  await expect(linkField).toHaveValue(/\/invite\/[A-Za-z0-9_-]{43}$/);
  await expect(invite.getByRole('button', { name: 'Copy', exact: true })).toBeVisible();
  await expect(invite.getByRole('list', { name: 'Pending invitations' })).toContainText(email);
  await snap(options, 'sign-up-01-invitation-sent');
  const link = await linkField.inputValue();
  // After a reload the pending invitation's link can still be copied.
  await options.reload();
  await expect(invite.getByRole('button', { name: `Copy link for ${email}` })).toBeVisible();

  // The invitation arrives in the mail catcher, once, with the link the admin was shown.
  const invitation = await waitForMail(email, 'Olivia Owner invited you to Acme Scheduling');
  const signUp = await context.newPage();
  await signUp.goto(`${process.env.E2E_MAIL_URL}/messages/${invitation.id}`);
  await expect(
    signUp.getByRole('heading', { name: 'Olivia Owner invited you to Acme Scheduling' }),
  ).toBeVisible();
  // The mail catcher stands in for the invitee's mailbox, as the Zoom sandbox stands in for Zoom:
  // not our page (and axe cannot enter its sandboxed iframe of the mail's HTML).
  await snap(signUp, 'sign-up-02-invitation-mail', { ours: false });
  // The invited person follows the mailed link: a plain page on the service, no extension needed.
  await signUp.getByRole('link', { name: link }).click();
  await expect(signUp).toHaveURL(link);
  await expect(signUp.getByRole('heading', { name: 'Join Acme Scheduling' })).toBeVisible();
  await expect(signUp.getByLabel('Email', { exact: true })).toHaveValue(email);
  await signUp.getByLabel('Name').fill('Nora Newbie');
  await signUp.getByLabel('Password', { exact: true }).fill(password);
  await snap(signUp, 'sign-up-02b-invite-page');
  await signUp.getByRole('button', { name: 'Create account' }).click();
  await expect(signUp.getByRole('heading', { name: "You're in Acme Scheduling" })).toBeVisible();
  await expect(signUp.getByText(`sign in as ${email}`)).toBeVisible();
  await expect(signUp.getByText(/open it to verify your email/)).toBeVisible();
  await snap(signUp, 'sign-up-03-joined');

  // The verification link arrives at their address; opening it and confirming verifies them.
  const verification = await waitForMail(email, 'Verify your email');
  await signUp.goto(`${process.env.E2E_MAIL_URL}/messages/${verification.id}`);
  await signUp.getByRole('link', { name: /\/verify\// }).click();
  await signUp.getByRole('button', { name: 'Verify my email' }).click();
  await expect(signUp.getByRole('heading', { name: 'Your email is verified' })).toBeVisible();
  await snap(signUp, 'sign-up-03b-verified');
  await signUp.close();

  // They sign in to the popup: Zoom works already, through the organization.
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 380, height: 560 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await signInAs(popup, email, password);
  const yourZoom = popup.getByRole('region', { name: 'Your Zoom' });
  await expect(yourZoom.getByText('Zoom — Organization')).toBeVisible();
  await expect(yourZoom.getByText('Connected', { exact: true })).toBeVisible();
  await snap(popup, 'sign-up-04-popup-organization');
  await popup.getByRole('button', { name: 'Sign out', exact: true }).click();
  await popup.close();

  // The owner's table lists them with Type Organization; search and filters narrow it.
  await options.reload();
  await signInAs(options, 'olivia@acme.test');
  const table = options.getByRole('table', { name: 'Members' });
  for (const header of ['Name', 'Email', 'Role', 'Status', 'Type']) {
    await expect(table.getByRole('columnheader', { name: header })).toBeVisible();
  }
  await options.getByLabel('Search members').fill('newbie');
  await options.getByRole('combobox', { name: /^Type/ }).selectOption('organization');
  await options.getByLabel('Status').selectOption('connected');
  const row = table.getByRole('row').filter({ hasText: email });
  await expect(row.getByRole('cell', { name: 'Nora Newbie', exact: true })).toBeVisible();
  await expect(row.getByRole('cell', { name: 'Organization', exact: true })).toBeVisible();
  await expect(row.getByRole('cell', { name: 'Connected', exact: true })).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(options.getByLabel('Member counts')).toContainText(
    'Connected through the organization',
  );
  await table.getByRole('button', { name: 'Status' }).click();
  await expect(table.getByRole('columnheader', { name: 'Status' })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  await snap(options, 'sign-up-05-member-table-filtered');
  // At 1280 px wide the table, with the owner's actions, needs no horizontal scroll.
  expect(options.viewportSize()?.width).toBe(1280);
  const scrollBox = options.locator('.member-scroll');
  expect(await scrollBox.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);

  // Export CSV downloads the current filter.
  const [download] = await Promise.all([
    options.waitForEvent('download'),
    options.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('members.csv');

  // A search that finds nobody offers Clear filters, which brings everyone back.
  await options.getByLabel('Search members').fill('nobody-by-this-name');
  await expect(options.getByText('No members match this search and filters.')).toBeVisible();
  await snap(options, 'sign-up-06-member-table-empty');
  await options.getByRole('button', { name: 'Clear filters' }).click();
  await expect(table.getByRole('row').filter({ hasText: email })).toBeVisible();

  // Remove asks first, in a dialog; then focus lands on the result.
  await table.getByRole('button', { name: 'Remove Nora Newbie' }).click();
  const dialog = options.getByRole('dialog', { name: 'Remove Nora Newbie?' });
  await expect(dialog).toBeVisible();
  await snap(options, 'sign-up-07-remove-dialog');
  await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
  const removed = options.getByText('Nora Newbie was removed from the organization.');
  await expect(removed).toBeFocused();
  await expect(table.getByRole('row').filter({ hasText: email })).toHaveCount(0);
  await snap(options, 'sign-up-08-member-removed');
  await options.getByRole('button', { name: 'Sign out', exact: true }).click();
  await options.close();
});

test('the same invitation accepted without the mailbox gives an account that cannot create org meetings', async ({
  extensionContext: context,
  extensionId,
  snap,
}) => {
  // Whoever holds the link the admin copied can join: nothing proves they own the address.
  const olivia = await signInToService('olivia@acme.test');
  const invited = await api<{ url: string }>('POST', '/api/org/invitations', {
    token: olivia,
    body: { email: unverifiedEmail, role: 'user' },
  });
  expect(invited.status).toBe(201);
  const signUp = await context.newPage();
  await signUp.goto(invited.body.url);
  await signUp.getByLabel('Name').fill('Nobody Mailbox');
  await signUp.getByLabel('Password', { exact: true }).fill(password);
  await signUp.getByRole('button', { name: 'Create account' }).click();
  await expect(signUp.getByRole('heading', { name: "You're in Acme Scheduling" })).toBeVisible();
  await signUp.close();

  // The popup says why there is no Zoom, and offers no org meeting.
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 380, height: 560 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await signInAs(popup, unverifiedEmail, password);
  const yourZoom = popup.getByRole('region', { name: 'Your Zoom' });
  await expect(yourZoom.getByText('Not connected', { exact: true })).toBeVisible();
  await expect(
    yourZoom.getByText("Verify your email to use your organization's Zoom."),
  ).toBeVisible();
  await expect(popup.getByRole('button', { name: 'New Zoom meeting' })).toHaveCount(0);
  await snap(popup, 'sign-up-06-popup-unverified');
  await popup.getByRole('button', { name: 'Sign out', exact: true }).click();
  await popup.close();

  // And the service refuses an org meeting for this account outright.
  const session = await api<{ token: string }>('POST', '/api/auth/sign-in', {
    body: { email: unverifiedEmail, password },
  });
  const meeting = await api<{ error: { code: string } }>('POST', '/api/me/meetings', {
    token: session.body.token,
    body: { topic: 'As someone else', startTime: '2026-12-01T15:30:00Z', durationMinutes: 30 },
  });
  expect(meeting.status).toBe(403);
  expect(meeting.body.error.code).toBe('email_not_verified');
});
