import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client';
import { seedDemo } from '../../server/seed/demo';
import { createScratchDatabase } from '../scratch-postgres';
import { type ServiceEntry, type ServiceProcess, startServiceProcess } from './service-process';

/**
 * Several service processes starting together on one empty PostgreSQL (a deploy that scales
 * out, README Production): all of them migrate and, in development, seed — and all must come up.
 * PGlite is one in-process database per data folder, so there is nothing to race there: these
 * run in the PostgreSQL pass of `npm test` (TEST_DATABASE_URL) and are skipped on PGlite.
 */
const adminUrl = process.env.TEST_DATABASE_URL ?? '';
const onPostgresOnly = it.skipIf(!adminUrl);
const PROCESSES = 3;

const zoomConfig = {
  ZOOM_OAUTH_URL: 'https://zoom.us',
  ZOOM_API_URL: 'https://api.zoom.us/v2',
  ZOOM_ORG_CLIENT_ID: 'org-id',
  ZOOM_ORG_CLIENT_SECRET: 'org-secret',
  ZOOM_PERSONAL_CLIENT_ID: 'personal-id',
  ZOOM_PERSONAL_CLIENT_SECRET: 'personal-secret',
  ZOOM_ORG_WEBHOOK_SECRET: 'org-webhook-secret',
  ZOOM_PERSONAL_WEBHOOK_SECRET: 'personal-webhook-secret',
  PUBLIC_URL: 'https://zoom-connect.example.com',
  SMTP_URL: 'smtp://127.0.0.1:9',
  MAIL_FROM: 'Org Zoom Connect <zoom@example.com>',
  EXTENSION_IDS: 'abcdefghijklmnopabcdefghijklmnop',
};

/** Starts `PROCESSES` copies of an entry at once on a fresh database and hands them over. */
async function startTogether(
  entry: ServiceEntry,
  env: Record<string, string>,
  check: (services: ServiceProcess[], databaseUrl: string) => Promise<void>,
) {
  const scratch = await createScratchDatabase(adminUrl, 'ozc_start');
  const shared = {
    ...env,
    DATABASE_URL: scratch.url,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PORT: '0',
    HEALTH_CHECK_INTERVAL_MINUTES: '0',
  };
  const started = await Promise.allSettled(
    Array.from({ length: PROCESSES }, () => startServiceProcess(entry, shared, 60_000)),
  );
  const services = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  try {
    const failures = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
    expect(failures).toEqual([]);
    for (const service of services) {
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    }
    await check(services, scratch.url);
  } finally {
    await Promise.all(services.map((s) => s.stop()));
    await scratch.drop();
  }
}

async function countRows(url: string, sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(sql);
    return Number(rows[0]?.n);
  } finally {
    await client.end();
  }
}

describe('several processes starting together on one empty PostgreSQL', () => {
  onPostgresOnly(
    'all serve /healthz in production (npm start) after migrating one at a time',
    async () => {
      await startTogether('server/main.ts', zoomConfig, async () => {});
    },
    120_000,
  );

  onPostgresOnly(
    'all serve /healthz in development with the demo org, which exists once',
    async () => {
      await startTogether(
        'server/dev.ts',
        { ...zoomConfig, SEED_DEMO: 'true' },
        async (services, url) => {
          expect(await countRows(url, `select count(*) as n from orgs`)).toBe(1);
          expect(await countRows(url, `select count(*) as n from memberships`)).toBe(4);
          for (const service of services) {
            const res = await fetch(`${service.url}/api/auth/sign-in`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ email: 'olivia@acme.test', password: 'demo-password' }),
            });
            expect(res.status).toBe(200);
          }
        },
      );
    },
    120_000,
  );

  onPostgresOnly(
    'migrates and seeds once when three pools open the same database at once',
    async () => {
      const scratch = await createScratchDatabase(adminUrl, 'ozc_start');
      try {
        const opened = await Promise.allSettled(
          Array.from({ length: PROCESSES }, async () => {
            const handle = await openDatabase({ kind: 'postgres', url: scratch.url });
            try {
              return await seedDemo(handle.db);
            } finally {
              await handle.close();
            }
          }),
        );
        expect(opened.map((o) => (o.status === 'fulfilled' ? 'ok' : String(o.reason)))).toEqual(
          Array(PROCESSES).fill('ok'),
        );
        const seeded = opened.filter((o) => o.status === 'fulfilled' && o.value === true);
        expect(seeded).toHaveLength(1);
      } finally {
        await scratch.drop();
      }
    },
    60_000,
  );
});
