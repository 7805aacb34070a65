import { Hono } from 'hono';
import { createMeetingBody } from '../../lib/contracts/api';
import type { AppEnv, Deps } from '../deps';
import { createMeeting } from '../domain/meetings';
import { validate } from '../http/errors';

/** "New Zoom meeting": any signed-in member, on their own active connection. */
export function meetingRoutes(deps: Deps) {
  return new Hono<AppEnv>().post('/', validate('json', createMeetingBody), async (c) =>
    c.json(await createMeeting(deps, c.var.session, c.req.valid('json')), 201),
  );
}
