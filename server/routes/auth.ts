import { Hono } from 'hono';
import { signInBody } from '../../lib/contracts/api';
import type { AppEnv, Deps } from '../deps';
import { signIn, signOut } from '../domain/sessions';
import { bearerToken } from '../http/auth';
import { validate } from '../http/errors';

export function authRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .post('/sign-in', validate('json', signInBody), async (c) => {
      const { email, password } = c.req.valid('json');
      return c.json(await signIn(deps, email, password));
    })
    .post('/sign-out', async (c) => {
      const token = bearerToken(c.req.header('authorization'));
      if (token) await signOut(deps, token);
      return c.body(null, 204);
    });
}
