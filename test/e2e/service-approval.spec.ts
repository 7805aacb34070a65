import { chromium } from '@playwright/test';
import { findChromium, withExtensions } from './chromium';
import { expect, test } from './fixtures';
import { newApprovalLink, resetOrgConnection } from './service-api';

/**
 * The approval link opened in a browser without the extension: the service's own landing and
 * result pages (server/routes/approve-pages.ts), with the same words as the extension's page.
 */
test("without the extension, the service's approval page and its result read like the extension's", async ({
  snap,
}) => {
  const found = await findChromium();
  if (!found.found) throw new Error(found.problem);
  const { viewport, ...launch } = withExtensions(found.path, []);
  const browser = await chromium.launch({
    ...launch,
    args: launch.args.filter((arg) => !arg.includes('extension')),
  });
  try {
    await resetOrgConnection();
    // axe needs a page from an explicit context (browser.newPage() is refused).
    const page = await (await browser.newContext({ viewport })).newPage();
    await page.goto(await newApprovalLink());
    await expect(
      page.getByRole('heading', { name: 'Acme Scheduling wants to connect Zoom' }),
    ).toBeVisible();
    await expect(page.getByRole('heading', { name: 'What Zoom will allow' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'What happens next' })).toBeVisible();
    await snap(page, 'service-01-approve-landing');

    await page.getByRole('button', { name: 'Sign in with Zoom' }).click();
    await page.getByLabel('Email', { exact: true }).fill('zara@acme.test');
    await page.getByLabel('Password', { exact: true }).fill('zoom-password');
    await page.getByRole('button', { name: 'Sign In' }).click();
    await page.getByRole('button', { name: 'Allow' }).click();

    await expect(page.getByRole('heading', { name: 'Zoom is connected' })).toBeVisible();
    await expect(page.getByText('Every member of Acme Scheduling can now use Zoom.')).toBeVisible();
    await expect(page.getByText(/wants to connect|expires/)).toHaveCount(0);
    await expect(page.getByText('You can close this tab now.')).toBeVisible();
    await snap(page, 'service-02-approve-connected');
  } finally {
    await browser.close();
  }
});
