import { Hono } from 'hono';
import { z } from 'zod/mini';
import { createEventTypeBody, updateEventTypeBody } from '../../lib/contracts/event-types';
import type { AppEnv, Deps } from '../deps';
import {
  createEventType,
  deleteEventType,
  listEventTypes,
  updateEventType,
} from '../domain/event-types';
import { validate } from '../http/errors';

const idParam = z.object({ id: z.uuid() });

/** The signed-in member's own event types ("Your event types"); any role, only their own. */
export function eventTypeRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json(await listEventTypes(deps, c.var.session)))
    .post('/', validate('json', createEventTypeBody), async (c) =>
      c.json(await createEventType(deps, c.var.session, c.req.valid('json')), 201),
    )
    .patch('/:id', validate('param', idParam), validate('json', updateEventTypeBody), async (c) =>
      c.json(
        await updateEventType(deps, c.var.session, c.req.valid('param').id, c.req.valid('json')),
      ),
    )
    .delete('/:id', validate('param', idParam), async (c) => {
      await deleteEventType(deps, c.var.session, c.req.valid('param').id);
      return c.body(null, 204);
    });
}
