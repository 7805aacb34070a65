import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  createMeeting,
  createMeetingBody,
  DAILY_CREATE_LIMIT,
  dayKey,
  invitationText,
  isValidTimezone,
  joinUrl,
  meetingResponse,
  toUtcStartTime,
} from './meetings.ts';
import { rateLimited } from './rate-limits.ts';
import { appScopes, missingScopeMessage, scopeFor } from './scopes.ts';
import type { Grant, Meeting, SandboxApp, SandboxStore, ZoomUser } from './store.ts';
import { apiError, EXPIRED_ACCESS_TOKEN, INVALID_ACCESS_TOKEN } from './zoom-errors.ts';

interface ApiAuth {
  grant: Grant;
  app: SandboxApp;
  /** The user the token was issued to; `me` resolves to them (the installer for admin apps). */
  owner: ZoomUser;
}
type ApiEnv = { Variables: { auth: ApiAuth } };

export function apiRoutes(store: SandboxStore): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();

  routes.use('*', async (c, next) => {
    const token = c.req.header('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1];
    const access = token ? store.accessTokens.get(token) : undefined;
    if (!access) return apiError(c, 401, 124, INVALID_ACCESS_TOKEN);
    if (store.now() >= access.expiresAt) return apiError(c, 401, 124, EXPIRED_ACCESS_TOKEN);
    const grant = store.grants.get(access.grantId);
    const app = grant && store.app(grant.clientId);
    const owner = grant && store.users.get(grant.userId);
    if (!grant || grant.revoked || !app || !owner) {
      return apiError(c, 401, 124, INVALID_ACCESS_TOKEN);
    }
    c.set('auth', { grant, app, owner });
    await next();
  });

  routes.get('/users/:userId', (c) => {
    const userId = c.req.param('userId');
    const user = resolveUser(c, store, userId, 'user:read:user:admin');
    if (user instanceof Response) return user;
    return c.json(userResponse(store, user, userId === 'me'));
  });

  routes.post('/users/:userId/meetings', async (c) => {
    const host = resolveUser(c, store, c.req.param('userId'), 'meeting:write:meeting:admin');
    if (host instanceof Response) return host;
    const json = await c.req.json().catch(() => undefined);
    if (json === undefined || typeof json !== 'object' || json === null) {
      return apiError(c, 400, 300, 'Request Body should be a valid JSON object.');
    }
    const body = createMeetingBody.safeParse(json);
    if (!body.success) {
      const errors = body.error.issues.map((issue) => ({
        field: issue.path.join('.'),
        message: issue.message,
      }));
      return c.json({ code: 300, message: 'Validation Failed.', errors }, 400);
    }
    const timezone = body.data.timezone ?? 'UTC';
    if (!isValidTimezone(timezone)) return apiError(c, 400, 300, `Invalid timezone: ${timezone}`);
    const nowMs = store.now();
    const startTime = body.data.start_time
      ? toUtcStartTime(body.data.start_time, timezone)
      : new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (!startTime) return apiError(c, 400, 300, 'Invalid field: start_time');

    // Zoom's limits on Create Meeting: per second per account (Medium), per day per user.
    const second = Math.floor(nowMs / 1000);
    const window = store.createsThisSecond.get(host.accountId);
    const thisSecond = window?.second === second ? window.count : 0;
    if (thisSecond >= store.options.createsPerSecond) {
      store.stats.meetingCreates.qps429 += 1;
      return rateLimited(c, store, 'qps');
    }
    const key = dayKey(host, nowMs);
    const created = store.dailyCreates.get(key) ?? 0;
    if (created >= DAILY_CREATE_LIMIT) {
      store.stats.meetingCreates.daily429 += 1;
      return rateLimited(c, store, 'daily');
    }
    store.createsThisSecond.set(host.accountId, { second, count: thisSecond + 1 });
    store.dailyCreates.set(key, created + 1);
    const meeting = createMeeting(store, host, body.data, startTime);
    store.stats.meetingCreates.created += 1;
    store.createLog.push({
      meetingId: meeting.id,
      accountId: host.accountId,
      hostEmail: host.email,
      topic: meeting.topic,
      at: nowMs,
    });
    return c.json(meetingResponse(store, meeting, host, body.data.settings), 201);
  });

  routes.get('/users/:userId/meetings', (c) => {
    const missing = requireScope(c, 'meeting:read:list_meetings');
    if (missing) return missing;
    const host = resolveUser(c, store, c.req.param('userId'), 'meeting:read:list_meetings:admin');
    if (host instanceof Response) return host;
    const query = listMeetingsQuery.safeParse(c.req.query());
    if (!query.success) return apiError(c, 400, 300, 'Invalid field.');
    return c.json(listMeetings(store, host, query.data));
  });

  routes.get('/meetings/:meetingId/invitation', (c) => {
    const meeting = visibleMeeting(c, store, c.req.param('meetingId'));
    if (meeting instanceof Response) return meeting;
    const host = store.users.get(meeting.hostId) as ZoomUser;
    return c.json({ invitation: invitationText(store, meeting, host), sip_links: [] });
  });

  // Zoom answers 204 with no body; an unknown (or already deleted) meeting is 404, code 3001.
  routes.delete('/meetings/:meetingId', (c) => {
    const missing = requireScope(c, 'meeting:delete:meeting');
    if (missing) return missing;
    const meeting = visibleMeeting(c, store, c.req.param('meetingId'));
    if (meeting instanceof Response) return meeting;
    store.meetings.delete(meeting.id);
    return c.body(null, 204);
  });

  return routes;
}

