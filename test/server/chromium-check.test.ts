import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ChromiumCandidates, findChromium } from '../e2e/chromium';

/**
 * `npm test` and `npm run test:e2e` start by finding the Chromium the e2e suite will launch
 * (scripts/check-chromium.ts); on a machine without one they stop at once and say what to run.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const PLAYWRIGHT = '/root/.cache/ms-playwright/chromium-1/chrome-linux/chrome';

function machine(executables: string[], env: Record<string, string> = {}): ChromiumCandidates {
  return {
    env,
    isExecutable: (path) => executables.includes(path),
    playwrightChromium: async () => PLAYWRIGHT,
  };
}

describe('finding Chromium for the e2e suite', () => {
  it('stops a machine without Chromium at once, with the command that installs it', () => {
    const run = spawnSync(process.execPath, ['--import', tsxLoader, 'scripts/check-chromium.ts'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', CHROMIUM_PATH: '/nowhere/chromium' },
      timeout: 15_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('apt-get install -y chromium');
    expect(run.stderr).toContain('/nowhere/chromium');
  });

  it('names the install command when nothing is found', async () => {
    expect(await findChromium(machine([]))).toEqual({
      found: false,
      problem: expect.stringContaining('Install it: apt-get install -y chromium'),
    });
  });

  it('takes CHROMIUM_PATH first, then /usr/bin/chromium, then Playwright’s own browser', async () => {
    const all = ['/opt/chromium', '/usr/bin/chromium', PLAYWRIGHT];
    const own = { CHROMIUM_PATH: '/opt/chromium' };
    expect(await findChromium(machine(all, own))).toMatchObject({ path: '/opt/chromium' });
    expect(await findChromium(machine(all))).toMatchObject({ path: '/usr/bin/chromium' });
    expect(await findChromium(machine([PLAYWRIGHT]))).toMatchObject({ path: PLAYWRIGHT });
  });

  it('does not fall back when CHROMIUM_PATH points nowhere', async () => {
    const search = await findChromium(
      machine(['/usr/bin/chromium'], { CHROMIUM_PATH: '/opt/missing' }),
    );
    expect(search).toMatchObject({ found: false });
  });
});
