import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZoomClient, ZoomApiError, ZoomRateLimitError } from '../../server/zoom/client';

/** How `DELETE /meetings/{id}`'s answers are read; a stand-in server answers each case. */

let server: Server;
let next: { status: number; body: string; headers?: Record<string, string> };
let seen: { method?: string; url?: string; authorization?: string } = {};
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    seen = { method: req.method, url: req.url, authorization: req.headers.authorization };
    res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
    res.end(next.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function deleteAnswered(status: number, body = '', headers?: Record<string, string>) {
  next = { status, body, headers };
  const zoom = createZoomClient({ oauthUrl: url, apiUrl: `${url}/v2` });
  return zoom.deleteMeeting('token-1', 81234567890).catch((e: unknown) => e);
}

describe('deleting a meeting at Zoom', () => {
  it('sends DELETE /meetings/{id} with the bearer token and reads 204 as deleted', async () => {
    expect(await deleteAnswered(204)).toBe('deleted');
    expect(seen).toEqual({
      method: 'DELETE',
      url: '/v2/meetings/81234567890',
      authorization: 'Bearer token-1',
    });
  });

  it('treats 404 with code 3001 as already gone', async () => {
    const answer = await deleteAnswered(
      404,
      '{"code":3001,"message":"Meeting does not exist: 81234567890."}',
    );
    expect(answer).toBe('already_gone');
  });

  it('reports any other answer as an error', async () => {
    const scope = await deleteAnswered(
      400,
      '{"code":4711,"message":"Invalid access token, does not contain scopes:[meeting:delete:meeting:admin]."}',
    );
    expect(scope).toBeInstanceOf(ZoomApiError);
    expect(scope).toMatchObject({ zoomCode: 4711 });
    const otherNotFound = await deleteAnswered(404, '<html>not here</html>');
    expect(otherNotFound).toBeInstanceOf(ZoomApiError);
    const limited = await deleteAnswered(429, '{"code":429,"message":"Too many"}', {
      'x-ratelimit-type': 'QPS',
    });
    expect(limited).toBeInstanceOf(ZoomRateLimitError);
  });
});
