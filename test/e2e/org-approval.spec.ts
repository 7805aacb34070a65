import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { resetOrgConnection } from './service-api';

/**
 * The main story in a real Chromium: an org owner asks for Zoom, a Zoom admin approves through
 * the real chrome.identity window, and every member then has Zoom of Type "Organization".
 */
test.describe.configure({ mode: 'serial' });
test.beforeAll(resetOrgConnection);

async function signIn(page: Page, email: string) {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill('demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signInAtZoom(zoom: Page, email: string) {
  await zoom.waitForLoadState();
  await zoom.getByLabel('Email', { exact: true }).fill(email);
  await zoom.getByLabel('Password', { exact: true }).fill('zoom-password');
  await zoom.getByRole('button', { name: 'Sign In' }).click();
  await zoom.getByRole('button', { name: 'Allow' }).click();
}

test('an org owner connects Zoom for the organization and a Zoom admin approves it', async ({
  extensionContext: context,
  extensionId,
  snap,
}) => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await snap(options, '01-options-signed-out');
  await signIn(options, 'olivia@acme.test');

  await expect(options.getByRole('heading', { name: 'Integrations & apps' })).toBeVisible();
  await options.getByRole('button', { name: 'Connect Zoom for my organization' }).click();
  const linkField = options.getByRole('textbox', { name: 'Approval link' });
  await expect(linkField).toHaveValue(/\/approve\/[A-Za-z0-9_-]{43}$/);
  await expect(
    options.getByRole('button', { name: "I'm the Zoom admin — continue" }),
  ).toBeVisible();
  await expect(options.getByText(/Expires/)).toBeVisible();
  await snap(options, '02-options-link-pending');
  const link = await linkField.inputValue();

  // The Zoom admin opens the link: the service's page hands over to the installed extension.
  const approve = await context.newPage();
  await approve.goto(link);
  await approve.waitForURL(`chrome-extension://${extensionId}/approve.html#*`);
  await expect(
    approve.getByRole('heading', { name: /Acme Scheduling wants to connect Zoom/ }),
  ).toBeVisible();
  await snap(approve, '03-approve-page');

  const [zoom] = await Promise.all([
    context.waitForEvent('page'),
    approve.getByRole('button', { name: 'Sign in with Zoom' }).click(),
  ]);
  await expect(zoom).toHaveURL(/\/oauth\/authorize\?/);
  await snap(zoom, '04-zoom-sign-in', { ours: false });
  await signInAtZoom(zoom, 'zara@acme.test');

  await expect(approve.getByRole('heading', { name: 'Zoom is connected' })).toBeVisible();
  await expect(
    approve.getByText('Every member of Acme Scheduling can now use Zoom.'),
  ).toBeVisible();
  await snap(approve, '05-approve-connected');

  await options.reload();
  const orgCard = options.getByRole('region', { name: 'Zoom for your organization' });
  await expect(orgCard.getByText('zara@acme.test', { exact: true })).toBeVisible();
  await expect(options.getByText('Connected', { exact: true }).first()).toBeVisible();
  const table = options.getByRole('table', { name: 'Members' });
  for (const header of ['Name', 'Email', 'Role', 'Status', 'Type']) {
    await expect(table.getByRole('columnheader', { name: header })).toBeVisible();
  }
  const mia = table.getByRole('row').filter({ hasText: 'mia@acme.test' });
  await expect(mia.getByRole('cell', { name: 'Organization' })).toBeVisible();
  await expect(mia.getByRole('cell', { name: 'Connected', exact: true })).toBeVisible();
  await snap(options, '06-options-connected');

  await options.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(options.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await options.close();
  await approve.close();
});

test("a member's popup shows their organization Zoom", async ({
  extensionContext: context,
  extensionId,
  snap,
}) => {
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 380, height: 520 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await signIn(popup, 'mia@acme.test');
  const yourZoom = popup.getByRole('region', { name: 'Your Zoom' });
  await expect(yourZoom.getByText('Zoom — Organization')).toBeVisible();
  await expect(yourZoom.getByText('mia@acme.test')).toBeVisible();
  await expect(yourZoom.getByText('Connected', { exact: true })).toBeVisible();
  await snap(popup, '07-popup-member');

  // Reopening renders at once from the cached state, still showing the connection.
  await popup.reload();
  await expect(popup.getByText('Zoom — Organization')).toBeVisible();
  await popup.close();
});
