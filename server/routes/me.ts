import { Hono } from 'hono';
import type { MeResponse } from '../../lib/contracts/api';
import type { AppEnv } from '../deps';
import { memberZoomOf } from '../domain/members';

/** Answered from what the session lookup read: one statement per request in all. */
export function meRoutes() {
  return new Hono<AppEnv>().get('/', async (c) => {
    const s = c.get('session');
    const body: MeResponse = {
      account: { id: s.accountId, email: s.email, name: s.name },
      membership: { orgId: s.orgId, orgName: s.orgName, role: s.role },
      zoom: memberZoomOf(s, c.get('memberZoomState')),
    };
    return c.json(body);
  });
}
