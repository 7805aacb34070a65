import { Hono } from 'hono';
import { auditQuery } from '../../lib/contracts/api';
import type { AppEnv, Deps } from '../deps';
import { revokePendingLink } from '../domain/approval-links';
import { readAuditLog } from '../domain/audit-log';
import { repairProgress } from '../domain/booking-repair';
import { disconnectImpact } from '../domain/disconnect-impact';
import { DomainError } from '../domain/errors';
import { orgZoomView } from '../domain/org-connection';
import { disconnectOrg } from '../domain/org-disconnect';
import { checkOrgConnection } from '../domain/org-health';
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
    .get('/bookings/repair-progress', async (c) =>
      c.json(await repairProgress(deps, c.var.session.orgId)),
    )
    .get('/zoom/disconnect-impact', async (c) =>
      c.json(await disconnectImpact(deps, c.var.session.orgId)),
    )
    .post('/zoom/disconnect', async (c) => {
      await disconnectOrg(deps, c.var.session);
      return c.json(await orgZoomView(deps, c.var.session.orgId));
    })
    .post('/zoom/check', async (c) => {
      const result = await checkOrgConnection(deps, c.var.session.orgId);
      if (result.outcome === 'skipped') {
        throw new DomainError('conflict', 'Zoom is not connected for this organization.');
      }
      return c.json({ ...(await orgZoomView(deps, c.var.session.orgId)), check: result });
    })
    .get('/audit', validate('query', auditQuery), async (c) =>
      c.json(await readAuditLog(deps, c.var.session.orgId, c.req.valid('query'))),
    );
}
