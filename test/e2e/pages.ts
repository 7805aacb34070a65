import type { BrowserContext, Page } from '@playwright/test';
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
