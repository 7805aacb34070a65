import { Hono } from 'hono';
import type { MeResponse } from '../../lib/contracts/api';
import type { AppEnv, Deps } from '../deps';
import { memberZoom } from '../domain/members';

export function meRoutes(deps: Deps) {
  return new Hono<AppEnv>().get('/', async (c) => {
    const s = c.var.session;
    const body: MeResponse = {
      account: { id: s.accountId, email: s.email, name: s.name },
      membership: { orgId: s.orgId, orgName: s.orgName, role: s.role },
      zoom: await memberZoom(deps, s),
    };
    return c.json(body);
  });
}
