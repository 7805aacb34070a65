import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type CDPSession, chromium, type Page } from '@playwright/test';
import type { StoredSession } from '../../lib/extension/shared/storage-items';
import { findChromium, withExtensions } from '../../test/e2e/chromium';
import { FLOOR_TEXT } from '../ui-marks';
import { type ReadyTarget, readyMarkScript, setStorageScript } from './in-page';

/**
 * Storage keys of lib/extension/shared/storage-items.ts (WXT drops the `local:` area prefix). Copied:
 * that module cannot load outside an extension.
 */
export const STORAGE_KEYS = {
  session: 'session',
  popupSnapshot: 'popupSnapshot',
  /** In chrome.storage.session. */
  keptMembersPage: 'memberTableFirstPage',
} as const;

/** The popup's kept first view (lib/extension/shared/first-view-cache.ts), in localStorage. */
export { FIRST_VIEW_KEY } from '../../lib/extension/shared/first-view-cache';

export interface BenchBrowser {
  context: BrowserContext;
  productUrl(path: string): string;
  floorUrl: string;
  /**
   * An idle page of the product (approve.html without a link does nothing) from which storage
   * is set, fetches are timed and messages sent. It also keeps the product's renderer process
   * alive, as `floorIdle` keeps the floor's: otherwise every floor open would pay for starting
   * a process that every popup open finds running.
   */
  control: Page;
  floorIdle: Page;
  cdp: CDPSession;
  setSession(session: StoredSession): Promise<void>;
  close(): Promise<void>;
}

/** Chrome's id for an unpacked extension without `key`: sha256 of its absolute path, a–p. */
export function unpackedExtensionId(absolutePath: string): string {
  const hex = createHash('sha256').update(absolutePath).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('');
}

/** "Chromium 156.0.…" for the table's header. */
export async function chromiumVersion(): Promise<string> {
  const found = await findChromium();
  if (!found.found) return 'no Chromium';
  // Debian's wrapper script also prints a warning on stderr: only stdout is the version.
  const version = execFileSync(found.path, ['--version'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return /Chromium [\d.]+/.exec(version)?.[0] ?? version.trim();
}

/** Chromium as the e2e fixtures launch it (test/e2e/fixtures.ts), with both extensions. */
export async function launchBenchBrowser(opts: {
  extensionDir: string;
  floorDir: string;
  targets: ReadyTarget[];
}): Promise<BenchBrowser> {
  const found = await findChromium();
  if (!found.found) throw new Error(found.problem);
  const profile = mkdtempSync(join(tmpdir(), 'ozc-bench-profile-'));
  const context = await chromium.launchPersistentContext(
    profile,
    withExtensions(found.path, [opts.extensionDir, opts.floorDir]),
  );
  await context.addInitScript({ content: readyMarkScript(opts.targets) });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const productId = new URL(worker.url()).host;
  const floorUrl = `chrome-extension://${unpackedExtensionId(opts.floorDir)}/floor.html`;
  const productUrl = (path: string) => `chrome-extension://${productId}/${path}`;

  const control = await context.newPage();
  await control.goto(productUrl('approve.html'));
  const floorIdle = await context.newPage();
  await floorIdle.goto(floorUrl);
  await floorIdle
    .getByText(FLOOR_TEXT)
    .waitFor({ timeout: 10_000 })
    .catch(() => {
      throw new Error(`The floor page did not render at ${floorUrl}`);
    });
  const cdp = await context.newCDPSession(control);

  return {
    context,
    productUrl,
    floorUrl,
    control,
    floorIdle,
    cdp,
    setSession: async (session) => {
      await control.evaluate(setStorageScript({ [STORAGE_KEYS.session]: session }));
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
