import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { createZoomSandbox, type SandboxOptions } from '../../sandbox/app.ts';
import {
  SANDBOX_ORG_APP,
  SANDBOX_PERSONAL_APP,
  SANDBOX_ZOOM_PASSWORD,
} from '../../sandbox/seed.ts';

export const BASE_URL = 'http://zoom.sandbox.test';
export const REDIRECT_URI = 'http://127.0.0.1:8787/oauth/zoom/callback';

type AppCredentials = { clientId: string; clientSecret: string };

export function makeSandbox(overrides: Partial<SandboxOptions> = {}) {
  const sandbox = createZoomSandbox({
    baseUrl: BASE_URL,
    apps: [SANDBOX_ORG_APP, SANDBOX_PERSONAL_APP].map((app) => ({
      ...app,
      redirectUris: [REDIRECT_URI],
    })),
    ...overrides,
  });
  return {
    ...sandbox,
    request: (path: string, init?: RequestInit) => sandbox.app.request(path, init),
  };
}
export type TestSandbox = ReturnType<typeof makeSandbox>;

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

export function basicAuth(app: AppCredentials): string {
  return `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`;
}

export function form(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  };
}

export function authorizeUrl(params: Record<string, string>): string {
  return `/oauth/authorize?${new URLSearchParams({ response_type: 'code', ...params })}`;
}

export function authorizationIdOf(html: string): string {
  const id = html.match(/name="authorization_id" value="([^"]+)"/)?.[1];
  expect(id).toBeTruthy();
  return id as string;
}

/** Walks the authorize → sign in → consent pages like a browser; returns the final response. */
export async function authorizeAs(
  sandbox: TestSandbox,
  options: {
    app?: AppCredentials;
    email: string;
    password?: string;
    decision?: 'allow' | 'decline';
    state?: string;
    challenge?: string;
  },
): Promise<Response> {
  const app = options.app ?? SANDBOX_ORG_APP;
  const params: Record<string, string> = { client_id: app.clientId, redirect_uri: REDIRECT_URI };
  if (options.state !== undefined) params.state = options.state;
  if (options.challenge !== undefined) {
    params.code_challenge = options.challenge;
    params.code_challenge_method = 'S256';
  }
  const signIn = await sandbox.request(authorizeUrl(params));
  expect(signIn.status).toBe(200);
  const authorizationId = authorizationIdOf(await signIn.text());
  const consent = await sandbox.request(
    '/oauth/signin',
    form({
      authorization_id: authorizationId,
      email: options.email,
      password: options.password ?? SANDBOX_ZOOM_PASSWORD,
    }),
  );
  expect(consent.status).toBe(200);
  return sandbox.request(
    '/oauth/consent',
    form({ authorization_id: authorizationId, decision: options.decision ?? 'allow' }),
  );
}

export async function codeFor(
  sandbox: TestSandbox,
  options: Parameters<typeof authorizeAs>[1],
): Promise<string> {
  const response = await authorizeAs(sandbox, options);
  expect(response.status).toBe(302);
  const code = new URL(response.headers.get('location') ?? '').searchParams.get('code');
  expect(code).toBeTruthy();
  return code as string;
}

export function exchangeCode(
  sandbox: TestSandbox,
  code: string,
  extra: Record<string, string> = {},
  app: AppCredentials = SANDBOX_ORG_APP,
) {
  const init = form({
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    ...extra,
  });
  return sandbox.request('/oauth/token', {
    ...init,
    headers: { ...init.headers, authorization: basicAuth(app) },
  });
}

export function refreshTokens(
  sandbox: TestSandbox,
  refreshToken: string,
  app: AppCredentials = SANDBOX_ORG_APP,
) {
  const init = form({ grant_type: 'refresh_token', refresh_token: refreshToken });
  return sandbox.request('/oauth/token', {
    ...init,
    headers: { ...init.headers, authorization: basicAuth(app) },
  });
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  scope: string;
  api_url: string;
  token_type: string;
}

/** Full connect with S256 PKCE; returns the token response. */
export async function connect(
  sandbox: TestSandbox,
  email: string,
  app: AppCredentials = SANDBOX_ORG_APP,
): Promise<TokenPair> {
  const { verifier, challenge } = pkcePair();
  const code = await codeFor(sandbox, { app, email, challenge });
  const response = await exchangeCode(sandbox, code, { code_verifier: verifier }, app);
  expect(response.status).toBe(200);
  return (await response.json()) as TokenPair;
}

export function api(sandbox: TestSandbox, path: string, token: string, init: RequestInit = {}) {
  return sandbox.request(`/v2${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
}

export function control(sandbox: TestSandbox, method: string, path: string, body?: unknown) {
  return sandbox.request(`/_sandbox${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
