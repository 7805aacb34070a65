import type { BrowserContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { openSignedIn, signOutOf } from './pages';
import { api, connectOrgAsZara, resetOrgConnection, signInToService } from './service-api';

/**
 * A member's own Zoom in a real Chromium: a personal connection survives the org connecting and
 * disconnecting it brings the org one back; with the org setting on, a member removes the org
 * connection for themselves and adds it back. Arranges its own state and puts Mia back after.
 */
test.describe.configure({ mode: 'serial' });

async function resetMia(): Promise<void> {
  const mia = await signInToService('mia@acme.test');
  await api('DELETE', '/api/me/zoom/personal', { token: mia });
  const olivia = await signInToService('olivia@acme.test');
  await api('PATCH', '/api/org/zoom/settings', {
    token: olivia,
    body: { allowMemberRemoval: true },
  });
  await api('PUT', '/api/me/zoom/org-connection', { token: mia, body: { removed: false } });
  await api('PATCH', '/api/org/zoom/settings', {
    token: olivia,
    body: { allowMemberRemoval: false },
  });
}

test.beforeAll(async () => {
  await resetOrgConnection();
  await resetMia();
});
test.afterAll(resetMia);

/** An org admin's member table, where Mia's row shows her Zoom Type. */
async function expectMiaInTable(context: BrowserContext, optionsUrl: string, type: string) {
  const options = await openSignedIn(context, optionsUrl, 'olivia@acme.test');
  const row = options
    .getByRole('table', { name: 'Members' })
    .getByRole('row')
    .filter({ hasText: 'mia@acme.test' });
  await expect(row.getByRole('cell', { name: type, exact: true })).toBeVisible();
  await expect(row.getByText('Connected', { exact: true })).toBeVisible();
  await signOutOf(options);
}

test('a personal connection is kept when the org connects; disconnecting it brings the org back', async ({
  extensionContext: context,
  extensionId,
  snap,
}) => {
  const optionsUrl = `chrome-extension://${extensionId}/options.html`;
  const popupUrl = `chrome-extension://${extensionId}/popup.html`;

  const options = await openSignedIn(context, optionsUrl, 'mia@acme.test');
  const setup = options.getByRole('region', { name: 'Your Zoom setup' });
  await expect(setup.getByText('Not connected')).toBeVisible();
  // Not connected yet, or disconnected by an earlier spec's reset: either way, no org Zoom.
  await expect(
    setup.getByText(
      /Your organization (hasn't connected Zoom yet|disconnected its Zoom account)\./,
    ),
  ).toBeVisible();
  await snap(options, 'members-01-setup-not-connected');

  const [zoom] = await Promise.all([
    context.waitForEvent('page'),
    setup.getByRole('button', { name: 'Connect personal Zoom' }).click(),
  ]);
  await expect(setup.getByText(/Waiting for Zoom…/)).toBeVisible();
  await snap(options, 'members-02-setup-waiting-for-zoom');
  await zoom.waitForLoadState();
  await zoom.getByLabel('Email', { exact: true }).fill('mia.personal@example.test');
  await zoom.getByLabel('Password', { exact: true }).fill('zoom-password');
  await zoom.getByRole('button', { name: 'Sign In' }).click();
  await zoom.getByRole('button', { name: 'Allow' }).click();

  await expect(setup.getByText('Zoom — Personal')).toBeVisible();
  await expect(setup.getByText('mia.personal@example.test').first()).toBeVisible();
  await expect(
    setup.getByText('Personal Zoom connected (mia.personal@example.test).'),
  ).toBeVisible();
  await snap(options, 'members-03-setup-personal');

  // The org connects afterwards: Mia keeps her personal Zoom.
  await connectOrgAsZara();
  await options.reload();
  await expect(setup.getByText('Zoom — Personal')).toBeVisible();
  await expect(setup.getByText('Zoom — Organization')).toHaveCount(0);
  await signOutOf(options);
  await expectMiaInTable(context, optionsUrl, 'Personal');

  // Mia disconnects her personal Zoom from the popup; the org connection shows again.
  const popup = await openSignedIn(context, popupUrl, 'mia@acme.test');
  await popup.setViewportSize({ width: 380, height: 600 });
  const yourZoom = popup.getByRole('region', { name: 'Your Zoom' });
  await expect(yourZoom.getByText('Zoom — Personal')).toBeVisible();
  await snap(popup, 'members-04-popup-personal');
  await yourZoom.getByRole('button', { name: 'Disconnect' }).click();
  const confirm = popup.getByRole('alertdialog', { name: 'Disconnect your personal Zoom?' });
  await expect(confirm.getByText("Your organization's Zoom will be used again.")).toBeVisible();
  await snap(popup, 'members-05-popup-confirm-disconnect');
  await confirm.getByRole('button', { name: 'Disconnect' }).click();
  await expect(yourZoom.getByText('Zoom — Organization')).toBeVisible();
  await expect(yourZoom.getByText('mia@acme.test')).toBeVisible();
  await snap(popup, 'members-06-popup-organization');
  await signOutOf(popup);
  await expectMiaInTable(context, optionsUrl, 'Organization');
});

test('with the setting on a member removes the org connection and adds it back; off, they cannot', async ({
  extensionContext: context,
  extensionId,
  snap,
}) => {
  const optionsUrl = `chrome-extension://${extensionId}/options.html`;
  const popupUrl = `chrome-extension://${extensionId}/popup.html`;
  const org = await api<{ state: string }>('GET', '/api/org/zoom', {
    token: await signInToService('olivia@acme.test'),
  });
  if (org.body.state !== 'active') await connectOrgAsZara();

  const admin = await openSignedIn(context, optionsUrl, 'olivia@acme.test');
  const setting = admin.getByRole('switch', {
    name: 'Allow users to remove the org-level connection',
  });
  await expect(setting).not.toBeChecked();
  await setting.click();
  await expect(setting).toBeChecked();
  await snap(admin, 'members-07-admin-setting-on');
  await admin.reload();
  await expect(setting).toBeChecked();
  await signOutOf(admin);

  const popup = await openSignedIn(context, popupUrl, 'mia@acme.test');
  await popup.setViewportSize({ width: 380, height: 600 });
  const yourZoom = popup.getByRole('region', { name: 'Your Zoom' });
  await expect(yourZoom.getByText('Zoom — Organization')).toBeVisible();
  await snap(popup, 'members-08-popup-can-remove');
  await yourZoom.getByRole('button', { name: 'Remove organization Zoom for me' }).click();
  await expect(yourZoom.getByText('Not connected')).toBeVisible();
  await expect(
    yourZoom.getByText("You removed your organization's Zoom connection for yourself."),
  ).toBeVisible();
  await snap(popup, 'members-09-popup-removed-by-you');
  await yourZoom.getByRole('button', { name: 'Add organization Zoom back' }).click();
  await expect(yourZoom.getByText('Zoom — Organization')).toBeVisible();

  // The admin turns the setting off: the option is gone and the API refuses it.
  const olivia = await signInToService('olivia@acme.test');
  await api('PATCH', '/api/org/zoom/settings', {
    token: olivia,
    body: { allowMemberRemoval: false },
  });
  await popup.reload();
  await expect(yourZoom.getByText('Zoom — Organization')).toBeVisible();
  await expect(
    yourZoom.getByRole('button', { name: 'Remove organization Zoom for me' }),
  ).toHaveCount(0);
  const refused = await api('PUT', '/api/me/zoom/org-connection', {
    token: await signInToService('mia@acme.test'),
    body: { removed: true },
  });
  expect(refused.status).toBe(403);
  await signOutOf(popup);
});
