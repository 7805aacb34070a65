import { Hono } from 'hono';
import { createApprovalLinkBody } from '../../lib/contracts/api';
import type { AppEnv, Deps } from '../deps';
import { requestApprovalLink } from '../domain/approval-links';
import { orgZoomView } from '../domain/org-connection';
import { requireOrgAdmin } from '../http/auth';
import { validate } from '../http/errors';

/** The admin console's Integrations & apps → Zoom. Owners and admins only. */
export function orgZoomRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .use(requireOrgAdmin)
    .get('/zoom', async (c) => c.json(await orgZoomView(deps, c.var.session.orgId)))
    .post('/zoom/approval-links', validate('json', createApprovalLinkBody), async (c) =>
      c.json(await requestApprovalLink(deps, c.var.session), 201),
    );
}
