import { describe, expect, it } from 'vitest';
import { ADMIN_APP_SCOPES, USER_APP_SCOPES } from '../../sandbox/scopes.ts';
import { SANDBOX_ORG_APP, SANDBOX_PERSONAL_APP } from '../../sandbox/seed.ts';
import {
  authorizationIdOf,
  authorizeAs,
  authorizeUrl,
  BASE_URL,
  basicAuth,
  codeFor,
  control,
  exchangeCode,
  form,
  makeSandbox,
  pkcePair,
  REDIRECT_URI,
} from './helpers.ts';

describe('authorize page', () => {
  it('renders an accessible sign-in page for a valid request', async () => {
    const sandbox = makeSandbox();
    const response = await sandbox.request(
      authorizeUrl({ client_id: SANDBOX_ORG_APP.clientId, redirect_uri: REDIRECT_URI }),
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<label for="email">Email</label>');
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toContain('Sign In</button>');
  });

  it('rejects a redirect_uri outside the allow list with Zoom 4700 JSON', async () => {
    const sandbox = makeSandbox();
    const evil = 'https://evil.test/cb';
    const response = await sandbox.request(
      authorizeUrl({ client_id: SANDBOX_ORG_APP.clientId, redirect_uri: evil }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      status: false,
      errorCode: 4700,
      errorMessage: `Invalid redirect: ${evil}`,
      result: null,
    });
  });

  it('rejects an unknown client and a scope parameter', async () => {
    const sandbox = makeSandbox();
    const unknown = await sandbox.request(
      authorizeUrl({ client_id: 'nope', redirect_uri: REDIRECT_URI }),
    );
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).status).toBe(false);
    const scoped = await sandbox.request(
      authorizeUrl({
        client_id: SANDBOX_ORG_APP.clientId,
        redirect_uri: REDIRECT_URI,
        scope: 'meeting:write',
      }),
    );
    expect(scoped.status).toBe(400);
    expect((await scoped.json()).errorMessage).toBe('Invalid scopes');
  });
});

