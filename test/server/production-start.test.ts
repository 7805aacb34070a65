import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ORG_APP, SANDBOX_PERSONAL_APP } from '../../sandbox/seed';
import { signZoomWebhook } from '../../sandbox/webhooks';
import { DEMO_PASSWORD } from '../../server/seed/demo';
import { createScratchDatabase } from '../scratch-postgres';
import { runUntilExit, type ServiceProcess, startServiceProcess } from './service-process';

/**
 * `npm start` is production: it never seeds the demo org and never falls back to the Zoom
 * sandbox's credentials (README, Production). Real processes, because what matters is what the
 * entry point does with the environment it is given.
 */
const ZOOM_SECRETS = [
  'ZOOM_ORG_CLIENT_ID',
  'ZOOM_ORG_CLIENT_SECRET',
  'ZOOM_PERSONAL_CLIENT_ID',
  'ZOOM_PERSONAL_CLIENT_SECRET',
  'ZOOM_ORG_WEBHOOK_SECRET',
  'ZOOM_PERSONAL_WEBHOOK_SECRET',
];

const realZoom = { ZOOM_OAUTH_URL: 'https://zoom.us', ZOOM_API_URL: 'https://api.zoom.us/v2' };

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ozc-production-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start without its configuration', () => {
  it("stops at once with Zoom's real URLs and no secrets, naming every missing variable in one message", async () => {
    const run = await runUntilExit('server/main.ts', {
      ...realZoom,
      DATA_DIR: dataDir,
      PORT: '0',
    });
    expect(run.code).not.toBe(0);
    const message = run.output.trim();
    for (const name of [...ZOOM_SECRETS, 'PUBLIC_URL', 'SMTP_URL', 'MAIL_FROM', 'EXTENSION_IDS']) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('ZOOM_OAUTH_URL');
    expect(message.match(/Missing/g)).toHaveLength(1);
    expect(message).not.toMatch(/listening/);
  });

  it('names the Zoom URLs too when nothing is configured', async () => {
    const run = await runUntilExit('server/main.ts', { DATA_DIR: dataDir, PORT: '0' });
    expect(run.code).not.toBe(0);
    for (const name of ['ZOOM_OAUTH_URL', 'ZOOM_API_URL', ...ZOOM_SECRETS, 'PUBLIC_URL']) {
      expect(run.output).toContain(name);
    }
  });

  it('refuses to seed the demo org even when asked to', async () => {
    const run = await runUntilExit('server/main.ts', {
      ...productionConfig(),
      DATA_DIR: dataDir,
      SEED_DEMO: 'true',
    });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('SEED_DEMO');
  });
});

describe('npm start with its configuration', () => {
  let service: ServiceProcess;
  let dropDatabase = async () => {};
  let firstOwner: { code: number | null; output: string };

  beforeAll(async () => {
    const config = { ...productionConfig(), ...(await productionDatabase()) };
    // Before the service: the embedded database belongs to one process at a time.
    firstOwner = await runUntilExit('server/create-org.ts', config, 30_000, [
      '--name',
      'Initech',
      '--owner-email',
      'Peter@Initech.example',
      '--owner-name',
      'Peter Gibbons',
    ]);
    service = await startServiceProcess('server/main.ts', config);
    // Two real processes one after the other; on a busy 2-core machine each start takes seconds.
  }, 90_000);
  afterAll(async () => {
    await service?.stop();
    await dropDatabase();
  });

  async function productionDatabase(): Promise<Record<string, string>> {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) return { DATA_DIR: join(dataDir, 'serving') };
    const scratch = await createScratchDatabase(adminUrl, 'ozc_production');
    dropDatabase = scratch.drop;
    return {
      DATABASE_URL: scratch.url,
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    };
  }

  it('says it runs in production mode', () => {
    expect(service.output()).toMatch(/production/);
    expect(service.output()).not.toMatch(/development|sandbox|demo/i);
  });

  it('serves /healthz', async () => {
    const res = await fetch(`${service.url}/healthz`);
    expect(res.status).toBe(200);
  });

  it('has no demo org: the demo sign-in is refused', async () => {
    const res = await fetch(`${service.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'olivia@acme.test', password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(401);
  });

  it('lets the operator create the first organization, whose owner then signs in', async () => {
    expect(firstOwner.code).toBe(0);
    const password = firstOwner.output.match(/Password \(shown once\): (\S+)/)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);
    const res = await fetch(`${service.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'peter@initech.example', password }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      membership: { orgName: 'Initech', role: 'owner' },
    });
  });

  it("refuses webhooks signed with the sandbox's Secret Tokens", async () => {
    for (const app of [SANDBOX_ORG_APP, SANDBOX_PERSONAL_APP]) {
      const body = JSON.stringify({
        event: 'endpoint.url_validation',
        payload: { plainToken: 'abc123' },
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const res = await fetch(`${service.url}/webhooks/zoom`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-zm-request-timestamp': timestamp,
          'x-zm-signature': signZoomWebhook(app.webhookSecret, timestamp, body),
        },
        body,
      });
      expect(res.status).toBe(401);
    }
  });
});

/** Everything production requires, none of it the sandbox's. */
function productionConfig(): Record<string, string> {
  return {
    ...realZoom,
    ...Object.fromEntries(ZOOM_SECRETS.map((name) => [name, `real-${name.toLowerCase()}`])),
    PUBLIC_URL: 'https://zoom-connect.example.com',
    // Nothing listens there: mail waits in the outbox, which is all these tests need.
    SMTP_URL: 'smtp://127.0.0.1:9',
    MAIL_FROM: 'Initech Zoom <zoom@initech.example>',
    // A store id: the development id is never assumed in production.
    EXTENSION_IDS: 'abcdefghijklmnopabcdefghijklmnop',
    PORT: '0',
    HEALTH_CHECK_INTERVAL_MINUTES: '0',
  };
}

describe('npm run org:create', () => {
  it('refuses bad arguments and an email that already has an account, creating nothing twice', async () => {
    const config = { ...productionConfig(), DATA_DIR: join(dataDir, 'create-org') };
    const bad = await runUntilExit('server/create-org.ts', config, 30_000, ['--name', 'X']);
    expect(bad.code).not.toBe(0);
    expect(bad.output).toContain('Usage: npm run org:create');
    const args = [
      '--name',
      'Hooli',
      '--owner-email',
      'gavin@hooli.example',
      '--owner-name',
      'Gavin',
    ];
    expect((await runUntilExit('server/create-org.ts', config, 30_000, args)).code).toBe(0);
    const again = await runUntilExit('server/create-org.ts', config, 30_000, args);
    expect(again.code).not.toBe(0);
    expect(again.output).toContain('already has an account');
  }, 90_000);
});
