import { expect, test } from './fixtures';
import { newApprovalLink, resetOrgConnection } from './service-api';
import { E2E_SERVICE_URL } from './stack';

test.describe.configure({ mode: 'serial' });
test.beforeAll(resetOrgConnection);

let usedLinkToken = '';

test('a Zoom Member is refused by Zoom, then a Zoom Admin completes the same link', async ({
  extensionContext: context,
  extensionId,
  snap,
}) => {
  const link = await newApprovalLink();
  usedLinkToken = link.split('/').at(-1) ?? '';
  const approve = await context.newPage();
  await approve.goto(link);
  await approve.waitForURL(`chrome-extension://${extensionId}/approve.html#*`);

  const [memberWindow] = await Promise.all([
    context.waitForEvent('page'),
    approve.getByRole('button', { name: 'Sign in with Zoom' }).click(),
  ]);
  await memberWindow.getByLabel('Email', { exact: true }).fill('mia@acme.test');
  await memberWindow.getByLabel('Password', { exact: true }).fill('zoom-password');
  await memberWindow.getByRole('button', { name: 'Sign In' }).click();
  await memberWindow.getByRole('button', { name: 'Allow' }).click();
  await expect(
    memberWindow.getByText('An account admin is required to install this type of app.'),
  ).toBeVisible();
  await snap(memberWindow, '10-zoom-admin-required', { ours: false });
  await memberWindow.close();

  await expect(
    approve.getByRole('heading', { name: 'The Zoom window was closed before approving.' }),
  ).toBeVisible();
  await expect(approve.getByText('If Zoom said an account admin is required')).toBeVisible();
  await snap(approve, '11-approve-refused-member');

  const [adminWindow] = await Promise.all([
    context.waitForEvent('page'),
    approve.getByRole('button', { name: 'Try again' }).click(),
  ]);
  await adminWindow.getByLabel('Email', { exact: true }).fill('zara@acme.test');
  await adminWindow.getByLabel('Password', { exact: true }).fill('zoom-password');
  await adminWindow.getByRole('button', { name: 'Sign In' }).click();
  await adminWindow.getByRole('button', { name: 'Allow' }).click();
  await expect(approve.getByRole('heading', { name: 'Zoom is connected' })).toBeVisible();
  await approve.close();
});

test('a used link and a replaced link each say so, on the service page and in the extension', async ({
  extensionContext: context,
  extensionId,
  snap,
}) => {
  const page = await context.newPage();
  // The link from the previous test was used to connect: its page on the service says so.
  const used = await fetch(`${E2E_SERVICE_URL}/approve/${usedLinkToken}`);
  expect(used.status).toBe(410);
  expect(await used.text()).toContain('already used');

  await resetOrgConnection();
  const replaced = await newApprovalLink();
  await newApprovalLink('adam@acme.test');
  const replacedToken = replaced.split('/').at(-1);
  await page.goto(`chrome-extension://${extensionId}/approve.html#${replacedToken}`);
  await expect(
    page.getByRole('heading', { name: 'This approval link was replaced by a newer one' }),
  ).toBeVisible();
  await snap(page, '12-approve-link-replaced');
  // Without the extension's page, the service's own landing page says the same.
  const res = await fetch(replaced);
  expect(res.status).toBe(410);
  expect(await res.text()).toContain('replaced or revoked');
  await page.close();
});
