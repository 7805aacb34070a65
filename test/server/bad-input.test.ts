import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalLinks, oauthFlows, personalConnections } from '../../server/db/schema';
import { expectApiError, postZoomWebhook, startTestService, type TestService } from './harness';

let service: TestService;
let owner: Record<string, string>;
beforeAll(async () => {
  service = await startTestService();
  owner = await service.signIn('olivia@acme.test');
});
afterAll(() => service.close());

describe('bad input gets a stable 4xx error and changes nothing', () => {
  it.each([
    ['not JSON', '{oops'],
    ['a missing password', { email: 'mia@acme.test' }],
    ['a bad email', { email: 'not-an-email', password: 'x' }],
    ['an extra field', { email: 'mia@acme.test', password: 'demo-password', admin: true }],
    ['an array', []],
  ])('sign-in with %s', async (_, body) => {
    const res = await service.request('POST', '/api/auth/sign-in', { body });
    await expectApiError(res, 400, 'bad_request');
  });

  it('names the field that is wrong', async () => {
    const res = await service.request('POST', '/api/auth/sign-in', { body: { email: 'x@y.test' } });
    const error = await expectApiError(res, 400, 'bad_request');
    expect(error.issues?.map((i) => i.path)).toContain('password');
  });

  // The contracts are zod/mini, which has no locale of its own (server/http/errors.ts sets one).
  it('says in words what is wrong, not just "Invalid input"', async () => {
    const res = await service.request('POST', '/api/auth/sign-in', {
      body: { email: 'not-an-email', password: 'x' },
    });
    const error = await expectApiError(res, 400, 'bad_request');
    expect(error.issues).toContainEqual({ path: 'email', message: 'Invalid email address' });

    const list = await service.request('GET', '/api/org/members?limit=0', { headers: owner });
    const listError = await expectApiError(list, 400, 'bad_request');
    expect(listError.issues).toContainEqual({
      path: 'limit',
      message: 'Too small: expected number to be >=1',
    });
  });

  it('approval link creation with unexpected fields', async () => {
    const res = await service.request('POST', '/api/org/zoom/approval-links', {
      headers: owner,
      body: { orgId: 'org_globex' },
    });
    await expectApiError(res, 400, 'bad_request');
    expect(await service.deps.db.select().from(approvalLinks)).toHaveLength(0);
  });

  it.each([
    ['limit 0', '?limit=0'],
    ['limit 10000', '?limit=10000'],
    ['a forged cursor', '?cursor=bm90LWpzb24'],
    ['an unknown parameter', '?orgId=org_globex'],
  ])('member list with %s', async (_, query) => {
    const res = await service.request('GET', `/api/org/members${query}`, { headers: owner });
    await expectApiError(res, 400, 'bad_request');
  });

  const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each([
    ['numbers for the name and id', 'sort=name', { sort: 'name', dir: 'asc', keys: [1, 2] }],
    [
      'text for the status rank',
      'sort=status',
      { sort: 'status', dir: 'asc', keys: ['x', 'a', 'b'] },
    ],
    ['a fractional rank', 'sort=type', { sort: 'type', dir: 'asc', keys: [0.5, 'a', 'b'] }],
    ['a rank past int range', 'sort=type', { sort: 'type', dir: 'asc', keys: [2 ** 40, 'a', 'b'] }],
    ['a NUL in the name', 'sort=name', { sort: 'name', dir: 'asc', keys: ['a\u0000', 'b'] }],
    ['too many keys', 'sort=email', { sort: 'email', dir: 'asc', keys: ['a', 'b', 'c'] }],
    ['an extra field', 'sort=name', { sort: 'name', dir: 'asc', keys: ['a', 'b'], orgId: 'x' }],
    ['JSON null', 'sort=name', null],
  ])('member list with a cursor holding %s', async (_, query, value) => {
    const res = await service.request('GET', `/api/org/members?${query}&cursor=${cursor(value)}`, {
      headers: owner,
    });
    await expectApiError(res, 400, 'bad_request');
  });

  it.each([
    ['a malformed token', '/api/approvals/short'],
    ['a malformed state', '/api/oauth/flows/!!'],
  ])('public endpoints with %s', async (_, path) => {
    await expectApiError(await service.request('GET', path), 400, 'bad_request');
  });

  it('starting a flow with a redirect that is not our extension', async () => {
    const link = await (
      await service.request('POST', '/api/org/zoom/approval-links', { headers: owner, body: {} })
    ).json();
    const token = (link as { url: string }).url.split('/').at(-1);
    for (const redirectUri of [
      'https://evil.example/zoom',
      'https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.chromiumapp.org/zoom',
      'http://oacpaialeagcbfeomjhghbeadnghhhpd.chromiumapp.org/zoom',
    ]) {
      const res = await service.request('POST', `/api/approvals/${token}/flows`, {
        body: { client: 'extension', redirectUri },
      });
      expect(res.status).toBe(400);
    }
    const bad = await service.request('POST', `/api/approvals/${token}/flows`, {
      body: { client: 'desktop' },
    });
    await expectApiError(bad, 400, 'bad_request');
    expect(await service.deps.db.select().from(oauthFlows)).toHaveLength(0);
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])(
    'an asset named like a property every object has (%s)',
    async (name) => {
      await expectApiError(await service.request('GET', `/assets/${name}`), 404, 'not_found');
    },
  );

  it.each([1e20, -1e20, 2 ** 53])(
    'a signed Zoom uninstall whose event time (%d ms) no date can hold',
    async (eventTs) => {
      await service.deps.db.delete(personalConnections);
      await service.deps.db.insert(personalConnections).values({
        accountId: 'acct_mia',
        orgId: 'org_acme',
        state: 'active',
        zoomUserId: 'zu_mia',
        zoomAccountId: 'mia-zoom-account',
        zoomEmail: 'mia@zoom.test',
        connectedAt: new Date('2001-01-01T00:00:00Z'),
      });
      const res = await postZoomWebhook(service, 'personal', {
        event: 'app_deauthorized',
        event_ts: eventTs,
        payload: {
          account_id: 'mia-zoom-account',
          user_id: 'zu_mia',
          client_id: service.env.ZOOM_PERSONAL_CLIENT_ID,
        },
      });
      await expectApiError(res, 400, 'bad_request');
      expect(await service.deps.db.select().from(personalConnections)).toHaveLength(1);
    },
  );

  it('an unknown endpoint', async () => {
    await expectApiError(await service.request('GET', '/api/nope'), 404, 'not_found');
  });

  it('a body over the size limit', async () => {
    const res = await service.request('POST', '/api/auth/sign-in', {
      body: { email: 'a@b.test', password: 'x'.repeat(70_000) },
    });
    await expectApiError(res, 413, 'bad_request');
  });
});
