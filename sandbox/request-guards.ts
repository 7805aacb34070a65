import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { rateLimited } from './rate-limits.ts';
import type { SandboxStore } from './store.ts';
import { apiError, TOKEN_IN_QUERY, tokenError } from './zoom-errors.ts';

const TOKEN_QUERY_KEYS = ['access_token', 'refresh_token', 'token'];

/** Zoom has rejected token values in URL query strings since Feb 2023 (code 124). */
export const rejectTokensInQuery: MiddlewareHandler = async (c, next) => {
  const query = new URL(c.req.url).searchParams;
  if (TOKEN_QUERY_KEYS.some((key) => query.has(key))) {
    return apiError(c, 401, 124, TOKEN_IN_QUERY);
  }
  await next();
};

const STATUS_TEXT: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Applies faults queued through /_sandbox/faults to the next matching Zoom-facing requests. */
export function injectFaults(store: SandboxStore): MiddlewareHandler {
  return async (c, next) => {
    // Matched decoded, as written in the control: `/v2/users/mia@acme.test` also matches the
    // `%40` a client sends.
    const path = decodedPath(c.req.url);
    const fault = store.faults.find((candidate) => path.startsWith(candidate.match));
    if (!fault) return next();
    fault.remaining -= 1;
    if (fault.remaining <= 0) store.faults = store.faults.filter((other) => other !== fault);
    if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (!fault.status) return next();
    const status = fault.status as ContentfulStatusCode;
    if (status === 429) return rateLimited(c, store, fault.rateLimit ?? 'qps');
    const isOAuth = path.startsWith('/oauth/');
    const text = STATUS_TEXT[status] ?? 'Server Error';
    return isOAuth
      ? tokenError(c, text, 'server_error', status)
      : apiError(c, status, status, text);
  };
}

function decodedPath(url: string): string {
  const path = new URL(url).pathname;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
