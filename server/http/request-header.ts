import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';

/**
 * A request header, as `c.req.header(name)` answers it (case-insensitive; repeated fields joined
 * with ", "), for the ones every request reads (the bearer token, the declared length). On
 * @hono/node-server, `c.req.header()` first copies all of the request's headers into a web
 * `Headers` (validating each), once per request; here they are read from Node's own parse of the
 * request instead (`rawHeaders`: names as sent, values already trimmed). Elsewhere (in-process
 * requests, other runtimes) it is `c.req.header()`.
 *
 * `name` is lower case.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const raw = (c.env as Partial<HttpBindings> | undefined)?.incoming?.rawHeaders;
  if (!raw) return c.req.header(name);
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const field = raw[i] as string;
    if (field.length === name.length && field.toLowerCase() === name) {
      const v = raw[i + 1] as string;
      value = value === undefined ? v : `${value}, ${v}`;
    }
  }
  return value;
}
