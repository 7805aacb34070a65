import { Hono } from 'hono';
import type { AppEnv, Deps } from './deps';
import { requireSession } from './http/auth';
import { requestBodyLimit } from './http/body-limit';
import { limitBookingRequests } from './http/booking-limits';
import { errorBody, errorHandler } from './http/errors';
import { limitLookups, lookupLimitedPaths } from './http/lookup-limits';
import { responseHeaders } from './http/response-headers';
import { myAlertRoutes, orgAlertRoutes } from './routes/alerts';
import { approvalRoutes } from './routes/approvals';
import { approvePageRoutes } from './routes/approve-pages';
import { authRoutes } from './routes/auth';
import { bookingPageRoutes } from './routes/booking-pages';
import { consolePageRoutes } from './routes/console-page';
import { eventTypeRoutes } from './routes/event-types';
import { invitationRoutes } from './routes/invitations';
import { invitePageRoutes } from './routes/invite-pages';
import { meRoutes } from './routes/me';
import { meetingRoutes } from './routes/meetings';
import { myAccountRoutes } from './routes/my-account';
import { myEmailRoutes } from './routes/my-email';
import { myZoomRoutes } from './routes/my-zoom';
import { orgLifecycleRoutes } from './routes/org-lifecycle';
import { orgMemberRoutes } from './routes/org-members';
import { orgSettingsRoutes } from './routes/org-settings';
import { orgZoomRoutes } from './routes/org-zoom';
import { resetPageRoutes } from './routes/reset-pages';
import { verifyPageRoutes } from './routes/verify-pages';
import { zoomWebhookRoutes } from './routes/zoom-webhooks';

/** Composes the org service. Routes live per resource under routes/; rules under domain/. */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();
  // X-Request-Id (logged with any unhandled error, so a report can be matched), the security
  // headers and `Cache-Control: no-store` where an answer can carry a token.
  app.use(responseHeaders({ zoomOAuthUrl: deps.env.ZOOM_OAUTH_URL }));
  app.use(
    requestBodyLimit({
      maxSize: 64 * 1024,
      onError: (c) => c.json(errorBody('bad_request', 'Request body too large.'), 413),
    }),
  );

  for (const [path, rule] of lookupLimitedPaths) app.use(path, limitLookups(deps, rule));
  app.use('/book/*', limitBookingRequests(deps));

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.route('/api/auth', authRoutes(deps));
  app.route('/api', approvalRoutes(deps));
  app.route('/api', invitationRoutes(deps));
  // `/api/me/*` matches `/api/me` itself too; a second registration looked the session up twice.
  app.use('/api/me/*', requireSession(deps));
  app.use('/api/org/*', requireSession(deps));
  app.route('/api/me', meRoutes());
  app.route('/api/me/zoom', myZoomRoutes(deps));
  app.route('/api/me/email', myEmailRoutes(deps));
  app.route('/api/me', myAccountRoutes(deps));
  app.route('/api/me/meetings', meetingRoutes(deps));
  app.route('/api/me', myAlertRoutes(deps));
  app.route('/api/me/event-types', eventTypeRoutes(deps));
  app.route('/api/org', orgZoomRoutes(deps));
  app.route('/api/org', orgMemberRoutes(deps));
  app.route('/api/org', orgLifecycleRoutes(deps));
  app.route('/api/org', orgSettingsRoutes(deps));
  app.route('/api/org', orgAlertRoutes(deps));
  // No session: Zoom signs these (x-zm-signature), checked before anything is read.
  app.route('/webhooks', zoomWebhookRoutes(deps));
  app.route('/', approvePageRoutes(deps));
  app.route('/', invitePageRoutes(deps));
  app.route('/', verifyPageRoutes(deps));
  app.route('/', resetPageRoutes(deps));
  app.route('/', consolePageRoutes(deps));
  app.route('/', bookingPageRoutes(deps));

  app.notFound((c) => c.json(errorBody('not_found', 'No such endpoint.'), 404));
  app.onError(errorHandler(deps.log));
  return app;
}

export type App = ReturnType<typeof createApp>;
