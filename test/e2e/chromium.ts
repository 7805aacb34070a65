import { accessSync, constants, statSync } from 'node:fs';

/**
 * Which Chromium the e2e suite launches, decided in one place for the check that runs before it
 * (scripts/check-chromium.ts) and the fixtures that launch it (fixtures.ts): CHROMIUM_PATH when
 * set, else Debian's /usr/bin/chromium, else the browser `npx playwright install chromium`
 * downloads. Extensions need a full Chromium (Playwright's headless shell cannot load them).
 */
export const INSTALL_CHROMIUM = 'apt-get install -y chromium';
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export type ChromiumSearch =
  | { found: true; path: string; source: string }
  | { found: false; problem: string };

export interface ChromiumCandidates {
  env: Record<string, string | undefined>;
  isExecutable(path: string): boolean;
  /** Where Playwright's own Chromium would be; it exists only once downloaded. */
  playwrightChromium(): Promise<string>;
}

const onThisMachine: ChromiumCandidates = {
  env: process.env,
  isExecutable: (path) => {
    try {
      accessSync(path, constants.X_OK);
      return statSync(path).isFile();
    } catch {
      return false;
    }
  },
  playwrightChromium: async () => (await import('@playwright/test')).chromium.executablePath(),
};

export async function findChromium(
  candidates: ChromiumCandidates = onThisMachine,
): Promise<ChromiumSearch> {
  const { env, isExecutable } = candidates;
  if (env.CHROMIUM_PATH) {
    return isExecutable(env.CHROMIUM_PATH)
      ? { found: true, path: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' }
      : {
          found: false,
          problem: `CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file. Point it at a Chromium, or unset it and run: ${INSTALL_CHROMIUM}`,
        };
  }
  if (isExecutable(DEBIAN_CHROMIUM))
    return { found: true, path: DEBIAN_CHROMIUM, source: 'Debian' };
  const playwright = await candidates.playwrightChromium().catch(() => '');
  if (playwright && isExecutable(playwright)) {
    return { found: true, path: playwright, source: 'Playwright' };
  }
  return {
    found: false,
    problem: `No Chromium for the e2e suite (looked at CHROMIUM_PATH, ${DEBIAN_CHROMIUM} and Playwright's browsers). Install it: ${INSTALL_CHROMIUM}`,
  };
}

/**
 * Launch options for a headless Chromium with unpacked extensions loaded, as the e2e suite and
 * the bench both run it. The flags keep Chromium off the network this machine doesn't have
 * (without them it retries Google's hosts at every start).
 */
export function withExtensions(executablePath: string, extensionDirs: string[]) {
  const extensions = extensionDirs.join(',');
  return {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: [
      `--disable-extensions-except=${extensions}`,
      `--load-extension=${extensions}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  };
}
