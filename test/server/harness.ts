import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { apiErrorBody } from '../../lib/contracts/errors';
import {
  defaultSandboxApps,
  type RunningZoomSandbox,
  startZoomSandbox,
} from '../../sandbox/server';
import { signZoomWebhook } from '../../sandbox/webhooks';
import { createApp } from '../../server/app';
import { createVault } from '../../server/crypto/vault';
import { type DatabaseHandle, type DatabaseOptions, openDatabase } from '../../server/db/client';
import type { Deps } from '../../server/deps';
import { type Env, parseEnv } from '../../server/env';
import { createLogger, type Logger } from '../../server/log';
import { createMailer } from '../../server/mail/transport';
import { DEMO_PASSWORD, seedDemo } from '../../server/seed/demo';
import { createZoomClient } from '../../server/zoom/client';
import { createScratchDatabase } from '../scratch-postgres';

/**
 * A real database per test file: PGlite in memory by default, or a fresh PostgreSQL database
 * when TEST_DATABASE_URL is set (the same suite runs on both in `npm test`).
 */
export async function openTestDatabase(
  opts: DatabaseOptions = {},
): Promise<DatabaseHandle & { url?: string }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return openDatabase({ kind: 'pglite', dataDir: null }, opts);
  const scratch = await createScratchDatabase(adminUrl, 'ozc_test');
  const handle = await openDatabase({ kind: 'postgres', url: scratch.url }, opts);
  return {
    ...handle,
    url: scratch.url,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

export interface TestService {
  app: ReturnType<typeof createApp>;
  deps: Deps;
  env: Env;
  close(): Promise<void>;
  /** Signs a demo account in and returns its bearer header. */
  signIn(email: string, password?: string): Promise<Record<string, string>>;
  /** JSON request helper. */
  request: RequestHelper;
  /**
   * A second copy of the app on the same database, as a second service process would be: on
   * PostgreSQL with its own connection pool, on PGlite (one in-process database) sharing it.
   */
  secondInstance(): Promise<{ request: RequestHelper; deps: Deps; close(): Promise<void> }>;
}

type RequestHelper = (
  method: string,
  path: string,
  opts?: { headers?: Record<string, string>; body?: unknown; address?: string },
) => Promise<Response>;

/**
 * What @hono/node-server hands the app for a request from `address` (read by getConnInfo):
 * in-process requests have no socket, and would all count as one client for rate limits.
 */
export function fromAddress(address: string) {
  return {
    incoming: {
      socket: { remoteAddress: address, remoteFamily: address.includes(':') ? 'IPv6' : 'IPv4' },
    },
  };
}

function requestHelper(app: ReturnType<typeof createApp>): RequestHelper {
  return (method, path, opts = {}) =>
    Promise.resolve(
      app.request(
        path,
        {
          method,
          headers: { 'content-type': 'application/json', ...opts.headers },
          body:
            opts.body === undefined
              ? undefined
              : typeof opts.body === 'string'
                ? opts.body
                : JSON.stringify(opts.body),
        },
        opts.address === undefined ? undefined : fromAddress(opts.address),
      ),
    );
}

export async function startTestService(
  overrides: Record<string, string> = {},
  opts: { log?: Logger } & DatabaseOptions = {},
): Promise<TestService> {
  const env = parseEnv(
    {
      PUBLIC_URL: 'http://service.test',
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ...overrides,
    },
    'development',
  );
  const handle = await openTestDatabase({ queryLogger: opts.queryLogger });
  await seedDemo(handle.db);
  const deps: Deps = {
    db: handle.db,
    env,
    vault: createVault(Buffer.from(env.TOKEN_ENCRYPTION_KEY ?? '', 'base64')),
    zoom: createZoomClient({
      oauthUrl: env.ZOOM_OAUTH_URL,
      apiUrl: env.ZOOM_API_URL,
      timeoutMs: 5000,
    }),
    now: () => new Date(),
    log: opts.log ?? createLogger(),
    mailer: createMailer(env),
  };
  const app = createApp(deps);
  const request = requestHelper(app);
  return {
    app,
    deps,
    env,
    close: () => handle.close(),
    request,
    async secondInstance() {
      if (!handle.url) {
        const same = { ...deps };
        return { request: requestHelper(createApp(same)), deps: same, close: async () => {} };
      }
      const other = await openDatabase({ kind: 'postgres', url: handle.url });
      const second = { ...deps, db: other.db };
      return { request: requestHelper(createApp(second)), deps: second, close: other.close };
    },
    async signIn(email, password = DEMO_PASSWORD) {
      const res = await request('POST', '/api/auth/sign-in', { body: { email, password } });
      if (res.status !== 200) throw new Error(`sign-in failed for ${email}: ${res.status}`);
      const { token } = (await res.json()) as { token: string };
      return { authorization: `Bearer ${token}` };
    },
  };
}

/**
 * A second organization with its own admin, to prove nobody sees another org's data. With
 * `ifMissing`, several tests of one file may ask for it.
 */
export async function seedOtherOrg(
  service: TestService,
  opts: { ifMissing?: boolean } = {},
): Promise<Record<string, string>> {
  const { accounts, memberships, orgs } = await import('../../server/db/schema');
  const { hashPassword } = await import('../../server/crypto/passwords');
  const { eq } = await import('drizzle-orm');
  const existing = await service.deps.db.select().from(orgs).where(eq(orgs.id, 'org_globex'));
  if (opts.ifMissing && existing.length > 0) {
    return service.signIn('gina@globex.test', 'globex-password');
  }
  await service.deps.db.insert(orgs).values({ id: 'org_globex', name: 'Globex' });
  await service.deps.db.insert(accounts).values({
    id: 'acct_gina',
    email: 'gina@globex.test',
    name: 'Gina Globex',
    passwordHash: await hashPassword('globex-password'),
  });
  await service.deps.db.insert(memberships).values({
    orgId: 'org_globex',
    accountId: 'acct_gina',
    role: 'owner',
    memberName: 'Gina Globex',
    memberEmail: 'gina@globex.test',
  });
  return service.signIn('gina@globex.test', 'globex-password');
}

export interface TestServiceWithZoom extends TestService {
  zoom: RunningZoomSandbox;
  /** The sandbox's test controls (`/_sandbox/...`). */
  zoomControl(method: string, path: string, body?: unknown): Promise<Response>;
}

/**
 * The service talking to a real Zoom sandbox over HTTP, as in production. The sandbox sends no
 * webhooks here (tests post signed ones themselves), so nothing reaches a dev service on :8787.
 */
export async function startServiceWithZoom(
  overrides: Record<string, string> = {},
): Promise<TestServiceWithZoom> {
  const zoom = await startZoomSandbox({
    apps: defaultSandboxApps().map((app) => ({
      ...app,
      redirectUris: ['http://service.test/oauth/zoom/callback'],
      deauthorizationUrl: undefined,
    })),
  });
  const service = await startTestService({
    ZOOM_OAUTH_URL: zoom.url,
    ZOOM_API_URL: `${zoom.url}/v2`,
    ...overrides,
  });
  return {
    ...service,
    zoom,
    zoomControl: (method, path, body) =>
      fetch(`${zoom.url}/_sandbox${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    close: async () => {
      await service.close();
      await zoom.close();
    },
  };
}

/**
 * Runs `fn` while the service's Zoom client gives up after `timeoutMs`, as production's does
 * after its own timeout, so a slow sandbox (a `delayMs` fault) plays Zoom not answering.
 */
export async function withZoomTimeout<T>(
  service: TestService,
  timeoutMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  const original = service.deps.zoom;
  service.deps.zoom = createZoomClient({
    oauthUrl: service.env.ZOOM_OAUTH_URL,
    apiUrl: service.env.ZOOM_API_URL,
    timeoutMs,
  });
  try {
    return await fn();
  } finally {
    service.deps.zoom = original;
  }
}

/** Posts a Zoom event signed, like Zoom does, with the Secret Token of the app it is for. */
export function postZoomWebhook(
  service: TestService,
  app: 'org' | 'personal',
  event: unknown,
): Promise<Response> {
  const raw = JSON.stringify(event);
  const secret =
    app === 'org' ? service.env.ZOOM_ORG_WEBHOOK_SECRET : service.env.ZOOM_PERSONAL_WEBHOOK_SECRET;
  const timestamp = String(Math.floor(Date.now() / 1000));
  return Promise.resolve(
    service.app.request('/webhooks/zoom', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-zm-request-timestamp': timestamp,
        'x-zm-signature': signZoomWebhook(secret, timestamp, raw),
      },
      body: raw,
    }),
  );
}

/** The stable error shape: status, code and a message a person can read. Returns the error. */
export async function expectApiError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const { error } = apiErrorBody.parse(await res.json());
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(0);
  return error;
}
