import { randomUUID } from 'node:crypto';
import type { HttpBindings } from '@hono/node-server';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../deps';

/** Names in lower case, as they went out before (and Node then has nothing to lower-case). */
type HeaderList = readonly (readonly [name: string, value: string])[];

/**
 * `Cache-Control: no-store` on every answer that can carry a credential: all of /api (session
 * tokens, the live approval link in `GET /api/org/zoom`) and the pages whose URL or body holds a
 * link token, an invitation token or a flow state. Neither a shared cache nor the browser may keep
 * a copy (https://www.rfc-editor.org/rfc/rfc9111#section-5.2.2.5). Each entry covers the path
 * itself and everything under it; the static assets and the health check stay cacheable.
 */
const noStorePaths = [
  '/api',
  '/approve',
  '/invite',
  '/verify',
  '/reset',
  '/book',
  '/booking',
  '/oauth',
  '/webhooks',
] as const;

const NO_STORE = ['cache-control', 'no-store'] as const;
const HSTS = ['strict-transport-security', 'max-age=15552000; includeSubDomains'] as const;

/**
 * The JSON API's headers, after the OWASP REST Security Cheat Sheet ("Security Headers",
 * https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html#security-headers):
 * not cached, not sniffed into HTML, not framed, and, should a browser ever render one as a
 * document, allowed to load nothing. The document-only headers of the pages (opener policy,
 * agent cluster, DNS prefetch, IE's download and XSS switches, Flash's cross-domain policies)
 * say nothing about a JSON answer, so it goes without them.
 */
const apiHeaders: HeaderList = [
  NO_STORE,
  ['content-security-policy', "default-src 'none'; frame-ancestors 'none'"],
  ['cross-origin-resource-policy', 'same-origin'],
  ['referrer-policy', 'no-referrer'],
  HSTS,
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
];

/**
 * Everything else (the pages, their assets, webhooks, the health check): the headers Hono's
 * secureHeaders sets by default, with the pages' policy. Scripts and styles come from the
 * service itself (server/pages/assets); the only form posted elsewhere is Zoom's sign-in.
 */
function pageHeaders(zoomOAuthUrl: string): HeaderList {
  return [
    ['content-security-policy', pageContentSecurityPolicy(zoomOAuthUrl)],
    ['cross-origin-opener-policy', 'same-origin'],
    ['cross-origin-resource-policy', 'same-origin'],
    ['origin-agent-cluster', '?1'],
    ['referrer-policy', 'no-referrer'],
    HSTS,
    ['x-content-type-options', 'nosniff'],
    ['x-dns-prefetch-control', 'off'],
    ['x-download-options', 'noopen'],
    ['x-frame-options', 'SAMEORIGIN'],
    ['x-permitted-cross-domain-policies', 'none'],
    ['x-xss-protection', '0'],
  ];
}

function pageContentSecurityPolicy(zoomOAuthUrl: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `form-action 'self' ${zoomOAuthUrl}`,
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The headers every answer carries, errors and 404s included: `X-Request-Id`, and the security
 * and caching headers of its kind of answer, from lists built once here rather than assembled per
 * request (Hono's requestId and secureHeaders did that work on every request: reading and
 * validating a client's id, a dozen `Headers.set` calls, a CSP only pages need).
 *
 * On Node they go straight onto Node's response (`outgoing.setHeader`), which @hono/node-server
 * then writes the handler's answer to; Node merges the answer's own headers in
 * (https://nodejs.org/api/http.html#responsewriteheadstatuscode-statusmessage-headers). So no
 * web `Headers` is built for an answer (one made from the handler's headers, set and copied
 * back out into Node's: several objects per answer, each header validated twice).
 * Elsewhere (in-process requests, as the tests make them; other runtimes) they are set on the
 * answer's `Headers`. Either way, a header the handler set itself stays: no route sets any of
 * these (test/server/response-headers.test.ts reads them off the routes' answers).
 *
 * The request id is always the service's own, a random UUID: it is logged with any unhandled
 * error (server/http/errors.ts) so a report can be matched to its log line, and an id a client
 * chose could repeat another request's.
 */
export function responseHeaders(opts: { zoomOAuthUrl: string }): MiddlewareHandler<AppEnv> {
  const page = pageHeaders(opts.zoomOAuthUrl);
  const pageNoStore: HeaderList = [...page, NO_STORE];
  return async (c, next) => {
    const id = randomUUID();
    c.set('requestId', id);
    await next();
    const path = c.req.path;
    const list = isUnder(path, '/api') ? apiHeaders : noStoreFor(path) ? pageNoStore : page;
    const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
    if (outgoing && !outgoing.headersSent) {
      for (const [name, value] of list) outgoing.setHeader(name, value);
      outgoing.setHeader('x-request-id', id);
      return;
    }
    const headers = c.res.headers;
    for (const [name, value] of list) if (!headers.has(name)) headers.set(name, value);
    headers.set('x-request-id', id);
  };
}

/** `prefix` itself or a path below it (`/reset` and `/reset/…`, not `/resets`). */
function isUnder(path: string, prefix: string): boolean {
  return path.startsWith(prefix) && (path.length === prefix.length || path[prefix.length] === '/');
}

function noStoreFor(path: string): boolean {
  return noStorePaths.some((prefix) => isUnder(path, prefix));
}
