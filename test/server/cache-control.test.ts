import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitationView } from '../../lib/contracts/api';
import { startTestService, type TestService } from './harness';

let service: TestService;
let owner: Record<string, string>;
let linkToken: string;
let invitationToken: string;
let state: string;

beforeAll(async () => {
  service = await startTestService();
  owner = await service.signIn('olivia@acme.test');
  const link = await service.request('POST', '/api/org/zoom/approval-links', {
    headers: owner,
    body: {},
  });
  linkToken = ((await link.json()) as { url: string }).url.split('/').at(-1) ?? '';
  const invited = await service.request('POST', '/api/org/invitations', {
    headers: owner,
    body: { email: 'cache@acme.test', role: 'user' },
  });
  invitationToken =
    (invitationView.parse(await invited.json()).url ?? '').split('/invite/')[1] ?? '';
  const flow = await service.request('POST', `/api/approvals/${linkToken}/flows`, {
    body: { client: 'web' },
  });
  state = ((await flow.json()) as { state: string }).state;
});
afterAll(() => service.close());

async function cacheControl(
  method: string,
  path: string,
  opts: { auth?: boolean; body?: unknown } = {},
) {
  const res = await service.request(method, path, {
    headers: opts.auth ? owner : {},
    body: opts.body,
  });
  return { status: res.status, cacheControl: res.headers.get('cache-control') };
}

describe('nothing that can carry a token is stored by a cache', () => {
  it.each<[string, string, string, { auth?: boolean; body?: unknown }?]>([
    ['the console view holding the live approval link', 'GET', '/api/org/zoom', { auth: true }],
    [
      'a sign-in answer holding the session token',
      'POST',
      '/api/auth/sign-in',
      {
        body: { email: 'olivia@acme.test', password: 'demo-password' },
      },
    ],
    ['the signed-in member', 'GET', '/api/me', { auth: true }],
    ['the member table', 'GET', '/api/org/members', { auth: true }],
    ['the member export', 'GET', '/api/org/members.csv', { auth: true }],
    ['an error', 'GET', '/api/me'],
    ['an unknown endpoint', 'GET', '/api/nope'],
    ['a validation error', 'GET', '/api/approvals/short'],
  ])('an API response: %s', async (_, method, path, opts) => {
    expect((await cacheControl(method, path, opts)).cacheControl).toBe('no-store');
  });

  it('the approval page', async () => {
    const res = await cacheControl('GET', `/approve/${linkToken}`);
    expect(res).toEqual({ status: 200, cacheControl: 'no-store' });
  });

  it('the approval page of an unknown link', async () => {
    const res = await cacheControl('GET', '/approve/unknown-link-token-0000');
    expect(res).toEqual({ status: 404, cacheControl: 'no-store' });
  });

  it('the approval result page', async () => {
    const res = await cacheControl('GET', `/approve/result?state=${state}`);
    expect(res).toEqual({ status: 200, cacheControl: 'no-store' });
  });

  it("Zoom's callback", async () => {
    const res = await cacheControl('GET', '/oauth/zoom/callback?state=unknown-state-00000000');
    expect(res.cacheControl).toBe('no-store');
  });

  it('the invitation page', async () => {
    const res = await cacheControl('GET', `/invite/${invitationToken}`);
    expect(res).toEqual({ status: 200, cacheControl: 'no-store' });
  });

  it('the invitation form answered with an error', async () => {
    const res = await service.app.request(`/invite/${invitationToken}`, {
      method: 'POST',
      body: new URLSearchParams({ name: '', password: 'short' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('leaves the static assets cacheable', async () => {
    const res = await service.app.request('/assets/page.css');
    expect(res.headers.get('cache-control')).not.toBe('no-store');
  });
});
