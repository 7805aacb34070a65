import { eq } from 'drizzle-orm';
import { orgConnections, personalConnections } from '../db/schema';
import type { Deps, MemberInfo } from '../deps';
import { isDomainError } from './errors';
import { createMeeting } from './meetings';
import { type ConnectionTarget, withAccessToken } from './token-refresh';
import { asZoomOutage } from './zoom-outage';

/**
 * A booking's Zoom meeting. Made exactly as "New Zoom meeting" makes one (./meetings.ts: the
 * host's active connection, personal first, the org's as the fallback, Zoom's 429s backed off
 * and its daily limit reported), then recorded with the Zoom account it lives in.
 */

export interface ZoomDetails {
  joinUrl: string;
  passcode: string | null;
}

export interface BookingMeeting extends ZoomDetails {
  meetingId: number;
  via: 'organization' | 'personal';
  zoomAccountId: string | null;
}

/** A booking's columns for the meeting it now has (the join link and passcode sealed). */
export function meetingColumns(deps: Pick<Deps, 'vault'>, meeting: BookingMeeting) {
  return {
    meetingState: 'created' as const,
    zoomMeetingId: meeting.meetingId,
    zoomJoinSealed: deps.vault.seal(
      JSON.stringify({ joinUrl: meeting.joinUrl, passcode: meeting.passcode }),
    ),
    zoomVia: meeting.via,
    zoomAccountId: meeting.zoomAccountId,
    meetingProblem: null,
  };
}

/** `retryAfterSeconds` when Zoom only asked us to wait (its limits, an outage). */
export type MadeMeeting =
  | { ok: true; meeting: BookingMeeting }
  | { ok: false; problem: string; retryAfterSeconds?: number };

export async function makeBookingMeeting(
  deps: Deps,
  host: MemberInfo,
  request: {
    topic: string;
    start: Date;
    durationMinutes: number;
    timezone: string;
    agenda?: string;
  },
): Promise<MadeMeeting> {
  try {
    const view = await createMeeting(
      deps,
      host,
      {
        topic: request.topic.slice(0, 200),
        startTime: request.start.toISOString(),
        durationMinutes: request.durationMinutes,
        timezone: request.timezone,
      },
      request.agenda,
    );
    return {
      ok: true,
      meeting: {
        meetingId: view.id,
        joinUrl: view.joinUrl,
        passcode: view.passcode,
        via: view.via,
        zoomAccountId: await zoomAccountOf(deps, host, view.via),
      },
    };
  } catch (err) {
    if (isDomainError(err)) {
      const waits = err.code === 'zoom_daily_limit' || err.code === 'zoom_unavailable';
      return {
        ok: false,
        problem: err.message,
        ...(waits ? { retryAfterSeconds: err.details.retryAfterSeconds ?? 60 } : {}),
      };
    }
    deps.log.error({ err }, 'Zoom meeting for a booking failed unexpectedly');
    return { ok: false, problem: 'Zoom could not create the meeting.' };
  }
}

/**
 * Deletes the meeting through the connection that made it. Returns null when it is gone (also
 * when Zoom had already lost it), else what went wrong, for the booking's record.
 */
export async function deleteBookingMeeting(
  deps: Deps,
  host: MemberInfo,
  meeting: Pick<BookingMeeting, 'meetingId' | 'via'>,
): Promise<string | null> {
  const target: ConnectionTarget =
    meeting.via === 'personal'
      ? { kind: 'personal', accountId: host.accountId }
      : { kind: 'org', orgId: host.orgId };
  try {
    await withAccessToken(deps, target, (token) =>
      deps.zoom.deleteMeeting(token, meeting.meetingId),
    );
    return null;
  } catch (err) {
    if (isDomainError(err)) return err.message;
    const outage = asZoomOutage(err, {
      noAnswer: "Zoom didn't answer in time.",
      failed: 'Zoom is having trouble right now.',
    });
    if (outage) return outage.message;
    deps.log.warn({ err, meetingId: meeting.meetingId }, 'Zoom meeting of a booking not deleted');
    return err instanceof Error ? err.message : 'Zoom could not delete the meeting.';
  }
}

/**
 * A meeting made for this booking by a repair that died before recording it (found by the
 * agenda it carries), through the connection `via`; null when there is none or Zoom won't say.
 * Zoom's list has no passcode: the join link carries it.
 */
export async function findMeetingByAgenda(
  deps: Deps,
  host: MemberInfo,
  via: 'organization' | 'personal',
  agenda: string,
  except: number | null,
): Promise<BookingMeeting | null> {
  const target: ConnectionTarget =
    via === 'personal'
      ? { kind: 'personal', accountId: host.accountId }
      : { kind: 'org', orgId: host.orgId };
  try {
    const listed = await withAccessToken(deps, target, (token) =>
      deps.zoom.upcomingMeetings(token, via === 'personal' ? 'me' : host.email),
    );
    const found = listed.find((m) => m.agenda === agenda && m.id !== except);
    if (!found) return null;
    return {
      meetingId: found.id,
      joinUrl: found.join_url,
      passcode: null,
      via,
      zoomAccountId: await zoomAccountOf(deps, host, via),
    };
  } catch (err) {
    deps.log.warn({ err }, 'Could not look for an unrecorded booking meeting at Zoom');
    return null;
  }
}

export async function zoomAccountOf(
  deps: Deps,
  host: MemberInfo,
  via: 'organization' | 'personal',
): Promise<string | null> {
  if (via === 'personal') {
    const [row] = await deps.db
      .select({ id: personalConnections.zoomAccountId })
      .from(personalConnections)
      .where(eq(personalConnections.accountId, host.accountId));
    return row?.id ?? null;
  }
  const [row] = await deps.db
    .select({ id: orgConnections.zoomAccountId })
    .from(orgConnections)
    .where(eq(orgConnections.orgId, host.orgId));
  return row?.id ?? null;
}
