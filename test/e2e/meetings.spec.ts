import { expect, test } from './fixtures';
import { openSignedIn, signOutOf } from './pages';
import { api, connectOrgAsZara, resetOrgConnection, signInToService } from './service-api';

/**
 * "New Zoom meeting" from the popup in a real Chromium (PRODUCT.md §6): with the org connected,
 * Mia creates a meeting through the org connection and gets a join link, passcode and invitation
 * to share. Arranges its own state: the org connected, Mia without a personal Zoom.
 */
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await resetOrgConnection();
  const mia = await signInToService('mia@acme.test');
  await api('DELETE', '/api/me/zoom/personal', { token: mia });
  await connectOrgAsZara();
});

test("a member creates a Zoom meeting from the popup with the organization's Zoom", async ({
  extensionContext: context,
  extensionId,
  snap,
}) => {
  const popup = await openSignedIn(
    context,
    `chrome-extension://${extensionId}/popup.html`,
    'mia@acme.test',
  );
  await popup.setViewportSize({ width: 380, height: 600 });
  await expect(
    popup.getByRole('region', { name: 'Your Zoom' }).getByText('Zoom — Organization'),
  ).toBeVisible();

  const meetings = popup.getByRole('region', { name: 'Zoom meetings' });
  await meetings.getByRole('button', { name: 'New Zoom meeting' }).click();
  await expect(meetings.getByLabel('Topic')).toBeFocused();
  await expect(meetings.getByLabel('Duration')).toHaveValue('30');
  await meetings.getByLabel('Topic').fill('Weekly design review');
  await snap(popup, 'meetings-01-form');

  await meetings.getByRole('button', { name: 'Create meeting' }).click();
  const created = meetings.getByRole('article', { name: 'Meeting created' });
  await expect(created).toBeVisible();
  await expect(created.getByText('Weekly design review', { exact: true })).toBeVisible();
  await expect(created.getByText("Created with your organization's Zoom")).toBeVisible();
  const joinLink = created.getByRole('link');
  await expect(joinLink).toHaveAttribute('href', /^https?:\/\/.+\/j\/\d+/);
  await expect(created.locator('code')).toHaveText(/\S+/);
  await expect(created.getByText(/needs reconnecting/)).toHaveCount(0);

  await created.getByRole('button', { name: 'Copy invitation' }).click();
  await expect(created.getByText('Invitation copied')).toBeVisible();
  await created.getByText('Show invitation').click();
  const invitation = created.getByLabel('Invitation');
  await expect(invitation).toHaveValue(/Weekly design review/);
  expect(await invitation.inputValue()).toContain(await joinLink.getAttribute('href'));
  await snap(popup, 'meetings-02-created');

  await created.getByRole('button', { name: 'New meeting' }).click();
  await expect(meetings.getByLabel('Topic')).toHaveValue('');
  await signOutOf(popup);
});
