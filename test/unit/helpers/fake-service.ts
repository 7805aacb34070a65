import { vi } from 'vitest';

export interface FakeResponse {
  status?: number;
  body?: unknown;
}

type Route =
  | FakeResponse
  | ((request: { url: URL; body: unknown; headers: Headers }) => FakeResponse);

/**
 * Stubs global fetch with a table of `METHOD /path` routes (query strings ignored unless the
 * route key has one). Unknown routes answer 404 so a test fails loudly instead of hanging.
 */
export function fakeService(routes: Record<string, Route>) {
  const calls: { method: string; url: URL; body: unknown; headers: Headers }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const headers = new Headers(init?.headers);
    calls.push({ method, url, body, headers });
    const route =
      routes[`${method} ${url.pathname}${url.search}`] ?? routes[`${method} ${url.pathname}`];
    const answer = typeof route === 'function' ? route({ url, body, headers }) : route;
    if (!answer) {
      return jsonResponse(404, {
        error: { code: 'not_found', message: `No fake route ${method} ${url.pathname}` },
      });
    }
    return jsonResponse(answer.status ?? 200, answer.body);
  });
  vi.stubGlobal('fetch', fetchMock);
  return { fetchMock, calls };
}

export function jsonResponse(status: number, body: unknown): Response {
  if (status === 204 || body === undefined) return new Response(null, { status });
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

export function apiError(status: number, code: string, message = code): FakeResponse {
  return { status, body: { error: { code, message } } };
}
