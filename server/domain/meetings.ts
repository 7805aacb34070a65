import { and, eq } from 'drizzle-orm';
import type { CreateMeetingBody, MeetingView } from '../../lib/contracts/api';
import { memberships } from '../db/schema';
import type { Deps, MemberInfo } from '../deps';
import { ZoomApiError, type ZoomMeeting, ZoomRateLimitError } from '../zoom/client';
import { retryAt } from '../zoom/rate-limits';
import { DomainError } from './errors';
import { memberZoom } from './members';
import { type ConnectionTarget, withAccessToken } from './token-refresh';
import { asZoomOutage } from './zoom-outage';
import { notConnectedMessage } from './zoom-status-words';

/**
 * Back-offs for Zoom's per-second limit when it does not say when it resets; the per-day limit
 * is reported, not retried. A reset further away than MAX_WAIT_MS is reported too: the member
 * is waiting on the popup.
 */
const QPS_BACKOFF_MS = [300, 1000, 2000];
const MAX_WAIT_MS = 5000;

type Via = MeetingView['via'];

/**
 * "Users will be able to automatically share Zoom meeting details" (seed article): a meeting on
 * the member's active connection. Personal: `POST /users/me/meetings`. Organization: the org's
 * admin token on `POST /users/{member email}/meetings`. A personal connection Zoom no longer
 * accepts falls back to the org connection, and the answer says so.
 */
export async function createMeeting(
  deps: Deps,
  session: MemberInfo,
  body: CreateMeetingBody,
  /** Zoom's `agenda`: a booking's repair marks its meetings so a dead process's can be found. */
  agenda?: string,
): Promise<MeetingView> {
  const zoom = await memberZoom(deps, session);
  // Zoom said 1001 for this member last time: ask it again, since a Zoom admin may have added
  // them since (a success clears the flag, another 1001 explains it).
  if (zoom.reason === 'not_in_zoom_account')
    return createVia(deps, session, body, 'organization', false, agenda);
  if (zoom.status === 'not_connected') {
    const reason = zoom.reason ?? 'org_not_connected';
    // Refused as a 403 of its own: the org's Zoom would act as an address not proven theirs.
    const code = reason === 'email_not_verified' ? 'email_not_verified' : 'zoom_not_connected';
    throw new DomainError(code, notConnectedMessage[reason]);
  }
  if (zoom.type === 'personal') {
    try {
      return await createVia(deps, session, body, 'personal', false, agenda);
    } catch (err) {
      const broken = err instanceof DomainError && err.code === 'zoom_needs_reconnect';
      const orgUsable =
        zoom.orgState === 'active' && !zoom.removedOrgConnection && zoom.emailVerified;
      if (!broken || !orgUsable) throw err;
      return createVia(deps, session, body, 'organization', true, agenda);
    }
  }
  return createVia(deps, session, body, 'organization', false, agenda);
}

async function createVia(
  deps: Deps,
  session: MemberInfo,
  body: CreateMeetingBody,
  via: Via,
  fellBack: boolean,
  agenda?: string,
): Promise<MeetingView> {
  const target: ConnectionTarget =
    via === 'personal'
      ? { kind: 'personal', accountId: session.accountId }
      : { kind: 'org', orgId: session.orgId };
  const userId = via === 'personal' ? 'me' : session.email;
  const request = {
    topic: body.topic,
    start_time: isoSeconds(new Date(body.startTime)),
    duration: body.durationMinutes,
    ...(body.timezone ? { timezone: body.timezone } : {}),
    ...(agenda ? { agenda } : {}),
  };
  let created: { meeting: ZoomMeeting; invitation: string };
  try {
    created = await withAccessToken(deps, target, async (token) => {
      const meeting = await withQpsBackoff(deps, () =>
        deps.zoom.createMeeting(token, userId, request),
      );
      const invitation = await deps.zoom
        .meetingInvitation(token, meeting.id)
        .catch(() => fallbackInvitation(meeting));
      return { meeting, invitation };
    });
  } catch (err) {
    throw await explain(deps, session, via, err);
  }
  if (via === 'organization') await flagZoomUser(deps, session, false);
  return {
    id: created.meeting.id,
    topic: created.meeting.topic || body.topic,
    startTime: created.meeting.start_time ?? request.start_time,
    durationMinutes: created.meeting.duration ?? body.durationMinutes,
    joinUrl: created.meeting.join_url,
    passcode: created.meeting.password ?? null,
    invitation: created.invitation,
    via,
    fellBack,
    hostEmail: created.meeting.host_email ?? null,
  };
}

async function withQpsBackoff<T>(deps: Deps, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const wait = err instanceof ZoomRateLimitError ? qpsWaitMs(err, attempt, deps.now()) : null;
      if (wait === null) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** How long to wait before retry `attempt + 1`, or null to give up and report it. */
export function qpsWaitMs(err: ZoomRateLimitError, attempt: number, now: Date): number | null {
  const fallback = QPS_BACKOFF_MS[attempt];
  if (err.isDailyLimit || fallback === undefined) return null;
  const at = retryAt(err.limit, now);
  if (!at) return fallback;
  const hinted = at.getTime() - now.getTime();
  if (hinted > MAX_WAIT_MS) return null;
  return Math.max(hinted, 50);
}

/** Zoom's failures, in words the member can act on. */
async function explain(deps: Deps, session: MemberInfo, via: Via, err: unknown): Promise<unknown> {
  if (err instanceof ZoomRateLimitError) {
    const now = deps.now();
    const at = retryAt(err.limit, now);
    const retryAfterSeconds = at ? Math.max(1, (at.getTime() - now.getTime()) / 1000) : undefined;
    if (err.isDailyLimit) {
      const when = at ? ` Try again after ${isoSeconds(at)}.` : ' Try again tomorrow.';
      return new DomainError(
        'zoom_daily_limit',
        `Zoom allows 100 new meetings per person per day.${when}`,
        { retryAfterSeconds },
      );
    }
    return new DomainError('zoom_unavailable', 'Zoom is busy right now. Try again in a moment.', {
      retryAfterSeconds: retryAfterSeconds ?? 1,
    });
  }
  const outage = asZoomOutage(err, {
    noAnswer:
      "Zoom didn't answer in time. It may still have created the meeting: check your Zoom meetings before trying again.",
    failed:
      "Zoom is having trouble right now and didn't create the meeting. Try again in a minute.",
  });
  if (outage) return outage;
  if (err instanceof ZoomApiError && err.zoomCode === 1001 && via === 'organization') {
    await flagZoomUser(deps, session, true);
    return new DomainError(
      'zoom_user_not_found',
      `${session.email} is not a user of your organization's Zoom account. Ask an admin to add you in Zoom, or connect your personal Zoom.`,
    );
  }
  if (err instanceof ZoomApiError) {
    return new DomainError('zoom_unavailable', `Zoom could not create the meeting: ${err.message}`);
  }
  return err;
}

/** The admin table flags members Zoom does not know (1001), and clears it once it works. */
async function flagZoomUser(deps: Deps, session: MemberInfo, missing: boolean): Promise<void> {
  await deps.db
    .update(memberships)
    .set({ zoomUserMissing: missing })
    .where(and(eq(memberships.orgId, session.orgId), eq(memberships.accountId, session.accountId)));
}

function isoSeconds(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function fallbackInvitation(meeting: ZoomMeeting): string {
  const lines = [`Join Zoom Meeting`, meeting.join_url, '', `Meeting ID: ${meeting.id}`];
  if (meeting.password) lines.push(`Passcode: ${meeting.password}`);
  return lines.join('\n');
}
