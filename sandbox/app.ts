import { Hono } from 'hono';
import { apiRoutes } from './api-routes.ts';
import { controlRoutes } from './control-routes.ts';
import { oauthRoutes } from './oauth-routes.ts';
import { joinMeetingPage } from './pages.ts';
import { injectFaults, rejectTokensInQuery } from './request-guards.ts';
import { type SandboxOptions, SandboxStore } from './store.ts';
import { tokenRoutes } from './token-routes.ts';

export type { SandboxApp, SandboxOptions } from './store.ts';
export { SandboxStore } from './store.ts';

/**
 * One origin plays both Zoom hosts: `/oauth/*` stands for https://zoom.us/oauth/* and `/v2/*`
 * for https://api.zoom.us/v2/*. `/_sandbox/*` holds the test controls, which real Zoom lacks.
 */
export function createZoomSandbox(options: SandboxOptions): { app: Hono; store: SandboxStore } {
  const store = new SandboxStore(options);
  const app = new Hono();

  app.route('/_sandbox', controlRoutes(store));

  app.use('/oauth/*', injectFaults(store));
  app.use('/v2/*', injectFaults(store));
  app.use('/oauth/token', rejectTokensInQuery);
  app.use('/oauth/revoke', rejectTokensInQuery);
  app.use('/v2/*', rejectTokensInQuery);

  app.route('/oauth', oauthRoutes(store));
  app.route('/oauth', tokenRoutes(store));
  app.route('/v2', apiRoutes(store));
  app.get('/j/:meetingId', (c) => c.html(joinMeetingPage(c.req.param('meetingId'))));
  app.get('/', (c) =>
    c.text('Zoom sandbox: /oauth (zoom.us), /v2 (api.zoom.us), /_sandbox (controls)'),
  );

  app.onError((error, c) =>
    c.json({ code: 500, message: error.message || 'Internal Server Error' }, 500),
  );
  return { app, store };
}
