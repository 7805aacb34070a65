import { Hono } from 'hono';
import { changePasswordBody } from '../../lib/contracts/api';
import type { AppEnv, Deps } from '../deps';
import { changePassword } from '../domain/password-change';
import { signOutEverywhere } from '../domain/sessions';
import { validate } from '../http/errors';

/**
 * The signed-in account's own security: its password and its sessions. Everything acts on the
 * caller's account (from the session), never on an id from the request.
 */
export function myAccountRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .put('/password', validate('json', changePasswordBody), async (c) => {
      return c.json(await changePassword(deps, c.var.session, c.req.valid('json')));
    })
    .delete('/sessions', async (c) => {
      await signOutEverywhere(deps, c.var.session);
      return c.body(null, 204);
    });
}
