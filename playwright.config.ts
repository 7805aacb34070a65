import { defineConfig } from '@playwright/test';

/**
 * End-to-end in a real Chromium (found by test/e2e/chromium.ts) with the built extension loaded,
 * against a real org service and Zoom sandbox started by global-setup.ts. One worker: the
 * service, sandbox and browser profile are shared, and the flows run in order.
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-output/e2e-results',
  globalSetup: './test/e2e/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  // Each screenshot is followed by an axe check (test/e2e/axe.ts), a few seconds on a busy machine.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
});
