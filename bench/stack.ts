import type { SignInResponse } from '../lib/contracts/api';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { defaultSandboxApps, type RunningZoomSandbox, startZoomSandbox } from '../sandbox/server';
import { DEMO_PASSWORD } from '../server/seed/demo';
import { approveAtZoom } from '../test/server/zoom-browser';
import type { BenchDatabase } from './databases';
import { type NodeProcess, startNodeProcess } from './processes';

/**
 * The bench's own org service, Zoom sandbox, floor server and mail catcher, on ports 19700–19704, or from
 * `BENCH_PORT` on (other work on these machines uses 8787/8788 and 18787/18788). The extension
 * is built for SERVICE_URL, so the service on each database listens there in turn.
 */
const BASE_PORT = Number(process.env.BENCH_PORT ?? 19700);
export const BENCH_PORTS = {
  service: BASE_PORT,
  sandbox: BASE_PORT + 1,
  floor: BASE_PORT + 2,
  mailSmtp: BASE_PORT + 3,
  mailWeb: BASE_PORT + 4,
} as const;
export const SERVICE_URL = `http://127.0.0.1:${BENCH_PORTS.service}`;

export function startSandbox(): Promise<RunningZoomSandbox> {
  return startZoomSandbox({
    port: BENCH_PORTS.sandbox,
    apps: defaultSandboxApps().map((app) => ({
      ...app,
      redirectUris: [`${SERVICE_URL}/oauth/zoom/callback`],
      deauthorizationUrl: `${SERVICE_URL}/webhooks/zoom`,
    })),
  });
}

/**
 * The org service as `npm run service` runs it (server/dev.ts, development mode), talking to
 * the bench's sandbox. Health checks are off: a tick calling Zoom in the middle of a load run
 * would be noise in the figures, and the bench measures serving requests.
 */
export function startOrgService(db: BenchDatabase, sandboxUrl: string): Promise<NodeProcess> {
  return startNodeProcess({
    entry: 'server/dev.ts',
    env: {
      ...db.serviceEnv,
      HOST: '127.0.0.1',
      PORT: String(BENCH_PORTS.service),
      ZOOM_OAUTH_URL: sandboxUrl,
      ZOOM_API_URL: `${sandboxUrl}/v2`,
      SEED_DEMO: 'false',
      HEALTH_CHECK_INTERVAL_MINUTES: '0',
      // Its own mail catcher, so a bench beside `npm run dev` (1025/1080) or another bench starts.
      MAIL_CATCHER_SMTP_PORT: String(BENCH_PORTS.mailSmtp),
      MAIL_CATCHER_PORT: String(BENCH_PORTS.mailWeb),
    },
    listening: /Org service\s+(http:\/\/[\d.]+:\d+)/,
  });
}

/** The bare Hono + one prepared query floor (bench/floors/hono-pk-query.ts). */
export function startFloorServer(db: BenchDatabase): Promise<NodeProcess> {
  return startNodeProcess({
    entry: 'bench/floors/hono-pk-query.ts',
    env: { ...db.floorEnv, FLOOR_PORT: String(BENCH_PORTS.floor) },
    listening: /Floor listening on (http:\/\/[\d.]+:\d+)/,
  });
}

/** A signed-in session as the extension stores it (lib/extension/shared/session.ts). */
export async function signIn(serviceUrl: string, email: string): Promise<StoredSession> {
  const res = await fetch(`${serviceUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in ${email}: ${res.status} ${await res.text()}`);
  return { ...((await res.json()) as SignInResponse), serviceUrl };
}

export function bearer(session: StoredSession): Record<string, string> {
  return { authorization: `Bearer ${session.token}` };
}

/**
 * The org approval as the product does it, over HTTP: the admin makes a link, a Zoom admin
 * approves at the sandbox, the service's callback stores the connection. Every member whose
 * rule says "organization" then has an active connection to show.
 */
export async function connectOrg(serviceUrl: string, admin: StoredSession): Promise<void> {
  const post = async <T>(path: string, body: unknown, headers = {}): Promise<T> => {
    const res = await fetch(`${serviceUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const link = await post<{ url: string }>('/api/org/zoom/approval-links', {}, bearer(admin));
  const linkToken = link.url.split('/').at(-1);
  const flow = await post<{ authorizeUrl: string }>(`/api/approvals/${linkToken}/flows`, {
    client: 'web',
  });
  const answer = await approveAtZoom(flow.authorizeUrl, 'zara@acme.test');
  if (!answer.location) throw new Error(`Zoom did not redirect:\n${answer.html.slice(0, 300)}`);
  const callback = await fetch(answer.location, { redirect: 'manual' });
  const outcome = new URL(callback.headers.get('location') ?? 'http://x/').searchParams.get(
    'outcome',
  );
  if (outcome !== 'connected') throw new Error(`The org approval ended as ${outcome}`);
}

export interface ServiceOnDatabase {
  service: NodeProcess;
  /** mia@acme.test, a member whose active connection is the organization's. */
  member: StoredSession;
  /** olivia@acme.test, the org's owner. */
  admin: StoredSession;
}

/**
 * Runs `work` against the org service on `db` with the org connected, then stops the service
 * and drops the database, whatever happened.
 */
export async function withService<T>(
  db: BenchDatabase,
  sandboxUrl: string,
  work: (s: ServiceOnDatabase) => Promise<T>,
): Promise<T> {
  try {
    const service = await startOrgService(db, sandboxUrl);
    try {
      const admin = await signIn(SERVICE_URL, 'olivia@acme.test');
      await connectOrg(SERVICE_URL, admin);
      const member = await signIn(SERVICE_URL, 'mia@acme.test');
      return await work({ service, member, admin });
    } finally {
      await service.stop();
    }
  } finally {
    await db.drop();
  }
}
