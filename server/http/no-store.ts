import { createMiddleware } from 'hono/factory';

/**
 * `Cache-Control: no-store` on every response that can carry a credential: all of /api (session
 * tokens, the live approval link in `GET /api/org/zoom`) and the pages whose URL or body holds a
 * link token, an invitation token or a flow state. Neither a shared cache nor the browser may keep
 * a copy (https://www.rfc-editor.org/rfc/rfc9111#section-5.2.2.5). Set after the handler, so
 * error answers get it too.
 *
 * On the answer's own headers, as Hono's secureHeaders does: `c.header()` after the handler
 * copies the finished response (`new Response(res.body, res)`), which makes @hono/node-server
 * build a full web Response and stream its body instead of writing the string it was given.
 */
export const noStore = createMiddleware(async (c, next) => {
  await next();
  c.res.headers.set('Cache-Control', 'no-store');
});

/** Where `noStore` applies: everything but the static assets and the health check. */
export const noStorePaths = [
  '/api/*',
  '/approve/*',
  '/invite/*',
  '/verify/*',
  '/reset',
  '/reset/*',
  '/book/*',
  '/booking/*',
  '/oauth/*',
  '/webhooks/*',
];
