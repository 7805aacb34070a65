import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, test as base, chromium, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { findChromium, withExtensions } from './chromium';
import { E2E_EXTENSION_DIR, SCREENSHOT_DIR } from './stack';

/**
 * One Chromium per test file with the built extension loaded (new headless mode runs the full
 * browser, so extensions work). Flags keep Chromium off the network, which this machine lacks.
 */
export const test = base.extend<
  {
    /**
     * A full-page screenshot in test-output/screenshots, then the axe check of that same state.
     * `{ ours: false }` for the Zoom sandbox's pages, which stand in for Zoom's and aren't ours.
     */
    snap: (page: Page, name: string, opts?: { ours?: boolean }) => Promise<void>;
  },
  { extensionContext: BrowserContext; extensionId: string }
>({
  extensionContext: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their deps by destructuring.
    async ({}, use) => {
      const extensionPath = resolve(E2E_EXTENSION_DIR);
      const profile = mkdtempSync(join(tmpdir(), 'ozc-profile-'));
      const context = await chromium.launchPersistentContext(
        profile,
        withExtensions(await chromiumPath(), [extensionPath]),
      );
      await use(context);
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  extensionId: [
    async ({ extensionContext: context }, use) => {
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
      await use(new URL(worker.url()).host);
    },
    { scope: 'worker' },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their deps by destructuring.
  snap: async ({}, use) => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await use(async (page, name, { ours = true } = {}) => {
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
      if (ours) await expectNoAxeViolations(page, name);
    });
  },
});

/** The Chromium scripts/check-chromium.ts found before the run. */
async function chromiumPath(): Promise<string> {
  const chromium = await findChromium();
  if (!chromium.found) throw new Error(chromium.problem);
  return chromium.path;
}

export { expect } from '@playwright/test';
