import { describe, expect, it } from 'vitest';
import { SANDBOX_ORG_APP, SANDBOX_PERSONAL_APP } from '../../sandbox/seed.ts';
import {
  api,
  basicAuth,
  connect,
  control,
  form,
  makeSandbox,
  refreshTokens,
  type TestSandbox,
} from './helpers.ts';

function revoke(
  sandbox: TestSandbox,
  token: string,
  app: { clientId: string; clientSecret: string } = SANDBOX_ORG_APP,
) {
  return sandbox.request('/oauth/revoke', {
    ...form({ token }),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: basicAuth(app),
    },
  });
}

describe('refresh', () => {
  it('rotates the refresh token so the previous one dies', async () => {
    const sandbox = makeSandbox();
    const first = await connect(sandbox, 'zara@acme.test');
    const refreshed = await refreshTokens(sandbox, first.refresh_token);
    expect(refreshed.status).toBe(200);
    const second = await refreshed.json();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await api(sandbox, '/users/me', second.access_token)).status).toBe(200);

    const stale = await refreshTokens(sandbox, first.refresh_token);
    expect(stale.status).toBe(400);
    expect(await stale.json()).toEqual({ reason: 'Invalid Token!', error: 'invalid_grant' });
    const stats = await (await control(sandbox, 'GET', '/stats')).json();
    expect(stats.tokenRequests).toEqual({ authorization_code: 1, refresh_token: 2 });
    expect(Object.values(stats.refreshesByGrant)).toEqual([1]);
  });

  it('fails with the owner-does-not-exist reason once the user is deleted', async () => {
    const sandbox = makeSandbox();
    const tokens = await connect(sandbox, 'zara@acme.test');
    expect((await control(sandbox, 'DELETE', '/users/zara@acme.test')).status).toBe(200);
    const response = await refreshTokens(sandbox, tokens.refresh_token);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      reason: 'The owner of the token does not exist',
      error: 'invalid_grant',
    });
    const me = await api(sandbox, '/users/me', tokens.access_token);
    expect(me.status).toBe(401);
    expect((await me.json()).code).toBe(124);
  });

  it('revokes the older grant when the same account authorizes the admin app again', async () => {
    const sandbox = makeSandbox();
    const older = await connect(sandbox, 'zara@acme.test');
    await connect(sandbox, 'olivia@acme.test');
    expect((await api(sandbox, '/users/me', older.access_token)).status).toBe(401);
    expect((await refreshTokens(sandbox, older.refresh_token)).status).toBe(400);
  });

  it('revokes the older grant when the same user authorizes the user app again', async () => {
    const sandbox = makeSandbox();
    const older = await connect(sandbox, 'mia@acme.test', SANDBOX_PERSONAL_APP);
    const other = await connect(sandbox, 'max@acme.test', SANDBOX_PERSONAL_APP);
    await connect(sandbox, 'mia@acme.test', SANDBOX_PERSONAL_APP);
    expect((await api(sandbox, '/users/me', older.access_token)).status).toBe(401);
    expect((await api(sandbox, '/users/me', other.access_token)).status).toBe(200);
  });
});

describe('revoke', () => {
  it('kills the grant and reports success', async () => {
    const sandbox = makeSandbox();
    const tokens = await connect(sandbox, 'zara@acme.test');
    const response = await revoke(sandbox, tokens.access_token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'success' });
    const me = await api(sandbox, '/users/me', tokens.access_token);
    expect(me.status).toBe(401);
    expect(await me.json()).toEqual({ code: 124, message: 'Invalid access token.' });
    expect((await refreshTokens(sandbox, tokens.refresh_token)).status).toBe(400);
    await sandbox.store.idle();
    const stats = await (await control(sandbox, 'GET', '/stats')).json();
    expect(stats.revokes).toBe(1);
    // No deauthorization URL configured here: the attempt is recorded, not thrown.
    expect(stats.webhooksSent[0]).toMatchObject({ event: 'app_deauthorized', status: null });
  });

  it('refuses another app’s token', async () => {
    const sandbox = makeSandbox();
    const tokens = await connect(sandbox, 'zara@acme.test');
    const response = await revoke(sandbox, tokens.refresh_token, SANDBOX_PERSONAL_APP);
    expect(response.status).toBe(400);
    expect((await api(sandbox, '/users/me', tokens.access_token)).status).toBe(200);
  });
});

describe('tokens in query strings', () => {
  it('are rejected with code 124 on the API and the token endpoint', async () => {
    const sandbox = makeSandbox();
    const tokens = await connect(sandbox, 'zara@acme.test');
    const expected = {
      code: 124,
      message:
        'Invalid access token, this access token is not supported as query parameter string.',
    };
    const apiCall = await sandbox.request(`/v2/users/me?access_token=${tokens.access_token}`);
    expect(apiCall.status).toBe(401);
    expect(await apiCall.json()).toEqual(expected);
    const tokenCall = await sandbox.request(
      `/oauth/token?grant_type=refresh_token&refresh_token=${tokens.refresh_token}`,
      { method: 'POST', headers: { authorization: basicAuth(SANDBOX_ORG_APP) } },
    );
    expect(tokenCall.status).toBe(401);
    expect(await tokenCall.json()).toEqual(expected);
  });
});

describe('access token lifetime', () => {
  it('expires after accessTokenTtlSeconds with "Access token is expired."', async () => {
    let now = Date.parse('2025-03-01T10:00:00Z');
    const sandbox = makeSandbox({ now: () => now, accessTokenTtlSeconds: 60 });
    const tokens = await connect(sandbox, 'zara@acme.test');
    expect(tokens.expires_in).toBe(60);
    now += 61_000;
    const me = await api(sandbox, '/users/me', tokens.access_token);
    expect(me.status).toBe(401);
    expect(await me.json()).toEqual({ code: 124, message: 'Access token is expired.' });
    const refreshed = await (await refreshTokens(sandbox, tokens.refresh_token)).json();
    expect((await api(sandbox, '/users/me', refreshed.access_token)).status).toBe(200);
  });

  it('rejects a missing or unknown bearer token', async () => {
    const sandbox = makeSandbox();
    const missing = await sandbox.request('/v2/users/me');
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ code: 124, message: 'Invalid access token.' });
    expect((await api(sandbox, '/users/me', 'not-a-token')).status).toBe(401);
  });
});
