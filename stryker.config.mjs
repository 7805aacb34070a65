// Mutation testing of the core modules (`npm run test:mutation`, not part of `npm test`).
// StrykerJS 9.6 is the last line that runs on Node 20 (10.x needs Node 22).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  mutate: [
    'server/domain/token-refresh.ts',
    'server/domain/zoom-webhooks.ts',
    'server/domain/approval-links.ts',
    'lib/extension/shared/messaging.ts',
  ],
  concurrency: 2,
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'test-output/mutation/index.html' },
  tempDirName: '.stryker-tmp',
  thresholds: { high: 90, low: 80, break: null },
};
