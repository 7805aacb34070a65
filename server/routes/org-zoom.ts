import { Hono } from 'hono';
import { createApprovalLinkBody, membersQuery } from '../../lib/contracts/api';
import type { AppEnv, Deps } from '../deps';
import { requestApprovalLink } from '../domain/approval-links';
import { listMembers } from '../domain/member-table';
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
    )
    .get('/members', validate('query', membersQuery), async (c) =>
      c.json(await listMembers(deps, c.var.session.orgId, c.req.valid('query'))),
    );
}
