// `npm ci` runs postinstall in production installs too (`npm ci --omit=dev`), where wxt — a dev
// dependency — is absent and `wxt prepare` (types for the extension's build) has nothing to do.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const wxtPackage = new URL('../node_modules/wxt/package.json', import.meta.url);

if (!existsSync(wxtPackage)) {
  console.log('postinstall: wxt is not installed (production install), skipping `wxt prepare`.');
  process.exit(0);
}
const { bin } = JSON.parse(readFileSync(wxtPackage, 'utf8'));
const cli = fileURLToPath(new URL(bin.wxt, wxtPackage));
const run = spawnSync(process.execPath, [cli, 'prepare'], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
