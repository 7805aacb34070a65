import { Hono } from 'hono';
import { orgSettingsBody } from '../../lib/contracts/api';
import type { AppEnv, Deps } from '../deps';
import { updateOrgSettings } from '../domain/member-choices';
import { requireOrgAdmin } from '../http/auth';
import { validate } from '../http/errors';

/** Org-wide Zoom settings. Owners and admins only; always the caller's own org. */
export function orgSettingsRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .use(requireOrgAdmin)
    .patch('/zoom/settings', validate('json', orgSettingsBody), async (c) =>
      c.json(await updateOrgSettings(deps, c.var.session, c.req.valid('json'))),
    );
}
