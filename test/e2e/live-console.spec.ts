import { chromium } from '@playwright/test';
import { findChromium } from './chromium';
import { expect, test } from './fixtures';
import { openSignedIn, signOutOf } from './pages';
import { resetOrgConnection } from './service-api';

/**
 * Issue 9, "Stale screens": the owner keeps the console open on the pending link while the Zoom
 * admin approves somewhere else entirely — another browser, without the extension, through the
 * service's own approval page. The open console shows the connection without a reload.
 */
test.beforeAll(resetOrgConnection);

test('an approval completed in another browser shows up in the open console', async ({
  extensionContext: context,
  extensionId,
}) => {
  const options = await openSignedIn(
    context,
    `chrome-extension://${extensionId}/options.html`,
    'olivia@acme.test',
  );
  await options.getByRole('button', { name: 'Connect Zoom for my organization' }).click();
  const linkField = options.getByRole('textbox', { name: 'Approval link' });
  await expect(linkField).toHaveValue(/\/approve\//);
  const link = await linkField.inputValue();

  const found = await findChromium();
  if (!found.found) throw new Error(found.problem);
  const otherBrowser = await chromium.launch({
    executablePath: found.path,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const zoomAdmin = await (await otherBrowser.newContext()).newPage();
    await zoomAdmin.goto(link);
    await zoomAdmin.getByRole('button', { name: 'Sign in with Zoom' }).click();
    await zoomAdmin.getByLabel('Email', { exact: true }).fill('zara@acme.test');
    await zoomAdmin.getByLabel('Password', { exact: true }).fill('zoom-password');
    await zoomAdmin.getByRole('button', { name: 'Sign In' }).click();
    await zoomAdmin.getByRole('button', { name: 'Allow' }).click();
    await expect(zoomAdmin.getByRole('heading', { name: 'Zoom is connected' })).toBeVisible();
  } finally {
    await otherBrowser.close();
  }

  const orgCard = options.getByRole('region', { name: 'Zoom for your organization' });
  await expect(orgCard.getByText('zara@acme.test', { exact: true })).toBeVisible({
    timeout: 5000,
  });
  await expect(orgCard.getByText('Waiting for Zoom admin approval')).toHaveCount(0);
  await signOutOf(options);
});
