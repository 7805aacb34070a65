import { get, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBody } from '../../lib/contracts/errors';
import { requestHeader } from '../../server/http/request-header';
import { startTestService, type TestService } from './harness';

/**
 * Every answer's headers (server/http/response-headers.ts): the JSON API's own small set, the
 * pages' full set with their Content-Security-Policy, no-store wherever a token can be, and the
 * service's X-Request-Id on all of them, errors included.
 */

let service: TestService;
let member: Record<string, string>;

beforeAll(async () => {
  service = await startTestService();
  member = await service.signIn('mia@acme.test');
});
afterAll(() => service.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The headers that say what an answer is or how it travels, not how to treat it. */
const NOT_POLICY = new Set([
  'content-type',
  'content-length',
  'retry-after',
  'x-request-id',
  'date',
  'connection',
  'keep-alive',
]);

function policyHeaders(res: Response | Iterable<[string, string]>): Record<string, string> {
  const entries = res instanceof Response ? res.headers : res;
  return Object.fromEntries([...entries].filter(([name]) => !NOT_POLICY.has(name)));
}

const API_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** What the pages were sent with before: Hono's secureHeaders with the pages' policy. */
async function secureHeadersOfAPage(): Promise<Record<string, string>> {
  const app = new Hono()
    .use(
      secureHeaders({
        contentSecurityPolicy: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          formAction: ["'self'", service.env.ZOOM_OAUTH_URL],
          frameAncestors: ["'none'"],
        },
      }),
    )
    .get('/', (c) => c.html('<p>page</p>'));
  return policyHeaders(await app.request('/'));
}

describe('JSON API answers', () => {
  it.each<[string, string, string, { auth?: boolean; body?: unknown }?]>([
    ['the signed-in member', 'GET', '/api/me', { auth: true }],
    ['no session', 'GET', '/api/me'],
    ['an unknown endpoint', 'GET', '/api/nope'],
    ['a validation error', 'GET', '/api/approvals/short'],
    ['a sign-in', 'POST', '/api/auth/sign-in', { body: { email: 'mia@acme.test', password: 'x' } }],
  ])('carry the API set and nothing a page needs: %s', async (_, method, path, opts = {}) => {
    const res = await service.request(method, path, {
      headers: opts.auth ? member : {},
      body: opts.body,
    });
    expect(policyHeaders(res)).toEqual(API_HEADERS);
    expect(res.headers.get('x-request-id')).toMatch(UUID);
  });

  it('refuse a body over 64 KiB with 413, in the API shape and with the API set', async () => {
    const res = await service.request('POST', '/api/auth/sign-in', {
      body: { email: 'mia@acme.test', password: 'x'.repeat(70_000) },
    });
    expect(res.status).toBe(413);
    expect(apiErrorBody.parse(await res.json()).error.code).toBe('bad_request');
    expect(policyHeaders(res)).toEqual(API_HEADERS);
  });
});

describe('pages', () => {
  it('carry the headers they had, with their Content-Security-Policy', async () => {
    const before = await secureHeadersOfAPage();
    expect(before['content-security-policy']).toBe(
      `default-src 'self'; script-src 'self'; style-src 'self'; form-action 'self' ${service.env.ZOOM_OAUTH_URL}; frame-ancestors 'none'`,
    );
    const page = await service.request('GET', '/approve/unknown-link-token-0000');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(policyHeaders(page)).toEqual({ ...before, 'cache-control': 'no-store' });
    // Not a page that holds a token: cacheable, the rest the same.
    const asset = await service.app.request('/assets/page.css');
    expect(asset.status).toBe(200);
    expect(policyHeaders(asset)).toEqual(before);
    expect((await service.app.request('/healthz')).headers.get('x-frame-options')).toBe(
      'SAMEORIGIN',
    );
  });

  it.each([
    '/reset',
    '/reset/some-token',
    '/verify/x',
    '/invite/x',
    '/oauth/zoom/callback?state=unknown-state-00000000',
    '/booking/x',
  ])('%s is no-store', async (path) => {
    const res = await service.request('GET', path);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain('form-action');
  });
});

