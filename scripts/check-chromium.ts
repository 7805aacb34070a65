import { findChromium } from '../test/e2e/chromium';

/** Runs first in `npm test` and `npm run test:e2e`: no Chromium, no point building or testing. */
const chromium = await findChromium();
if (!chromium.found) {
  console.error(chromium.problem);
  process.exit(1);
}
console.log(`Chromium for the e2e suite: ${chromium.path} (${chromium.source})`);
