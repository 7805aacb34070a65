import { Hono } from 'hono';
import { passwordResetRequestBody, signInBody } from '../../lib/contracts/api';
import type { AppEnv, Deps } from '../deps';
import { requestPasswordReset } from '../domain/password-reset';
import { signOut } from '../domain/sessions';
import { signInWithinLimits } from '../domain/sign-in-limits';
import { bearerToken } from '../http/auth';
import { clientAddress } from '../http/client-address';
import { validate } from '../http/errors';

export function authRoutes(deps: Deps) {
  return (
    new Hono<AppEnv>()
      .post('/sign-in', validate('json', signInBody), async (c) => {
        const address = clientAddress(c, deps.env);
        return c.json(await signInWithinLimits(deps, c.req.valid('json'), address));
      })
      .post('/sign-out', async (c) => {
        const token = bearerToken(c.req.header('authorization'));
        if (token) await signOut(deps, token);
        return c.body(null, 204);
      })
      // 202 whether or not the address has an account: the answer tells nobody who has one.
      .post('/password-reset', validate('json', passwordResetRequestBody), async (c) => {
        await requestPasswordReset(deps, c.req.valid('json').email, clientAddress(c, deps.env));
        return c.body(null, 202);
      })
  );
}
