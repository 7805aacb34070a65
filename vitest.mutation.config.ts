import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * `npm run test:mutation` (Stryker, stryker.config.mjs): only the tests that pin the mutated
 * core modules, so each mutant runs in seconds rather than the whole suite's minute.
 */
export default defineConfig({
  test: {
    // The 8-second slow-Zoom test proves no request waits on a refresh; it would add 8 s to
    // every mutant without telling the mutants apart.
    testNamePattern: /^(?!.*takes 8 s)/,
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['test/unit/lib/extension/messaging*.test.ts'],
          environment: 'happy-dom',
          setupFiles: ['test/unit/setup.ts'],
          restoreMocks: true,
        },
      },
      {
        test: {
          name: 'server',
          include: [
            'test/server/token-refresh.test.ts',
            'test/server/zoom-token-answers.test.ts',
            'test/server/zoom-webhooks.test.ts',
            'test/server/approval-links.test.ts',
          ],
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
