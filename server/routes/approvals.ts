import { Hono } from 'hono';
import { z } from 'zod/mini';
import { startFlowBody } from '../../lib/contracts/api';
import { urlToken } from '../../lib/contracts/text';
import type { AppEnv, Deps } from '../deps';
import { redeemableLink } from '../domain/approval-links';
import { flowResult, startOrgApprovalFlow } from '../domain/oauth-flows';
import { validate } from '../http/errors';

const tokenParam = z.object({ linkToken: urlToken() });
const stateParam = z.object({ state: urlToken() });

/** No session: whoever holds the approval link (a Zoom admin) may use it. */
export function approvalRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/approvals/:linkToken', validate('param', tokenParam), async (c) => {
      const { info } = await redeemableLink(deps.db, deps.now(), c.req.valid('param').linkToken);
      return c.json(info);
    })
    .post(
      '/approvals/:linkToken/flows',
      validate('param', tokenParam),
      validate('json', startFlowBody),
      async (c) =>
        c.json(
          await startOrgApprovalFlow(deps, c.req.valid('param').linkToken, c.req.valid('json')),
        ),
    )
    .get('/oauth/flows/:state', validate('param', stateParam), async (c) =>
      c.json(await flowResult(deps, c.req.valid('param').state)),
    );
}
