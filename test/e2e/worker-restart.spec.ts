import { expect, test } from './fixtures';
import { newApprovalLink, resetOrgConnection } from './service-api';

test.beforeAll(resetOrgConnection);

/**
 * Chrome stops idle extension service workers; a Zoom admin may take minutes at Zoom. The flow
 * state lives in storage.session and the outcome on the service, so a worker stopped mid-flow
 * still leads to the right result when the page wakes it.
 */
test('an approval survives the service worker being stopped mid-flow', async ({
  extensionContext: context,
  extensionId,
}) => {
  const link = await newApprovalLink();
  const approve = await context.newPage();
  await approve.goto(`chrome-extension://${extensionId}/approve.html#${link.split('/').at(-1)}`);
  const [zoom] = await Promise.all([
    context.waitForEvent('page'),
    approve.getByRole('button', { name: 'Sign in with Zoom' }).click(),
  ]);
  await zoom.getByLabel('Email', { exact: true }).fill('zara@acme.test');
  await zoom.getByLabel('Password', { exact: true }).fill('zoom-password');
  await zoom.getByRole('button', { name: 'Sign In' }).click();

  const cdp = await context.newCDPSession(approve);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');

  if (!zoom.isClosed()) {
    await zoom
      .getByRole('button', { name: 'Allow' })
      .click()
      .catch(() => {});
  }
  await approve.reload();
  await expect(approve.getByRole('heading', { name: 'Zoom is connected' })).toBeVisible();
});