describe('X-Request-Id', () => {
  it("is the service's own, a new one on every answer", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await service.request('GET', '/api/me', {
        headers: { ...member, 'x-request-id': 'chosen-by-the-client' },
      });
      const id = res.headers.get('x-request-id') ?? '';
      expect(id).toMatch(UUID);
      ids.add(id);
    }
    expect(ids.size).toBe(3);
  });
});

describe('over HTTP, as @hono/node-server serves it', () => {
  async function listening(app: { fetch: (req: Request, env: unknown) => unknown }) {
    const server = serve({ fetch: app.fetch as never, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  /** Counts the web Headers built while `work` runs. */
  async function headersBuilt(work: () => Promise<void>): Promise<number> {
    const Original = globalThis.Headers;
    let built = 0;
    globalThis.Headers = class extends Original {
      constructor(init?: HeadersInit) {
        super(init);
        built++;
      }
    };
    try {
      await work();
    } finally {
      globalThis.Headers = Original;
    }
    return built;
  }

  /** A GET over node:http (not fetch, which builds Headers of its own). */
  function fetchOverNode(url: string, headers: Record<string, string> = {}) {
    return new Promise<IncomingMessage>((resolve, reject) => {
      get(url, { headers }, (incoming) => {
        incoming.resume();
        incoming.on('end', () => resolve(incoming));
      }).on('error', reject);
    });
  }

  const entries = (answer: IncomingMessage) =>
    Object.entries(answer.headers).map(([name, value]) => [name, String(value)]) as [
      string,
      string,
    ][];

  it('GET /api/me answers the same, without building web Headers', async () => {
    const server = await listening(service.app);
    try {
      let answer: IncomingMessage | undefined;
      const built = await headersBuilt(async () => {
        answer = await fetchOverNode(`${server.url}/api/me`, member);
      });
      expect(answer?.statusCode).toBe(200);
      expect(policyHeaders(entries(answer as IncomingMessage))).toEqual(API_HEADERS);
      expect(answer?.headers['x-request-id']).toMatch(UUID);
      // Neither a copy of the request's headers nor of the answer's.
      expect(built).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('keeps the answer’s own headers beside them: a page, an export, an error', async () => {
    const owner = await service.signIn('olivia@acme.test');
    const server = await listening(service.app);
    try {
      const page = await fetchOverNode(`${server.url}/approve/unknown-link-token-0000`);
      expect(page.statusCode).toBe(404);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(policyHeaders(entries(page))).toEqual({
        ...(await secureHeadersOfAPage()),
        'cache-control': 'no-store',
      });
      const csv = await fetchOverNode(`${server.url}/api/org/members.csv`, owner);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe('attachment; filename="members.csv"');
      const { 'content-disposition': _, ...csvPolicy } = policyHeaders(entries(csv));
      expect(csvPolicy).toMatchObject(API_HEADERS);
      const refused = await fetchOverNode(`${server.url}/api/me`);
      expect(refused.statusCode).toBe(401);
      expect(policyHeaders(entries(refused))).toEqual(API_HEADERS);
      expect(refused.headers['x-request-id']).toMatch(UUID);
    } finally {
      await server.close();
    }
  });

  it('reads request headers as c.req.header() does', async () => {
    const app = new Hono().get('/h', (c) =>
      c.json({
        authorization: requestHeader(c, 'authorization') ?? null,
        repeated: requestHeader(c, 'x-repeated') ?? null,
        missing: requestHeader(c, 'x-missing') ?? null,
        viaHono: c.req.header('x-repeated') ?? null,
      }),
    );
    const server = await listening(app);
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const req = request(`${server.url}/h`, (incoming) => {
          let text = '';
          incoming.on('data', (c: Buffer) => {
            text += c;
          });
          incoming.on('end', () => resolve(text));
        });
        req.setHeader('AuthoriZation', 'Bearer abc');
        req.setHeader('X-Repeated', ['one', 'two']);
        req.on('error', reject);
        req.end();
      });
      expect(JSON.parse(body)).toEqual({
        authorization: 'Bearer abc',
        repeated: 'one, two',
        missing: null,
        viaHono: 'one, two',
      });
    } finally {
      await server.close();
    }
  });
});
