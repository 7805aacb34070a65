import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  SANDBOX_ORG_APP,
  SANDBOX_PERSONAL_APP,
  SANDBOX_ZOOM_PASSWORD,
} from '../../sandbox/seed.ts';
import { type RunningZoomSandbox, startZoomSandbox } from '../../sandbox/server.ts';
import { signZoomWebhook } from '../../sandbox/webhooks.ts';

const REDIRECT_URI = 'http://127.0.0.1:9/callback';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let receiver: Server;
let received: Received[] = [];
let sandbox: RunningZoomSandbox;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/zoom`;
  sandbox = await startZoomSandbox({
    apps: [SANDBOX_ORG_APP, SANDBOX_PERSONAL_APP].map((app) => ({
      ...app,
      redirectUris: [REDIRECT_URI],
      deauthorizationUrl: hook,
    })),
  });
});

afterAll(async () => {
  await sandbox.close();
  await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(async () => {
  received = [];
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
});

const basic = `Basic ${Buffer.from(`${SANDBOX_ORG_APP.clientId}:${SANDBOX_ORG_APP.clientSecret}`).toString('base64')}`;

function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });
}

async function connectOverHttp(email: string) {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: SANDBOX_ORG_APP.clientId,
    redirect_uri: REDIRECT_URI,
    state: 'st',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const page = await (await fetch(`${sandbox.url}/oauth/authorize?${query}`)).text();
  const authorizationId = page.match(/name="authorization_id" value="([^"]+)"/)?.[1] ?? '';
  const fields = { authorization_id: authorizationId, email, password: SANDBOX_ZOOM_PASSWORD };
  expect((await post('/oauth/signin', fields)).status).toBe(200);
  const consent = await post('/oauth/consent', {
    authorization_id: authorizationId,
    decision: 'allow',
  });
  expect(consent.status).toBe(302);
  const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const tokens = await post(
    '/oauth/token',
    { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier },
    { authorization: basic },
  );
  expect(tokens.status).toBe(200);
  return (await tokens.json()) as { access_token: string; refresh_token: string; api_url: string };
}

function expectSignedDeauthorization(delivery: Received | undefined) {
  expect(delivery).toBeDefined();
  const { headers, body } = delivery as Received;
  const timestamp = String(headers['x-zm-request-timestamp']);
  expect(headers['x-zm-signature']).toBe(
    signZoomWebhook(SANDBOX_ORG_APP.webhookSecret, timestamp, body),
  );
  // Each app signs with its own Secret Token, so the other app's secret must not verify it.
  expect(headers['x-zm-signature']).not.toBe(
    signZoomWebhook(SANDBOX_PERSONAL_APP.webhookSecret, timestamp, body),
  );
  expect(headers['x-zm-signature']).not.toBe(signZoomWebhook('wrong-secret', timestamp, body));
  const event = JSON.parse(body);
  expect(event).toMatchObject({
    event: 'app_deauthorized',
    event_ts: expect.any(Number),
    payload: {
      account_id: 'acme-zoom-account',
      user_id: 'zu_zara',
      client_id: SANDBOX_ORG_APP.clientId,
      signature: expect.any(String),
      deauthorization_time: expect.any(String),
    },
  });
}

describe('over real HTTP', () => {
  it('reports its listening URL as api_url', async () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const tokens = await connectOverHttp('zara@acme.test');
    expect(tokens.api_url).toBe(sandbox.url);
  });

  it('revoke → API 401 and a signed app_deauthorized webhook', async () => {
    const tokens = await connectOverHttp('zara@acme.test');
    const revoked = await post(
      '/oauth/revoke',
      { token: tokens.access_token },
      { authorization: basic },
    );
    expect(await revoked.json()).toEqual({ status: 'success' });
    const me = await fetch(`${sandbox.url}/v2/users/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(me.status).toBe(401);
    expect((await me.json()).code).toBe(124);
    await sandbox.store.idle();
    expect(received).toHaveLength(1);
    expectSignedDeauthorization(received[0]);
    const stats = await (await fetch(`${sandbox.url}/_sandbox/stats`)).json();
    expect(stats.webhooksSent[0]).toMatchObject({ event: 'app_deauthorized', status: 204 });
  });

  it('deauthorize control revokes and reports the webhook delivery', async () => {
    const tokens = await connectOverHttp('zara@acme.test');
    const response = await fetch(`${sandbox.url}/_sandbox/deauthorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'zara@acme.test', clientId: SANDBOX_ORG_APP.clientId }),
    });
    expect(await response.json()).toMatchObject({ revoked: 1, webhooks: [{ status: 204 }] });
    expectSignedDeauthorization(received[0]);
    const refreshed = await post(
      '/oauth/token',
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
      { authorization: basic },
    );
    expect(await refreshed.json()).toEqual({ reason: 'Invalid Token!', error: 'invalid_grant' });
  });
});
