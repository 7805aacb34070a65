import { Hono } from 'hono';
import { auditQuery } from '../../lib/contracts/api';
import type { AppEnv, Deps } from '../deps';
import { revokePendingLink } from '../domain/approval-links';
import { readAuditLog } from '../domain/audit-log';
import { disconnectOrg } from '../domain/org-disconnect';
import { requireOrgAdmin } from '../http/auth';
import { validate } from '../http/errors';

/** The org connection's lifecycle in the console (issue #4). Owners and admins only. */
export function orgLifecycleRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .use(requireOrgAdmin)
    .delete('/zoom/approval-links/current', async (c) => {
      await revokePendingLink(deps, c.var.session);
      return c.body(null, 204);
    })
    .post('/zoom/disconnect', async (c) => {
      await disconnectOrg(deps, c.var.session);
      return c.body(null, 204);
    })
    .get('/audit', validate('query', auditQuery), async (c) =>
      c.json(await readAuditLog(deps, c.var.session.orgId, c.req.valid('query'))),
    );
}
