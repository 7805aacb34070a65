import { describe, expect, it } from 'vitest';
import { SANDBOX_ORG_APP, SANDBOX_PERSONAL_APP } from '../../sandbox/seed.ts';
import {
  api,
  codeFor,
  connect,
  control,
  exchangeCode,
  makeSandbox,
  refreshTokens,
} from './helpers.ts';

describe('state and reset', () => {
  it('lists the seed without passwords and returns to it on reset', async () => {
    const sandbox = makeSandbox();
    await connect(sandbox, 'zara@acme.test');
    await control(sandbox, 'POST', '/users', {
      accountId: 'acme-zoom-account',
      email: 'new@acme.test',
      firstName: 'New',
      lastName: 'Person',
      role: 'Scheduler',
    });
    const state = await (await control(sandbox, 'GET', '/state')).json();
    expect(state.users).toHaveLength(7);
    expect(JSON.stringify(state)).not.toContain('zoom-password');
    expect(state.users.find((u: { email: string }) => u.email === 'new@acme.test')).toMatchObject({
      roleName: 'Scheduler',
    });
    expect(state.grants).toEqual([
      expect.objectContaining({ clientId: SANDBOX_ORG_APP.clientId, userEmail: 'zara@acme.test' }),
    ]);

    await control(sandbox, 'POST', '/reset');
    const fresh = await (await control(sandbox, 'GET', '/state')).json();
    expect(fresh.users).toHaveLength(6);
    expect(fresh.grants).toEqual([]);
    expect(fresh.accounts.map((a: { id: string }) => a.id)).toEqual([
      'acme-zoom-account',
      'mia-personal-account',
    ]);
  });

  it('lets a created user sign in and be promoted to install the admin app', async () => {
    const sandbox = makeSandbox();
    const created = await control(sandbox, 'POST', '/users', {
      accountId: 'acme-zoom-account',
      email: 'nina@acme.test',
      firstName: 'Nina',
      lastName: 'New',
      role: 'Member',
      password: 'secret-1',
    });
    expect(created.status).toBe(201);
    await control(sandbox, 'PATCH', '/users/nina@acme.test', { role: 'Admin' });
    const code = await codeFor(sandbox, { email: 'nina@acme.test', password: 'secret-1' });
    expect((await exchangeCode(sandbox, code)).status).toBe(200);
  });

  it('adds another Zoom account whose own admin can install the admin app', async () => {
    const sandbox = makeSandbox();
    const account = await control(sandbox, 'POST', '/accounts', {
      id: 'acme-new-zoom-account',
      name: 'Acme Inc. (new)',
    });
    expect(account.status).toBe(201);
    expect(
      (await control(sandbox, 'POST', '/accounts', { id: 'acme-new-zoom-account', name: 'x' }))
        .status,
    ).toBe(409);
    expect((await control(sandbox, 'POST', '/accounts', { id: '' })).status).toBe(400);
    await control(sandbox, 'POST', '/users', {
      accountId: 'acme-new-zoom-account',
      email: 'nora@acme.test',
      firstName: 'Nora',
      lastName: 'Newadmin',
      role: 'Owner',
    });
    const tokens = await connect(sandbox, 'nora@acme.test');
    const me = await (await api(sandbox, '/users/me', tokens.access_token)).json();
    expect(me.account_id).toBe('acme-new-zoom-account');
  });

  it('gives a custom role its role_id and can leave role_name out of /users/me or everywhere', async () => {
    const sandbox = makeSandbox();
    await control(sandbox, 'PATCH', '/users/zara@acme.test', { role: 'Scheduling Admin' });
    const tokens = await connect(sandbox, 'zara@acme.test');
    const read = async (userId: string) =>
      (await api(sandbox, `/users/${userId}`, tokens.access_token)).json();
    expect(await read('me')).toMatchObject({
      role_name: 'Scheduling Admin',
      role_id: 'rK7qSchedAdm2',
    });

    await control(sandbox, 'PATCH', '/users/zara@acme.test', { omitRoleName: 'me' });
    expect(await read('me')).not.toHaveProperty('role_name');
    expect(await read('me')).toMatchObject({ role_id: 'rK7qSchedAdm2' });
    expect(await read('zara@acme.test')).toMatchObject({ role_name: 'Scheduling Admin' });

    await control(sandbox, 'PATCH', '/users/zara@acme.test', { omitRoleName: 'always' });
    expect(await read('zara@acme.test')).not.toHaveProperty('role_name');
    await control(sandbox, 'PATCH', '/users/zara@acme.test', { omitRoleName: 'never' });
    expect(await read('me')).toMatchObject({ role_name: 'Scheduling Admin' });
  });

  it('revokes a grant like an admin would, without a webhook', async () => {
    const sandbox = makeSandbox();
    const tokens = await connect(sandbox, 'zara@acme.test');
    const response = await control(sandbox, 'POST', '/grants/revoke', {
      email: 'zara@acme.test',
      clientId: SANDBOX_ORG_APP.clientId,
    });
    expect(await response.json()).toEqual({ revoked: 1 });
    expect((await api(sandbox, '/users/me', tokens.access_token)).status).toBe(401);
    expect((await (await control(sandbox, 'GET', '/stats')).json()).webhooksSent).toEqual([]);
  });
});

