import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiErrorBody } from '../../lib/contracts/errors';
import { startMailCatcher } from '../../sandbox/mail-catcher';
import { DEMO_PASSWORD } from '../../server/seed/demo';
import { createScratchDatabase } from '../scratch-postgres';
import { startServiceProcess } from './service-process';

/**
 * Two real service processes on one PostgreSQL share the sign-in count (README, Limits): wrong
 * passwords sent to either add up, the lock holds on both, and the owner is mailed once although
 * both processes send mail. PGlite is one process per data folder, so this runs in the
 * PostgreSQL pass of `npm test` (TEST_DATABASE_URL); test/server/sign-in-limits.test.ts covers
 * two app instances on one database on both.
 */
const adminUrl = process.env.TEST_DATABASE_URL ?? '';
const onPostgresOnly = it.skipIf(!adminUrl);

const env = {
  ZOOM_OAUTH_URL: 'https://zoom.us',
  ZOOM_API_URL: 'https://api.zoom.us/v2',
  PUBLIC_URL: 'https://zoom-connect.example.com',
  SEED_DEMO: 'true',
  HEALTH_CHECK_INTERVAL_MINUTES: '0',
  PORT: '0',
};

function signIn(base: string, password: string) {
  return fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'mia@acme.test', password }),
  });
}

describe('two service processes on one PostgreSQL', () => {
  onPostgresOnly(
    'share the sign-in count: 20 wrong passwords across both lock the account on both, one mail',
    async () => {
      const scratch = await createScratchDatabase(adminUrl, 'ozc_limits');
      const catcher = await startMailCatcher({ smtpPort: 0, webPort: 0 });
      const shared = {
        ...env,
        DATABASE_URL: scratch.url,
        TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        SMTP_URL: catcher.smtpUrl,
      };
      // One after the other: both would seed and migrate safely at once (concurrent-start).
      const a = await startServiceProcess('server/dev.ts', shared, 60_000);
      const b = await startServiceProcess('server/dev.ts', shared, 60_000).catch(async (err) => {
        await a.stop();
        throw err;
      });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 10; i++) statuses.push((await signIn(a.url, `wrong-a-${i}`)).status);
        for (let i = 0; i < 9; i++) statuses.push((await signIn(b.url, `wrong-b-${i}`)).status);
        expect(statuses).toEqual(Array(19).fill(401));

        const locked = await signIn(b.url, 'wrong-b-9');
        expect(locked.status).toBe(429);
        expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
        expect(apiErrorBody.parse(await locked.json()).error.code).toBe('too_many_attempts');

        for (const base of [a.url, b.url]) {
          const right = await signIn(base, DEMO_PASSWORD);
          expect(right.status).toBe(429);
          expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
        }

        // Both processes deliver mail every 2 s; wait for the lock-out mail, then for a few
        // more rounds of both, and it is still the only one.
        const lockoutMails = () => catcher.messages().filter((m) => m.to.includes('mia@acme.test'));
        for (let i = 0; i < 100 && lockoutMails().length === 0; i++) {
          await new Promise((r) => setTimeout(r, 200));
        }
        await new Promise((r) => setTimeout(r, 5000));
        expect(lockoutMails().map((m) => m.subject)).toEqual([
          'Sign-in to Org Zoom Connect paused after wrong passwords',
        ]);
      } finally {
        await Promise.all([a.stop(), b.stop()]);
        await catcher.close();
        await scratch.drop();
      }
    },
    120_000,
  );
});