/** A meeting the token may see: its account's (admin app) or its own user's (user app). */
function visibleMeeting(c: Context<ApiEnv>, store: SandboxStore, meetingId: string) {
  const { app, owner } = c.get('auth');
  const meeting = /^\d+$/.test(meetingId) ? store.meetings.get(Number(meetingId)) : undefined;
  const visible =
    meeting &&
    store.users.has(meeting.hostId) &&
    (app.type === 'admin' ? meeting.accountId === owner.accountId : meeting.hostId === owner.id);
  if (!meeting || !visible) return apiError(c, 404, 3001, `Meeting does not exist: ${meetingId}.`);
  return meeting;
}

/** 4711 when the app is not configured with the endpoint's scope (zoom-platform.md §2). */
function requireScope(c: Context<ApiEnv>, userScope: string): Response | undefined {
  const { app } = c.get('auth');
  const scope = scopeFor(app, userScope);
  if (appScopes(app).includes(scope)) return undefined;
  return apiError(c, 400, 4711, missingScopeMessage(scope));
}

const listMeetingsQuery = z.object({
  type: z
    .enum(['scheduled', 'live', 'upcoming', 'upcoming_meetings', 'previous_meetings'])
    .default('scheduled'),
  page_size: z.coerce.number().int().min(1).max(300).default(30),
  next_page_token: z.string().optional(),
});

/** `GET /users/{userId}/meetings` (rivet MeetingsListMeetingsResponse); the page token is an offset. */
function listMeetings(
  store: SandboxStore,
  host: ZoomUser,
  query: z.infer<typeof listMeetingsQuery>,
) {
  const now = store.now();
  const upcoming = (meeting: Meeting) => Date.parse(meeting.startTime) >= now;
  const wanted = [...store.meetings.values()]
    .filter((meeting) => meeting.hostId === host.id)
    .filter((meeting) => {
      if (query.type === 'upcoming' || query.type === 'upcoming_meetings') return upcoming(meeting);
      if (query.type === 'previous_meetings') return !upcoming(meeting);
      if (query.type === 'live') return false;
      return true;
    })
    .sort((a, b) => a.startTime.localeCompare(b.startTime) || a.id - b.id);
  const offset = Number(query.next_page_token ?? 0) || 0;
  const page = wanted.slice(offset, offset + query.page_size);
  const next = offset + page.length < wanted.length ? String(offset + page.length) : '';
  return {
    page_size: query.page_size,
    total_records: wanted.length,
    next_page_token: next,
    meetings: page.map((meeting) => ({
      uuid: meeting.uuid,
      id: meeting.id,
      host_id: meeting.hostId,
      topic: meeting.topic,
      type: meeting.type,
      start_time: meeting.startTime,
      duration: meeting.duration,
      timezone: meeting.timezone,
      agenda: meeting.agenda,
      created_at: meeting.createdAt,
      join_url: joinUrl(store, meeting),
    })),
  };
}

/**
 * `me` is the token's user. A user-managed token reaches only its own user: other users need the
 * `:admin` scope it cannot have (code 4711). An admin token reaches users of its own account.
 */
function resolveUser(
  c: Context<ApiEnv>,
  store: SandboxStore,
  idOrEmail: string,
  adminScope: string,
): ZoomUser | Response {
  const { app, owner } = c.get('auth');
  if (idOrEmail === 'me') return owner;
  const user = store.userByIdOrEmail(idOrEmail);
  if (app.type === 'user') {
    if (user?.id === owner.id) return owner;
    return apiError(c, 400, 4711, missingScopeMessage(adminScope));
  }
  if (!user || user.accountId !== owner.accountId) {
    return apiError(c, 404, 1001, `User does not exist: ${idOrEmail}`);
  }
  return user;
}

/** GET /users/{userId} fields (rivet UsersGetUserResponse); `role_name` is optional there. */
function userResponse(store: SandboxStore, user: ZoomUser, viaMe: boolean) {
  const account = store.accounts.get(user.accountId);
  const omitRoleName = user.omitRoleName === 'always' || (user.omitRoleName === 'me' && viaMe);
  return {
    id: user.id,
    first_name: user.firstName,
    last_name: user.lastName,
    display_name: `${user.firstName} ${user.lastName}`,
    email: user.email,
    type: 2,
    ...(omitRoleName ? {} : { role_name: user.roleName }),
    role_id: user.roleId,
    pmi: user.pmi,
    use_pmi: false,
    personal_meeting_url: `${store.options.baseUrl}/j/${user.pmi}`,
    timezone: 'UTC',
    verified: 1,
    dept: '',
    created_at: user.createdAt,
    user_created_at: user.createdAt,
    last_login_time: user.lastLoginTime,
    language: 'en-US',
    status: 'active',
    account_id: user.accountId,
    account_number: account?.accountNumber,
    cluster: 'us06',
    login_types: [100],
    group_ids: [],
  };
}
