import { Hono } from 'hono';
import type { AppEnv, Deps } from '../deps';
import { handleZoomEvent, verifyZoomSignature } from '../domain/zoom-webhooks';
import { errorBody } from '../http/errors';

/** `PUBLIC_URL/webhooks/zoom`: Zoom's event notification and deauthorization endpoint. */
export function zoomWebhookRoutes(deps: Deps) {
  return new Hono<AppEnv>().post('/zoom', async (c) => {
    // The signature covers the exact bytes Zoom sent, so read the raw body before any parsing.
    const rawBody = await c.req.text();
    const app = verifyZoomSignature(
      deps,
      {
        signature: c.req.header('x-zm-signature'),
        timestamp: c.req.header('x-zm-request-timestamp'),
      },
      rawBody,
    );
    if (!app) {
      return c.json(errorBody('bad_signature', 'The Zoom webhook signature is not valid.'), 401);
    }
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      return c.json(errorBody('bad_request', 'The webhook body is not JSON.'), 400);
    }
    const reply = await handleZoomEvent(deps, app, json);
    if (reply.status === 400) {
      return c.json(errorBody('bad_request', 'The webhook event is malformed.'), 400);
    }
    return c.json(reply.body, 200);
  });
}
