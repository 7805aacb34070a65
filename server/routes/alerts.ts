import { Hono } from 'hono';
import { alertPreferencesBody } from '../../lib/contracts/alerts';
import type { AppEnv, Deps } from '../deps';
import { alertPreferences, setAlertPreferences } from '../domain/alert-preferences';
import { myOpenAlerts, orgAlerts } from '../domain/alerts';
import { requireOrgAdmin } from '../http/auth';
import { validate } from '../http/errors';

/**
 * Alerts: the org's incidents for its admins (GET /api/org/alerts), the open ones a person was
 * told of (GET /api/me/alerts, the popup's notice), and each person's email choices.
 */
export function myAlertRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/alerts', async (c) =>
      c.json({ alerts: await myOpenAlerts(deps, c.var.session.accountId) }),
    )
    .get('/alert-preferences', async (c) =>
      c.json({ preferences: await alertPreferences(deps, c.var.session) }),
    )
    .put('/alert-preferences', validate('json', alertPreferencesBody), async (c) =>
      c.json({
        preferences: await setAlertPreferences(deps, c.var.session, c.req.valid('json')),
      }),
    );
}

export function orgAlertRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .use(requireOrgAdmin)
    .get('/alerts', async (c) => c.json({ alerts: await orgAlerts(deps, c.var.session.orgId) }));
}