describe('sign-in and consent', () => {
  it('completes authorize → sign in → consent → token → users/me with S256 PKCE', async () => {
    const sandbox = makeSandbox();
    const { verifier, challenge } = pkcePair();
    const consent = await authorizeAs(sandbox, {
      email: 'zara@acme.test',
      state: 'xyz',
      challenge,
    });
    expect(consent.status).toBe(302);
    const location = new URL(consent.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('xyz');
    const code = location.searchParams.get('code') ?? '';

    const token = await exchangeCode(sandbox, code, { code_verifier: verifier });
    expect(token.status).toBe(200);
    const body = await token.json();
    expect(body).toMatchObject({
      token_type: 'bearer',
      expires_in: 3599,
      scope: ADMIN_APP_SCOPES.join(' '),
      api_url: BASE_URL,
    });
    expect(body.access_token).toEqual(expect.any(String));
    expect(body.refresh_token).toEqual(expect.any(String));

    const me = await sandbox.request('/v2/users/me', {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      id: 'zu_zara',
      email: 'zara@acme.test',
      role_name: 'Admin',
      account_id: 'acme-zoom-account',
    });
  });

  it('shows the consent page naming the app and the signed-in account', async () => {
    const sandbox = makeSandbox();
    const signIn = await sandbox.request(
      authorizeUrl({ client_id: SANDBOX_PERSONAL_APP.clientId, redirect_uri: REDIRECT_URI }),
    );
    const id = authorizationIdOf(await signIn.text());
    const consent = await sandbox.request(
      '/oauth/signin',
      form({ authorization_id: id, email: 'mia@acme.test', password: 'zoom-password' }),
    );
    const html = await consent.text();
    expect(html).toContain('Org Zoom Connect (personal) would like to access your Zoom account');
    expect(html).toContain('mia@acme.test');
    expect(html).toContain('>Allow</button>');
    expect(html).toContain('>Decline</button>');
  });

  it('answers a wrong password with the sign-in page and an error', async () => {
    const sandbox = makeSandbox();
    const signIn = await sandbox.request(
      authorizeUrl({ client_id: SANDBOX_ORG_APP.clientId, redirect_uri: REDIRECT_URI }),
    );
    const id = authorizationIdOf(await signIn.text());
    const response = await sandbox.request(
      '/oauth/signin',
      form({ authorization_id: id, email: 'zara@acme.test', password: 'wrong' }),
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Incorrect email or password.');
    expect(authorizationIdOf(html)).toBe(id);
  });

  it('refuses a Member on the admin-managed app without issuing a code', async () => {
    const sandbox = makeSandbox();
    const response = await authorizeAs(sandbox, { email: 'mia@acme.test' });
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain(
      'An account admin is required to install this type of app. Please contact your account admin or IT administrator to install this app.',
    );
    expect(sandbox.store.codes.size).toBe(0);
  });

  it('lets a custom role with admin privileges install the admin-managed app', async () => {
    const sandbox = makeSandbox();
    await control(sandbox, 'PATCH', '/users/adam@acme.test', { role: 'Scheduling Admin' });
    const code = await codeFor(sandbox, { email: 'adam@acme.test' });
    expect((await exchangeCode(sandbox, code)).status).toBe(200);
  });

  it('refuses a custom role without admin privileges on the admin-managed app', async () => {
    const sandbox = makeSandbox();
    await control(sandbox, 'PATCH', '/users/adam@acme.test', { role: 'Scheduler' });
    const response = await authorizeAs(sandbox, { email: 'adam@acme.test' });
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('An account admin is required');
  });

  it('lets a Member authorize the user-managed app', async () => {
    const sandbox = makeSandbox();
    const code = await codeFor(sandbox, { app: SANDBOX_PERSONAL_APP, email: 'mia@acme.test' });
    const token = await exchangeCode(sandbox, code, {}, SANDBOX_PERSONAL_APP);
    expect(token.status).toBe(200);
    expect((await token.json()).scope).toBe(USER_APP_SCOPES.join(' '));
  });

  it('redirects a decline with error=access_denied and the state', async () => {
    const sandbox = makeSandbox();
    const response = await authorizeAs(sandbox, {
      email: 'zara@acme.test',
      decision: 'decline',
      state: 's1',
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('s1');
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('omits state from the redirect when none was sent', async () => {
    const sandbox = makeSandbox();
    const response = await authorizeAs(sandbox, { email: 'olivia@acme.test' });
    expect(new URL(response.headers.get('location') ?? '').searchParams.has('state')).toBe(false);
  });
});

describe('code exchange', () => {
  it('rejects a PKCE verifier that does not match the challenge', async () => {
    const sandbox = makeSandbox();
    const code = await codeFor(sandbox, {
      email: 'zara@acme.test',
      challenge: pkcePair().challenge,
    });
    const response = await exchangeCode(sandbox, code, { code_verifier: pkcePair().verifier });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_grant');
  });

  it('treats a missing challenge method as plain', async () => {
    const sandbox = makeSandbox();
    const signIn = await sandbox.request(
      authorizeUrl({
        client_id: SANDBOX_ORG_APP.clientId,
        redirect_uri: REDIRECT_URI,
        code_challenge: 'plain-verifier-value',
      }),
    );
    const id = authorizationIdOf(await signIn.text());
    await sandbox.request(
      '/oauth/signin',
      form({ authorization_id: id, email: 'zara@acme.test', password: 'zoom-password' }),
    );
    const consent = await sandbox.request(
      '/oauth/consent',
      form({ authorization_id: id, decision: 'allow' }),
    );
    const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const response = await exchangeCode(sandbox, code, { code_verifier: 'plain-verifier-value' });
    expect(response.status).toBe(200);
  });

  it('accepts a code only once', async () => {
    const sandbox = makeSandbox();
    const code = await codeFor(sandbox, { email: 'zara@acme.test' });
    expect((await exchangeCode(sandbox, code)).status).toBe(200);
    const again = await exchangeCode(sandbox, code);
    expect(again.status).toBe(400);
    expect((await again.json()).error).toBe('invalid_grant');
  });

  it('rejects a code older than five minutes', async () => {
    let now = Date.parse('2025-03-01T10:00:00Z');
    const sandbox = makeSandbox({ now: () => now });
    const code = await codeFor(sandbox, { email: 'zara@acme.test' });
    now += 5 * 60 * 1000 + 1;
    const response = await exchangeCode(sandbox, code);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      reason: 'Authorization code expired',
      error: 'invalid_grant',
    });
  });

  it('rejects a redirect_uri different from the authorize one', async () => {
    const sandbox = makeSandbox();
    const code = await codeFor(sandbox, { email: 'zara@acme.test' });
    const response = await exchangeCode(sandbox, code, { redirect_uri: `${REDIRECT_URI}/other` });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_request');
  });

  it('rejects bad client credentials and unknown grant types', async () => {
    const sandbox = makeSandbox();
    const badClient = await sandbox.request('/oauth/token', {
      ...form({ grant_type: 'authorization_code', code: 'x' }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basicAuth({ clientId: SANDBOX_ORG_APP.clientId, clientSecret: 'wrong' }),
      },
    });
    expect(badClient.status).toBe(401);
    expect(await badClient.json()).toEqual({
      reason: 'Invalid client_id or client_secret',
      error: 'invalid_client',
    });
    const unsupported = await sandbox.request('/oauth/token', {
      ...form({ grant_type: 'client_credentials' }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basicAuth(SANDBOX_ORG_APP),
      },
    });
    expect(await unsupported.json()).toEqual({
      reason: 'unsupported grant type',
      error: 'unsupported_grant_type',
    });
  });
});
