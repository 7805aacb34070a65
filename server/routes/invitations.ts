import { Hono } from 'hono';
import { z } from 'zod/mini';
import { acceptInvitationBody } from '../../lib/contracts/api';
import { urlToken } from '../../lib/contracts/text';
import type { AppEnv, Deps } from '../deps';
import { acceptInvitationAndSignIn, invitationInfo } from '../domain/invitations';
import { validate } from '../http/errors';

const tokenParam = z.object({ token: urlToken() });

/** No session: the invitation link is the credential for joining. */
export function invitationRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/invitations/:token', validate('param', tokenParam), async (c) =>
      c.json(await invitationInfo(deps, c.req.valid('param').token)),
    )
    .post(
      '/invitations/:token/accept',
      validate('param', tokenParam),
      validate('json', acceptInvitationBody),
      async (c) =>
        c.json(
          await acceptInvitationAndSignIn(deps, c.req.valid('param').token, c.req.valid('json')),
          201,
        ),
    );
}
