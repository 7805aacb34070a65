import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meResponse, signInResponse } from '../../lib/contracts/api';
import { apiErrorBody } from '../../lib/contracts/errors';
import { hashToken } from '../../server/crypto/tokens';
import { accounts, sessions } from '../../server/db/schema';
import { startTestService, type TestService } from './harness';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.close());

describe('sign-in and sessions', () => {
  it('signs a demo member in and returns their org and role', async () => {
    const res = await service.request('POST', '/api/auth/sign-in', {
      body: { email: 'MIA@acme.test', password: 'demo-password' },
    });
    expect(res.status).toBe(200);
    const body = signInResponse.parse(await res.json());
    expect(body.account.email).toBe('mia@acme.test');
    expect(body.membership).toMatchObject({ orgName: 'Acme Scheduling', role: 'user' });
  });

  it('stores only a hash of the session token', async () => {
    const res = await service.request('POST', '/api/auth/sign-in', {
      body: { email: 'adam@acme.test', password: 'demo-password' },
    });
    const { token } = signInResponse.parse(await res.json());
    const rows = await service.deps.db.select().from(sessions);
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
    expect(rows.some((r) => r.tokenHash === hashToken(token))).toBe(true);
  });

  it('stores passwords with a memory-hard hash, never in the clear', async () => {
    const [row] = await service.deps.db
      .select()
      .from(accounts)
      .where(eq(accounts.email, 'mia@acme.test'));
    // OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
    expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row?.passwordHash).not.toContain('demo-password');
  });

  it.each([
    ['a wrong password', { email: 'mia@acme.test', password: 'nope' }],
    ['an unknown email', { email: 'nobody@acme.test', password: 'demo-password' }],
  ])('refuses %s with the same message', async (_, body) => {
    const res = await service.request('POST', '/api/auth/sign-in', { body });
    expect(res.status).toBe(401);
    expect(apiErrorBody.parse(await res.json()).error).toEqual({
      code: 'invalid_credentials',
      message: 'Incorrect email or password.',
    });
  });

  it('returns the member and their active Zoom from /api/me', async () => {
    const headers = await service.signIn('mia@acme.test');
    const res = await service.request('GET', '/api/me', { headers });
    expect(res.status).toBe(200);
    const me = meResponse.parse(await res.json());
    expect(me.zoom).toMatchObject({
      status: 'not_connected',
      reason: 'org_not_connected',
      type: null,
    });
  });

  it('ends the session on sign-out', async () => {
    const headers = await service.signIn('mia@acme.test');
    expect((await service.request('POST', '/api/auth/sign-out', { headers })).status).toBe(204);
    const res = await service.request('GET', '/api/me', { headers });
    expect(res.status).toBe(401);
    expect(apiErrorBody.parse(await res.json()).error.code).toBe('unauthenticated');
  });

  it.each([
    ['no header', {}],
    ['a made-up token', { authorization: 'Bearer aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }],
    ['a malformed header', { authorization: 'Basic abc' }],
  ])('rejects %s on a protected endpoint', async (_, headers) => {
    const res = await service.request('GET', '/api/me', { headers });
    expect(res.status).toBe(401);
    apiErrorBody.parse(await res.json());
  });
});
