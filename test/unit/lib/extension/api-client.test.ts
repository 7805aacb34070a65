import { describe, expect, it, vi } from 'vitest';
import { createConsoleApi } from '@/lib/extension/pages/console-api';
import { createApiClient } from '@/lib/extension/shared/api-client';
import { ApiError } from '@/lib/extension/shared/api-request';
import { jsonResponse } from '../../helpers/fake-service';
import { adminSession, meFor, SERVICE_URL } from '../../helpers/fixtures';

function clientAnswering(response: Response | (() => Promise<Response>), token?: string) {
  const answer = typeof response === 'function' ? response : async () => response;
  const fetchImpl = vi.fn((_url: RequestInfo | URL, _init?: RequestInit) => answer());
  return { api: createApiClient({ serviceUrl: SERVICE_URL, token, fetchImpl }), fetchImpl };
}

describe('api client', () => {
  it('parses a good response with the contract schema', async () => {
    const { api } = clientAnswering(jsonResponse(200, meFor(adminSession)), 'tok');
    const me = await api.me();
    expect(me.membership.orgName).toBe('Acme Scheduling');
    expect(me.zoom.reason).toBe('org_not_connected');
  });

  it('sends the session token as a bearer token', async () => {
    const { api, fetchImpl } = clientAnswering(jsonResponse(200, meFor(adminSession)), 'tok-1');
    await api.me();
    const [url, init = {}] = fetchImpl.mock.calls[0] ?? [];
    expect(url).toBe(`${SERVICE_URL}/api/me`);
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer tok-1');
  });

  it('does not send the session token to unauthenticated approval endpoints', async () => {
    const { api, fetchImpl } = clientAnswering(
      jsonResponse(200, { authorizeUrl: 'https://zoom.test/authorize', state: 's1' }),
      'tok-1',
    );
    await api.startFlow('abcdefghijklmnopqrstuv', {
      client: 'extension',
      redirectUri: 'https://id.chromiumapp.org/zoom',
    });
    const [url, init = {}] = fetchImpl.mock.calls[0] ?? [];
    expect(url).toBe(`${SERVICE_URL}/api/approvals/abcdefghijklmnopqrstuv/flows`);
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).authorization).toBeUndefined();
    expect(JSON.parse(String(init.body))).toEqual({
      client: 'extension',
      redirectUri: 'https://id.chromiumapp.org/zoom',
    });
  });

  it('passes paging parameters to the member list', async () => {
    const fetchImpl = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
      jsonResponse(200, { members: [], nextCursor: null, total: 0 }),
    );
    const api = createConsoleApi({ serviceUrl: SERVICE_URL, token: 'tok', fetchImpl });
    await api.members({ limit: 50, cursor: 'c2' });
    expect(String(fetchImpl.mock.calls[0]?.[0])).toBe(
      `${SERVICE_URL}/api/org/members?limit=50&cursor=c2`,
    );
  });

  it('lets an aborted request fail as an abort, not as an unreachable service', async () => {
    const fetchImpl = vi.fn(
      (_url: RequestInfo | URL, init?: RequestInit) =>
        new Promise<Response>((_, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        ),
    );
    const api = createConsoleApi({ serviceUrl: SERVICE_URL, token: 'tok', fetchImpl });
    const controller = new AbortController();
    const page = api.members({ limit: 50, q: 'bo' }, controller.signal);
    controller.abort();
    const error = await page.catch((e) => e);
    expect(error).not.toBeInstanceOf(ApiError);
    expect(error.name).toBe('AbortError');
  });

  it('turns an error body into an ApiError with status, code and message', async () => {
    const { api } = clientAnswering(
      jsonResponse(401, {
        error: { code: 'invalid_credentials', message: 'Incorrect email or password.' },
      }),
    );
    const error = await api.signIn({ email: 'a@b.test', password: 'x' }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 401,
      code: 'invalid_credentials',
      message: 'Incorrect email or password.',
    });
  });

  it('keeps link error codes so the approval page can explain them', async () => {
    const { api } = clientAnswering(
      jsonResponse(410, { error: { code: 'link_revoked', message: 'Revoked' } }),
    );
    await expect(api.approvalInfo('abcdefghijklmnopqrstuv')).rejects.toMatchObject({
      status: 410,
      code: 'link_revoked',
    });
  });

  it('rejects a success response that does not match the contract', async () => {
    const { api } = clientAnswering(jsonResponse(200, { account: { id: 1 } }), 'tok');
    await expect(api.me()).rejects.toMatchObject({ status: 200, code: 'invalid_response' });
  });

  it('rejects a success response that is not JSON', async () => {
    const { api } = clientAnswering(new Response('<html>proxy</html>', { status: 200 }), 'tok');
    await expect(api.orgZoom()).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('reports an error response without the standard body by status', async () => {
    const { api } = clientAnswering(new Response('Bad gateway', { status: 502 }), 'tok');
    await expect(api.me()).rejects.toMatchObject({ status: 502, code: 'internal' });
  });

  it('reports an unreachable service as a network error', async () => {
    const { api } = clientAnswering(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.approvalInfo('abcdefghijklmnopqrstuv')).rejects.toMatchObject({
      status: 0,
      code: 'network',
    });
  });

  it('accepts 204 for sign-out', async () => {
    const { api } = clientAnswering(new Response(null, { status: 204 }), 'tok');
    await expect(api.signOut()).resolves.toBeUndefined();
  });
});
