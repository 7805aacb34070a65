import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import { findChromium, withExtensions } from './chromium';
import { expect, test } from './fixtures';
import { api, signInToService, waitForMail } from './service-api';
import { E2E_EXTENSION_DIR } from './stack';

/**
 * Safe accounts in a real Chromium, through the mail catcher: "Forgot password?" in the popup
 * of one browser mails a link once; choosing a new password through it signs out the session
 * the options page of another browser had, and only the new password signs in. Then "Sign out
 * everywhere" in the options page signs out a second browser too. Two browsers, as two of a
 * person's devices: each Chromium profile holds its own session. Arranges its own account.
 */
test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const email = `reset.${run}@acme.test`;
const firstPassword = 'first-password-1234';
const newPassword = 'second-password-5678';

let memberId = '';
let otherDevice: { context: BrowserContext; close: () => Promise<void> } | null = null;

test.beforeAll(async () => {
  const olivia = await signInToService('olivia@acme.test');
  const invited = await api<{ url: string }>('POST', '/api/org/invitations', {
    token: olivia,
    body: { email, role: 'user' },
  });
  expect(invited.status).toBe(201);
  const token = invited.body.url.split('/invite/')[1] ?? '';
  const joined = await api<{ account: { id: string } }>(
    'POST',
    `/api/invitations/${token}/accept`,
    { body: { name: 'Rita Reset', password: firstPassword } },
  );
  expect(joined.status).toBe(201);
  memberId = joined.body.account.id;
});

test.afterAll(async () => {
  await otherDevice?.close();
  const olivia = await signInToService('olivia@acme.test');
  if (memberId) await api('DELETE', `/api/org/members/${memberId}`, { token: olivia });
});

/** A second browser with the extension: another device of the same person. */
async function secondBrowser() {
  if (otherDevice) return otherDevice.context;
  const chromiumFound = await findChromium();
  if (!chromiumFound.found) throw new Error(chromiumFound.problem);
  const profile = mkdtempSync(join(tmpdir(), 'ozc-profile-b-'));
  const context = await chromium.launchPersistentContext(
    profile,
    withExtensions(chromiumFound.path, [resolve(E2E_EXTENSION_DIR)]),
  );
  otherDevice = {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return context;
}

async function extensionIdOf(context: BrowserContext): Promise<string> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return new URL(worker.url()).host;
}

async function signIn(page: Page, who: string, secret: string) {
  await page.getByLabel('Email', { exact: true }).fill(who);
  await page.getByLabel('Password', { exact: true }).fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a password reset through the mailed link signs the old session out; only the new password signs in', async ({
  extensionContext: context,
  extensionId,
  snap,
}) => {
  // Device A: the options page, signed in with the first password.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await signIn(options, email, firstPassword);
  const account = options.getByRole('region', { name: 'Account' });
  await expect(account.getByRole('button', { name: 'Change password' })).toBeVisible();
  await expect(account.getByRole('button', { name: 'Sign out everywhere' })).toBeVisible();
  await snap(options, 'accounts-01-options-account');

  // Device B: the popup, signed out, where the person forgot the password.
  const deviceB = await secondBrowser();
  const popup = await deviceB.newPage();
  await popup.setViewportSize({ width: 380, height: 560 });
  await popup.goto(`chrome-extension://${await extensionIdOf(deviceB)}/popup.html`);
  await popup.getByLabel('Email', { exact: true }).fill(email);
  await popup.getByRole('button', { name: 'Forgot password?' }).click();
  await expect(popup.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await expect(popup.getByLabel('Email', { exact: true })).toHaveValue(email);
  await popup.getByRole('button', { name: 'Email me a link' }).click();
  await expect(popup.getByRole('status')).toContainText(`If an account uses ${email}`);
  await snap(popup, 'accounts-02-popup-forgot-password');

  // The link arrives once (waitForMail fails on two); opening it only shows a form.
  const mail = await waitForMail(email, 'Reset your Org Zoom Connect password');
  const inbox = await deviceB.newPage();
  await inbox.goto(`${process.env.E2E_MAIL_URL}/messages/${mail.id}`);
  await snap(inbox, 'accounts-03-reset-mail', { ours: false });
  await inbox.getByRole('link', { name: /\/reset\// }).click();
  await expect(inbox.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await snap(inbox, 'accounts-04-reset-page');
  await inbox.getByLabel('New password').fill(newPassword);
  await inbox.getByRole('button', { name: 'Set new password' }).click();
  await expect(inbox.getByRole('heading', { name: 'Your password was changed' })).toBeVisible();
  await snap(inbox, 'accounts-05-password-changed');
  // A second use of the same link is refused.
  await inbox.goBack();
  await inbox.reload();
  await expect(
    inbox.getByRole('heading', { name: 'This password reset link cannot be used' }),
  ).toBeVisible();
  await inbox.close();
  await waitForMail(email, 'Your Org Zoom Connect password was changed');

  // Device A's session ended with the reset: the options page asks to sign in again.
  await options.reload();
  await expect(options.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await signIn(options, email, firstPassword);
  await expect(options.getByText('Incorrect email or password.')).toBeVisible();
  await options.getByLabel('Password', { exact: true }).fill(newPassword);
  await options.getByRole('button', { name: 'Sign in' }).click();
  await expect(options.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  await options.close();
});

test('"Sign out everywhere" signs out this browser and the other one', async ({
  extensionContext: context,
  extensionId,
  snap,
}) => {
  const deviceB = await secondBrowser();
  const popup = await deviceB.newPage();
  await popup.setViewportSize({ width: 380, height: 560 });
  await popup.goto(`chrome-extension://${await extensionIdOf(deviceB)}/popup.html`);
  const back = popup.getByRole('button', { name: 'Back to sign in' });
  if (await back.isVisible()) await back.click();
  await signIn(popup, email, newPassword);
  await expect(popup.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const account = options.getByRole('region', { name: 'Account' });
  await account.getByRole('button', { name: 'Sign out everywhere' }).click();
  const dialog = options.getByRole('dialog', { name: 'Sign out everywhere?' });
  await expect(dialog).toBeVisible();
  await snap(options, 'accounts-06-sign-out-everywhere');
  await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(options.getByRole('button', { name: 'Sign in' })).toBeVisible();

  // The other browser's session is over too: its next request to the service is refused, and
  // it signs out there (the popup reuses its last view for PAGE_DATA_STALE_MS, so the options
  // page, which asks the service on opening, is where it shows first).
  const otherOptions = await deviceB.newPage();
  await otherOptions.goto(`chrome-extension://${await extensionIdOf(deviceB)}/options.html`);
  await expect(otherOptions.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await snap(otherOptions, 'accounts-07-other-browser-signed-out');
  await popup.reload();
  await expect(popup.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await options.close();
});
