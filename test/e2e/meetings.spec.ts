import { ROW_HEIGHT } from '../../components/member-table-layout';
import { addMiaToZoom } from '../server/zoom-browser';
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

test('a member Zoom does not know (1001) is "Not connected" until a Zoom admin adds them', async ({
  extensionContext: context,
  extensionId,
  snap,
}) => {
  const sandbox = process.env.E2E_SANDBOX_URL ?? '';
  const removed = await fetch(`${sandbox}/_sandbox/users/mia@acme.test`, { method: 'DELETE' });
  expect(removed.ok).toBe(true);
  const popup = await openSignedIn(
    context,
    `chrome-extension://${extensionId}/popup.html`,
    'mia@acme.test',
  );
  await popup.setViewportSize({ width: 380, height: 600 });
  const yourZoom = popup.getByRole('region', { name: 'Your Zoom' });
  const meetings = popup.getByRole('region', { name: 'Zoom meetings' });
  await meetings.getByRole('button', { name: 'New Zoom meeting' }).click();
  await meetings.getByLabel('Topic').fill('Not in Zoom');
  await meetings.getByRole('button', { name: 'Create meeting' }).click();
  await expect(
    meetings.getByText(/is not a user of your organization's Zoom account/),
  ).toBeVisible();
  // Her own view follows what just happened: no "Connected" for a Zoom that refuses her.
  await expect(yourZoom.getByText('Not connected')).toBeVisible();
  await expect(
    yourZoom.getByText("Zoom says your email is not a user of your organization's Zoom account."),
  ).toBeVisible();
  await snap(popup, 'meetings-03-not-in-zoom-account');
  await signOutOf(popup);

  // The owner's table agrees, and does not say "Connected" beside the flag.
  const options = await openSignedIn(
    context,
    `chrome-extension://${extensionId}/options.html`,
    'olivia@acme.test',
  );
  const mia = options
    .getByRole('table', { name: 'Members' })
    .getByRole('row')
    .filter({ hasText: 'mia@acme.test' });
  await expect(mia.getByText('Not in Zoom account')).toBeVisible();
  await expect(mia.getByText('Connected', { exact: true })).toHaveCount(0);
  // Every cell's content stays in its column (the flag once ran over Type and the role select),
  // and an owner's rows (role select, Remove) are the height the virtualizer places them at: at
  // the suite's 1280 px, and in a narrower window (where the table's box scrolls sideways).
  const tableLayout = () =>
    options.getByRole('table', { name: 'Members' }).evaluate((table) =>
      [...table.querySelectorAll('tbody tr[aria-rowindex]')].map((row) => ({
        height: row.getBoundingClientRect().height,
        overflowing: [...row.querySelectorAll('td')].flatMap((td) =>
          [...td.querySelectorAll(':not(.visually-hidden)')]
            .filter((el) => el.getBoundingClientRect().right > td.getBoundingClientRect().right)
            .map((el) => el.textContent),
        ),
      })),
    );
  const wide = options.viewportSize();
  for (const width of [wide?.width ?? 1280, 960]) {
    await options.setViewportSize({ width, height: wide?.height ?? 800 });
    const layout = await tableLayout();
    expect(layout.length).toBeGreaterThan(1);
    for (const row of layout) {
      expect(row, `at ${width} px`).toEqual({ height: ROW_HEIGHT, overflowing: [] });
    }
  }
  if (wide) await options.setViewportSize(wide);
  // The console's other sections have loaded too, for the screenshot.
  await expect(options.getByText('Loading…', { exact: true })).toHaveCount(0);
  await snap(options, 'meetings-04-table-not-in-zoom-account');
  await signOutOf(options);

  // A Zoom admin adds her back: her next meeting works and she is Connected again.
  const added = await addMiaToZoom(sandbox);
  expect(added.status).toBe(201);
  const again = await openSignedIn(
    context,
    `chrome-extension://${extensionId}/popup.html`,
    'mia@acme.test',
  );
  const againMeetings = again.getByRole('region', { name: 'Zoom meetings' });
  await againMeetings.getByRole('button', { name: 'New Zoom meeting' }).click();
  await againMeetings.getByLabel('Topic').fill('Back in Zoom');
  await againMeetings.getByRole('button', { name: 'Create meeting' }).click();
  await expect(againMeetings.getByRole('article', { name: 'Meeting created' })).toBeVisible();
  await expect(
    again.getByRole('region', { name: 'Your Zoom' }).getByText('Zoom — Organization'),
  ).toBeVisible();
  await signOutOf(again);
});
