/**
 * Where the e2e build of the extension expects the org service (see `npm run test:e2e`, which
 * builds for the same `E2E_SERVICE_PORT`). Another port lets two checkouts run the suite at once.
 */
export const E2E_SERVICE_PORT = Number(process.env.E2E_SERVICE_PORT ?? 18787);
export const E2E_SANDBOX_PORT = E2E_SERVICE_PORT + 1;
export const E2E_SERVICE_URL = `http://127.0.0.1:${E2E_SERVICE_PORT}`;
export const E2E_EXTENSION_DIR = '.output/e2e/chrome-mv3';
export const SCREENSHOT_DIR = 'test-output/screenshots';
