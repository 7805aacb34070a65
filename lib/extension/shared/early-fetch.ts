import { pageGlobal } from './page-global';

/**
 * Requests a page sends at its start, before React and the rest of its code have loaded
 * (page-start.ts), so the round trip overlaps the page's own loading. The page's client
 * (api-request.ts) then takes the answer instead of sending the same request again: once, and
 * only for the same URL with the same credentials. One map per page, shared with its start
 * script (page-global.ts).
 */
const early = pageGlobal('earlyRequests', () => new Map<string, Promise<Response>>());

/** The URL of `path` (`/api/…`) on the org service at `serviceUrl`. */
export function endpoint(serviceUrl: string, path: string): string {
  return `${serviceUrl.replace(/\/+$/, '')}${path}`;
}

function keyOf(url: string, authorization: string | undefined): string {
  return `${authorization ?? ''} ${url}`;
}

export function sendEarly(url: string, authorization: string): void {
  const headers = { accept: 'application/json', authorization };
  const response = fetch(url, { headers });
  // Nobody may come to take it (the page closed, or signed out first): no unhandled rejection.
  response.catch(() => {});
  early.set(keyOf(url, authorization), response);
}

/** `fetch`, unless a GET of this URL with these credentials was sent early: then that answer. */
export function fetchOrEarly(url: string, init: RequestInit = {}): Promise<Response> {
  const method = init.method ?? 'GET';
  const key = keyOf(url, new Headers(init.headers).get('authorization') ?? undefined);
  const sent = method === 'GET' ? early.get(key) : undefined;
  if (!sent) return fetch(url, init);
  early.delete(key);
  return sent;
}
