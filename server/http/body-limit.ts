import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestHeader } from './request-header';

/**
 * Hono's bodyLimit for the requests that carry a body. It asks `c.req.raw.body` of every request,
 * and on @hono/node-server that builds a full web Request (with its AbortSignal and body stream)
 * for each GET too, the most frequent and bodiless requests. No GET or HEAD route reads a body,
 * so for those only a declared length over the limit is refused, as bodyLimit would.
 */
export function requestBodyLimit(opts: {
  maxSize: number;
  onError: (c: Context) => Response | Promise<Response>;
}): MiddlewareHandler {
  const limit = bodyLimit(opts);
  // Not async: a GET passes straight on to the next handler, with no promise of its own.
  return (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return limit(c, next);
    if (Number(requestHeader(c, 'content-length') ?? 0) > opts.maxSize) {
      return Promise.resolve(opts.onError(c));
    }
    return next();
  };
}
