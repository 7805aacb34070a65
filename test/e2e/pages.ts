import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** Popup and options share the extension's session: whoever is signed in is signed out first. */
export async function openSignedIn(
  context: BrowserContext,
  url: string,
  email: string,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  const signOut = page.getByRole('button', { name: 'Sign out', exact: true });
  const emailField = page.getByLabel('Email', { exact: true });
  await expect(signOut.or(emailField)).toBeVisible();
  if (await signOut.isVisible()) await signOut.click();
  await emailField.fill(email);
  await page.getByLabel('Password', { exact: true }).fill('demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  return page;
}

export async function signOutOf(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.close();
}

/**
 * The approval as a Zoom admin at this browser does it from the console's card: "I'm the Zoom
 * admin — continue" opens the approval page, Sign in with Zoom opens the sandbox's Zoom, where
 * `zoomEmail` signs in and allows; the approval page then says Zoom is connected.
 */
export async function approveAsZoomAdmin(
  context: BrowserContext,
  card: Locator,
  zoomEmail: string,
): Promise<void> {
  const [approve] = await Promise.all([
    context.waitForEvent('page'),
    card.getByRole('button', { name: "I'm the Zoom admin — continue" }).click(),
  ]);
  await approve.waitForLoadState();
  const [zoom] = await Promise.all([
    context.waitForEvent('page'),
    approve.getByRole('button', { name: 'Sign in with Zoom' }).click(),
  ]);
  await zoom.waitForLoadState();
  await zoom.getByLabel('Email', { exact: true }).fill(zoomEmail);
  await zoom.getByLabel('Password', { exact: true }).fill('zoom-password');
  await zoom.getByRole('button', { name: 'Sign In' }).click();
  await zoom.getByRole('button', { name: 'Allow' }).click();
  await expect(approve.getByRole('heading', { name: 'Zoom is connected' })).toBeVisible();
  await approve.close();
}