describe('expiring access tokens', () => {
  it('makes matching access tokens expire now, and a refresh gets a working one', async () => {
    const sandbox = makeSandbox();
    const tokens = await connect(sandbox, 'zara@acme.test');
    const response = await control(sandbox, 'POST', '/expire-tokens', {
      email: 'Zara@acme.test',
      clientId: SANDBOX_ORG_APP.clientId,
    });
    expect(await response.json()).toEqual({ expired: 1 });
    const refused = await api(sandbox, '/users/me', tokens.access_token);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ code: 124, message: 'Access token is expired.' });

    const refreshed = await (await refreshTokens(sandbox, tokens.refresh_token)).json();
    expect((await api(sandbox, '/users/me', refreshed.access_token)).status).toBe(200);
  });

  it('leaves tokens of other users and other apps alone', async () => {
    const sandbox = makeSandbox();
    const zara = await connect(sandbox, 'zara@acme.test');
    const mia = await connect(sandbox, 'mia@acme.test', SANDBOX_PERSONAL_APP);
    const byApp = await control(sandbox, 'POST', '/expire-tokens', {
      clientId: SANDBOX_PERSONAL_APP.clientId,
    });
    expect(await byApp.json()).toEqual({ expired: 1 });
    expect((await api(sandbox, '/users/me', zara.access_token)).status).toBe(200);
    expect((await api(sandbox, '/users/me', mia.access_token)).status).toBe(401);

    const byEmail = await control(sandbox, 'POST', '/expire-tokens', { email: 'olivia@acme.test' });
    expect(await byEmail.json()).toEqual({ expired: 0 });
    expect((await api(sandbox, '/users/me', zara.access_token)).status).toBe(200);

    expect(await (await control(sandbox, 'POST', '/expire-tokens', {})).json()).toEqual({
      expired: 1,
    });
    expect((await api(sandbox, '/users/me', zara.access_token)).status).toBe(401);
  });

  it('answers 404 for an unknown app', async () => {
    const sandbox = makeSandbox();
    const response = await control(sandbox, 'POST', '/expire-tokens', { clientId: 'nope' });
    expect(response.status).toBe(404);
  });
});

describe('bad control bodies', () => {
  it.each([
    ['POST', '/users', { accountId: 'acme-zoom-account', email: 'not-an-email' }],
    ['PATCH', '/users/mia@acme.test', { role: '' }],
    ['PATCH', '/users/mia@acme.test', {}],
    ['PATCH', '/users/mia@acme.test', { omitRoleName: 'sometimes' }],
    ['POST', '/grants/revoke', { email: 'mia@acme.test' }],
    ['POST', '/deauthorize', {}],
    ['POST', '/expire-tokens', { email: '' }],
    ['POST', '/expire-tokens', { user: 'zara@acme.test' }],
    ['POST', '/faults', { match: '/v2', status: 418 }],
    ['POST', '/faults', { match: '/v2', delayMs: 60_000 }],
    ['POST', '/faults', { match: 'v2', status: 500 }],
    ['POST', '/faults', { match: '/v2', status: 503, rateLimit: 'daily' }],
  ])('%s %s answers 400', async (method, path, body) => {
    const sandbox = makeSandbox();
    const response = await control(sandbox, method, path, body);
    expect(response.status).toBe(400);
    const json = await response.json();
    expect(json.error).toMatchObject({ code: 'invalid_request', message: expect.any(String) });
  });

  it('answers 400 for a body that is not JSON', async () => {
    const sandbox = makeSandbox();
    const response = await sandbox.request('/_sandbox/users', { method: 'POST', body: '{' });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('invalid_json');
  });
});

