import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod/mini';
import {
  createInvitationBody,
  memberBookingsQuery,
  membersFilter,
  membersQuery,
  removeMemberQuery,
  updateMemberBody,
} from '../../lib/contracts/api';
import { storableText } from '../../lib/contracts/text';
import type { AppEnv, Deps } from '../deps';
import { DomainError } from '../domain/errors';
import { createInvitation, pendingInvitations, revokeInvitation } from '../domain/invitations';
import { memberUpcomingBookings } from '../domain/member-leaving';
import { changeMemberRole, removeMember } from '../domain/member-roles';
import { listMembers, membersSummary } from '../domain/member-table';
import { membersCsv } from '../domain/members-csv';
import { requireOrgAdmin } from '../http/auth';
import { requestLogFields, validate } from '../http/errors';
import { textStream } from '../http/text-stream';

const accountParam = z.object({
  accountId: storableText().check(z.minLength(1), z.maxLength(100)),
});
const invitationParam = z.object({ id: z.uuid() });

const requireOwner = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.session.role !== 'owner') {
    throw new DomainError(
      'forbidden',
      'Only organization owners can change roles or remove members.',
    );
  }
  await next();
});

/** The member table, its export, roles and invitations (issue #3). Org admins; roles: owners. */
export function orgMemberRoutes(deps: Deps) {
  return (
    new Hono<AppEnv>()
      .use(requireOrgAdmin)
      // The org's Zoom state was read with the session: the page (or the counts) is one statement.
      .get('/members', validate('query', membersQuery), async (c) =>
        c.json(
          await listMembers(
            deps,
            c.var.session.orgId,
            c.req.valid('query'),
            c.var.memberZoomState.org,
          ),
        ),
      )
      .get('/members/summary', async (c) =>
        c.json(await membersSummary(deps, c.var.session.orgId, c.var.memberZoomState.org)),
      )
      .get('/members.csv', validate('query', membersFilter), async (c) => {
        const csv = await membersCsv(deps, c.var.session.orgId, c.req.valid('query'));
        const body = textStream(csv, (err) =>
          deps.log.error({ err, ...requestLogFields(c) }, 'CSV export failed part-way'),
        );
        return c.body(body, 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="members.csv"',
        });
      })
      .patch(
        '/members/:accountId',
        requireOwner,
        validate('param', accountParam),
        validate('json', updateMemberBody),
        async (c) =>
          c.json(
            await changeMemberRole(
              deps,
              c.var.session,
              c.req.valid('param').accountId,
              c.req.valid('json').role,
            ),
          ),
      )
      // What removing them would do to their upcoming bookings (the Remove dialog asks with it).
      .get(
        '/members/:accountId/bookings',
        validate('param', accountParam),
        validate('query', memberBookingsQuery),
        async (c) =>
          c.json(
            await memberUpcomingBookings(
              deps,
              c.var.session.orgId,
              c.req.valid('param').accountId,
              c.req.valid('query').limit,
            ),
          ),
      )
      .delete(
        '/members/:accountId',
        requireOwner,
        validate('param', accountParam),
        validate('query', removeMemberQuery),
        async (c) => {
          await removeMember(
            deps,
            c.var.session,
            c.req.valid('param').accountId,
            c.req.valid('query').upcomingBookings,
          );
          return c.body(null, 204);
        },
      )
      .post('/invitations', validate('json', createInvitationBody), async (c) =>
        c.json(await createInvitation(deps, c.var.session, c.req.valid('json')), 201),
      )
      .get('/invitations', async (c) =>
        c.json({ invitations: await pendingInvitations(deps, c.var.session.orgId) }),
      )
      .delete('/invitations/:id', validate('param', invitationParam), async (c) => {
        await revokeInvitation(deps, c.var.session, c.req.valid('param').id);
        return c.body(null, 204);
      })
  );
}
