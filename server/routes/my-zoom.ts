import { Hono } from 'hono';
import { extensionFlowBody, orgConnectionChoiceBody } from '../../lib/contracts/api';
import type { AppEnv, Deps } from '../deps';
import { setOrgConnectionRemoved } from '../domain/member-choices';
import { memberZoom } from '../domain/members';
import {
  checkPersonal,
  disconnectPersonal,
  startPersonalFlow,
} from '../domain/personal-connection';
import { validate } from '../http/errors';

/**
 * The signed-in member's own Zoom: personal connection and their org-connection choice. The
 * extension runs the personal flow through chrome.identity, so only its flow body is taken.
 */
export function myZoomRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .post('/personal/flows', validate('json', extensionFlowBody), async (c) =>
      c.json(await startPersonalFlow(deps, c.var.session, c.req.valid('json'))),
    )
    .delete('/personal', async (c) => {
      await disconnectPersonal(deps, c.var.session);
      return c.body(null, 204);
    })
    .post('/personal/check', async (c) => {
      await checkPersonal(deps, c.var.session);
      return c.json(await memberZoom(deps, c.var.session));
    })
    .put('/org-connection', validate('json', orgConnectionChoiceBody), async (c) =>
      c.json(await setOrgConnectionRemoved(deps, c.var.session, c.req.valid('json').removed)),
    );
}
