import { Hono } from 'hono';
import { changeEmailBody } from '../../lib/contracts/api';
import type { AppEnv, Deps } from '../deps';
import { changeEmail } from '../domain/email-change';
import { resendVerification } from '../domain/email-verification';
import { memberZoom } from '../domain/members';
import { validate } from '../http/errors';

/** The signed-in member's address: another verification link, or a new address to verify. */
export function myEmailRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .post('/verification', async (c) => {
      await resendVerification(deps, c.var.session);
      return c.body(null, 202);
    })
    .put('/', validate('json', changeEmailBody), async (c) => {
      const body = c.req.valid('json');
      await changeEmail(deps, c.var.session, body);
      const session = { ...c.var.session, email: body.email };
      return c.json({ email: body.email, zoom: await memberZoom(deps, session) });
    });
}
