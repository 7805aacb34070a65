import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZoomClient, ZoomOAuthError, ZoomUnavailableError } from '../../server/zoom/client';

/**
 * How the token endpoint's answers are read (zoom-platform.md §9): only `invalid_grant` means
 * the grant is dead. A stand-in server answers each case exactly as given.
 */

let server: Server;
let next: { status: number; type: string; body: string };
let url = '';

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(next.status, { 'content-type': next.type });
    res.end(next.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function refreshAnswered(status: number, body: string, type = 'application/json') {
  next = { status, type, body };
  const zoom = createZoomClient({ oauthUrl: url, apiUrl: `${url}/v2` });
  return zoom.refresh({ clientId: 'id', clientSecret: 'secret' }, 'refresh').catch((e) => e);
}

describe("the token endpoint's answers", () => {
  it('reads invalid_grant as a dead grant', async () => {
    const err = await refreshAnswered(400, '{"reason":"Invalid Token!","error":"invalid_grant"}');
    expect(err).toBeInstanceOf(ZoomOAuthError);
    expect(err.grantIsDead).toBe(true);
  });

  it('reads invalid_client and other JSON errors as our problem, not the grant', async () => {
    for (const body of [
      '{"reason":"Invalid client_id or client_secret","error":"invalid_client"}',
      '{"reason":"Unsupported grant type","error":"unsupported_grant_type"}',
      '{}',
    ]) {
      const err = await refreshAnswered(401, body);
      expect(err).toBeInstanceOf(ZoomOAuthError);
      expect(err.grantIsDead).toBe(false);
    }
  });

  it('reads an HTML 403 from an edge as not coming from the grant', async () => {
    const err = await refreshAnswered(403, '<html><body>Access denied</body></html>', 'text/html');
    expect(err).toBeInstanceOf(ZoomOAuthError);
    expect(err).toMatchObject({ error: 'unexpected_response', grantIsDead: false });
    expect(err.reason).toMatch(/403/);
  });

  it('reads 5xx and 429 as Zoom being unavailable', async () => {
    expect(await refreshAnswered(502, '<html>Bad gateway</html>', 'text/html')).toBeInstanceOf(
      ZoomUnavailableError,
    );
    expect(await refreshAnswered(429, '{"error":"too_many_requests"}')).toBeInstanceOf(
      ZoomUnavailableError,
    );
  });
});