describe('faults', () => {
  it('fails the next `count` matching requests, then recovers', async () => {
    const sandbox = makeSandbox();
    const tokens = await connect(sandbox, 'zara@acme.test');
    await control(sandbox, 'POST', '/faults', { match: '/v2/users', status: 503, count: 2 });
    for (let i = 0; i < 2; i += 1) {
      const failed = await api(sandbox, '/users/me', tokens.access_token);
      expect(failed.status).toBe(503);
      expect((await failed.json()).code).toBe(503);
    }
    expect((await api(sandbox, '/users/me', tokens.access_token)).status).toBe(200);
  });

  it('matches a fault against the path as written, whether or not the client encoded @', async () => {
    const sandbox = makeSandbox();
    const tokens = await connect(sandbox, 'zara@acme.test');
    await control(sandbox, 'POST', '/faults', { match: '/v2/users/max@acme.test', status: 503 });
    const encoded = await api(sandbox, '/users/max%40acme.test', tokens.access_token);
    expect(encoded.status).toBe(503);
    expect((await api(sandbox, '/users/max%40acme.test', tokens.access_token)).status).toBe(200);
  });

  it('returns a Zoom-shaped 429 on the token endpoint', async () => {
    const sandbox = makeSandbox();
    const code = await codeFor(sandbox, { email: 'zara@acme.test' });
    await control(sandbox, 'POST', '/faults', { match: '/oauth/token', status: 429 });
    const limited = await exchangeCode(sandbox, code);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-type')).toBe('QPS');
    expect(await limited.json()).toMatchObject({
      reason: expect.any(String),
      error: expect.any(String),
    });
    // The faulted request never reached Zoom's logic, so the code still works.
    expect((await exchangeCode(sandbox, code)).status).toBe(200);
  });

  it("answers a per-second 429 with Zoom's X-RateLimit headers and when it resets", async () => {
    const now = Date.parse('2025-03-01T12:00:00.400Z');
    const sandbox = makeSandbox({ now: () => now });
    const tokens = await connect(sandbox, 'zara@acme.test');
    await control(sandbox, 'POST', '/faults', { match: '/v2/users', status: 429 });
    const limited = await api(sandbox, '/users/me', tokens.access_token);
    expect(limited.status).toBe(429);
    expect(Object.fromEntries(limited.headers)).toMatchObject({
      'x-ratelimit-type': 'QPS',
      'x-ratelimit-category': 'Medium',
      'x-ratelimit-limit': '20',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Date.parse('2025-03-01T12:00:01Z') / 1000),
    });
    expect(limited.headers.has('retry-after')).toBe(false);
    expect((await limited.json()).code).toBe(429);
  });

  it('plays the daily limit with its headers, or with the body alone', async () => {
    const sandbox = makeSandbox({ now: () => Date.parse('2025-03-01T22:00:00Z') });
    const tokens = await connect(sandbox, 'zara@acme.test');
    const path = '/v2/users/max@acme.test/meetings';
    const create = () =>
      api(sandbox, '/users/max@acme.test/meetings', tokens.access_token, {
        method: 'POST',
        body: JSON.stringify({ topic: 't' }),
      });

    await control(sandbox, 'POST', '/faults', { match: path, status: 429, rateLimit: 'daily' });
    const withHeaders = await create();
    expect(withHeaders.headers.get('x-ratelimit-type')).toBe('Daily-limit');
    expect(withHeaders.headers.get('retry-after')).toBe('2025-03-02T00:00:00Z');

    await control(sandbox, 'POST', '/faults', {
      match: path,
      status: 429,
      rateLimit: 'daily_without_headers',
    });
    const bare = await create();
    expect(bare.status).toBe(429);
    expect([...bare.headers.keys()].filter((name) => /ratelimit|retry-after/.test(name))).toEqual(
      [],
    );
    expect(await bare.json()).toEqual({
      code: 429,
      message:
        'You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.',
    });
  });

  it('delays matching requests and can be cleared', async () => {
    const sandbox = makeSandbox();
    const tokens = await connect(sandbox, 'zara@acme.test');
    await control(sandbox, 'POST', '/faults', { match: '/v2', delayMs: 150 });
    const started = Date.now();
    expect((await api(sandbox, '/users/me', tokens.access_token)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    await control(sandbox, 'POST', '/faults', { match: '/v2', status: 500, count: 5 });
    await control(sandbox, 'DELETE', '/faults');
    expect((await api(sandbox, '/users/me', tokens.access_token)).status).toBe(200);
  });
});
