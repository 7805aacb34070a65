import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Production builds with WXT's own CLI in a child process, as `npm run build` makes them, so
 * the bench and the bundle test weigh and load exactly what ships. The environment only picks
 * the service URL and where the output goes.
 */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
// wxt exports no path to its CLI; its package.json names it (as in scripts/postinstall.mjs).
const wxtPackage = join(repoRoot, 'node_modules/wxt/package.json');
const wxtCli = join(
  repoRoot,
  'node_modules/wxt',
  (JSON.parse(readFileSync(wxtPackage, 'utf8')) as { bin: { wxt: string } }).bin.wxt,
);

export interface BuiltExtension {
  /** The unpacked Chrome MV3 folder, absolute. */
  dir: string;
  seconds: number;
}

/** The product extension, wired to `serviceUrl` (WXT_SERVICE_URL). */
export function buildProductExtension(opts: {
  outDir: string;
  serviceUrl: string;
}): Promise<BuiltExtension> {
  return wxtBuild(repoRoot, opts.outDir, { WXT_SERVICE_URL: opts.serviceUrl });
}

/** The floor: a bare React page, its own tiny WXT project (bench/floors/react-page). */
export function buildFloorExtension(opts: { outDir: string }): Promise<BuiltExtension> {
  return wxtBuild(join(repoRoot, 'bench/floors/react-page'), opts.outDir, {});
}

async function wxtBuild(
  root: string,
  outDir: string,
  env: Record<string, string>,
): Promise<BuiltExtension> {
  const started = performance.now();
  const absoluteOut = resolve(outDir);
  const child = spawn(process.execPath, [wxtCli, 'build', root], {
    cwd: repoRoot,
    env: { ...buildEnvironment(), ...env, WXT_OUT_DIR: absoluteOut, WXT_STORE_BUILD: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`wxt build ${root} failed (${code}):\n${output}`);
  return {
    dir: join(absoluteOut, 'chrome-mv3'),
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * This process's environment without what a test runner adds: Vite takes NODE_ENV=test (set by
 * Vitest) over the production mode, which would bundle React's development build.
 */
function buildEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('VITEST')),
  );
}
