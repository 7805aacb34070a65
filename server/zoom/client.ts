import { z } from 'zod';
import { readRateLimit, type ZoomRateLimit } from './rate-limits';

/**
 * The only code that talks to Zoom. Base URLs come from config, so the sandbox and real Zoom
 * (https://zoom.us, https://api.zoom.us/v2) are interchangeable. Every response is parsed
 * with zod: Zoom sometimes answers non-JSON on errors (reference/zoom-platform.md §3).
 */

export interface ZoomApp {
  clientId: string;
  clientSecret: string;
}

export interface ZoomEndpoints {
  oauthUrl: string;
  apiUrl: string;
  timeoutMs?: number;
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  scope: z.string().default(''),
  api_url: z.string().optional(),
});
export type ZoomTokens = z.infer<typeof tokenResponse>;

const oauthErrorBody = z.object({ error: z.string().optional(), reason: z.string().optional() });
const apiErrorBody = z.object({ code: z.number(), message: z.string() });

export const zoomUser = z.object({
  id: z.string(),
  email: z.string(),
  first_name: z.string().optional().default(''),
  last_name: z.string().optional().default(''),
  display_name: z.string().optional(),
  // Optional in Zoom's schema, and seen missing: server/domain/zoom-roles.ts looks it up.
  role_name: z.string().optional(),
  role_id: z.string().optional(),
  account_id: z.string(),
  status: z.string().optional(),
  type: z.number().optional(),
});
export type ZoomUser = z.infer<typeof zoomUser>;

/**
 * Zoom's token endpoint said no. Only `invalid_grant` means the grant is dead (revoked, code
 * reused, owner gone, refresh token superseded); `invalid_client` is our app's credentials, and
 * a 4xx without a JSON body comes from an edge, not from Zoom's OAuth server — in both the grant
 * may be fine (zoom-platform.md §9; Cal.com checks `error === "invalid_grant"` alone, in
 * packages/app-store/zoomvideo/lib/VideoApiAdapter.ts).
 */
export class ZoomOAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
  ) {
    super(`Zoom OAuth error ${error}: ${reason}`);
  }

  get grantIsDead(): boolean {
    return this.error === 'invalid_grant';
  }
}

/** Zoom's REST API answered with its `{ code, message }` error. */
export class ZoomApiError extends Error {
  constructor(
    readonly status: number,
    readonly zoomCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Zoom could not be reached or answered 5xx/429: transient, never a reason to break a grant. */
export class ZoomUnavailableError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Zoom said 429: its per-user daily quota (100 meeting creates a day) or a per-second limit
 * worth a short back-off. What the answer said about both is in `limit` (./rate-limits.ts).
 */
export class ZoomRateLimitError extends ZoomUnavailableError {
  constructor(readonly limit: ZoomRateLimit) {
    super(`Zoom rate limit (${limit.daily ? 'daily' : (limit.type ?? 'per-second')})`, 429);
  }

  get isDailyLimit(): boolean {
    return this.limit.daily;
  }
}

const createdMeeting = z.object({
  id: z.number(),
  topic: z.string().default(''),
  start_time: z.string().optional(),
  duration: z.number().optional(),
  join_url: z.string(),
  password: z.string().optional(),
  host_email: z.string().optional(),
});
export type ZoomMeeting = z.infer<typeof createdMeeting>;

/** Zoom's "Meeting does not exist" (also "not found or has expired"). */
const MEETING_NOT_FOUND = 3001;

const meetingInvitation = z.object({ invitation: z.string() });
const meetingList = z.object({
  next_page_token: z.string().optional(),
  meetings: z.array(
    z.object({ id: z.number(), join_url: z.string(), agenda: z.string().optional() }),
  ),
});
export type ListedMeeting = z.infer<typeof meetingList>['meetings'][number];

export function createZoomClient(endpoints: ZoomEndpoints) {
  const timeoutMs = endpoints.timeoutMs ?? 10_000;

  async function call(
    url: string,
    init: RequestInit,
  ): Promise<{ status: number; body: unknown; json: boolean }> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new ZoomUnavailableError(`Zoom did not answer: ${(err as Error).message}`);
    }
    if (res.status >= 500) {
      throw new ZoomUnavailableError(`Zoom answered ${res.status}`, res.status);
    }
    const text = await res.text().catch((err: Error) => {
      throw new ZoomUnavailableError(`Zoom's answer broke off: ${err.message}`);
    });
    let body: unknown;
    let json = true;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = { message: text.slice(0, 200) };
      json = false;
    }
    if (res.status === 429) throw new ZoomRateLimitError(readRateLimit(res.headers, body));
    return { status: res.status, body, json };
  }

  function basicAuth(app: ZoomApp): string {
    return `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`;
  }

  async function tokenRequest(app: ZoomApp, form: Record<string, string>): Promise<ZoomTokens> {
    const { status, body, json } = await call(`${endpoints.oauthUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: basicAuth(app),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(form),
    });
    if (status === 200) {
      const parsed = tokenResponse.safeParse(body);
      if (parsed.success) return parsed.data;
      throw new ZoomUnavailableError('Zoom sent an unexpected token response');
    }
    if (!json) {
      throw new ZoomOAuthError(status, 'unexpected_response', `HTTP ${status} without a JSON body`);
    }
    // Match on the body, not the status: Zoom moved invalid refresh tokens from 401 to 400.
    const err = oauthErrorBody.safeParse(body);
    throw new ZoomOAuthError(
      status,
      (err.success && err.data.error) || 'unknown_error',
      (err.success && err.data.reason) || `HTTP ${status}`,
    );
  }

  return {
    /** No `scope` parameter: Zoom takes scopes from the app's configuration ("Invalid scopes"). */
    authorizeUrl(opts: {
      clientId: string;
      redirectUri: string;
      state: string;
      codeChallenge: string;
    }) {
      const url = new URL(`${endpoints.oauthUrl}/oauth/authorize`);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: opts.clientId,
        redirect_uri: opts.redirectUri,
        state: opts.state,
        code_challenge: opts.codeChallenge,
        // Zoom defaults to `plain` when the method is omitted, so always say S256.
        code_challenge_method: 'S256',
      }).toString();
      return url.toString();
    },

    exchangeCode(app: ZoomApp, opts: { code: string; redirectUri: string; codeVerifier: string }) {
      return tokenRequest(app, {
        grant_type: 'authorization_code',
        code: opts.code,
        redirect_uri: opts.redirectUri,
        code_verifier: opts.codeVerifier,
      });
    },

    refresh(app: ZoomApp, refreshToken: string) {
      return tokenRequest(app, { grant_type: 'refresh_token', refresh_token: refreshToken });
    },

    /** Best effort: revoking a token Zoom no longer knows is not an error for us. */
    async revoke(app: ZoomApp, token: string): Promise<boolean> {
      const { status } = await call(`${endpoints.oauthUrl}/oauth/revoke`, {
        method: 'POST',
        headers: {
          authorization: basicAuth(app),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ token }),
      });
      return status === 200;
    },

    /** `userId` is `me` for a personal token, the member's email for the org's token. */
    async createMeeting(
      accessToken: string,
      userId: string,
      body: {
        topic: string;
        start_time: string;
        duration: number;
        timezone?: string;
        agenda?: string;
      },
    ): Promise<ZoomMeeting> {
      const { status, body: answer } = await call(
        `${endpoints.apiUrl}/users/${encodeURIComponent(userId)}/meetings`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          // A scheduled meeting (type 2) with a passcode, so accounts that require one don't
          // push everyone into the waiting room (Zulip sends default_password too).
          body: JSON.stringify({ ...body, type: 2, default_password: true }),
        },
      );
      if (status === 201 || status === 200) {
        const parsed = createdMeeting.safeParse(answer);
        if (parsed.success) return parsed.data;
        throw new ZoomUnavailableError('Zoom sent an unexpected meeting response');
      }
      throw apiError(status, answer);
    },

    /** The user's upcoming meetings (`GET /users/{userId}/meetings?type=upcoming`), every page. */
    async upcomingMeetings(accessToken: string, userId: string): Promise<ListedMeeting[]> {
      const found: ListedMeeting[] = [];
      let pageToken = '';
      for (let page = 0; page < 50; page++) {
        const query = new URLSearchParams({ type: 'upcoming', page_size: '300' });
        if (pageToken) query.set('next_page_token', pageToken);
        const { status, body } = await call(
          `${endpoints.apiUrl}/users/${encodeURIComponent(userId)}/meetings?${query}`,
          { headers: { authorization: `Bearer ${accessToken}` } },
        );
        if (status !== 200) throw apiError(status, body);
        const parsed = meetingList.safeParse(body);
        if (!parsed.success) throw new ZoomUnavailableError('Zoom sent an unexpected meeting list');
        found.push(...parsed.data.meetings);
        pageToken = parsed.data.next_page_token ?? '';
        if (!pageToken) break;
      }
      return found;
    },

    async meetingInvitation(accessToken: string, meetingId: number): Promise<string> {
      const { status, body } = await call(`${endpoints.apiUrl}/meetings/${meetingId}/invitation`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      const parsed = meetingInvitation.safeParse(body);
      if (status === 200 && parsed.success) return parsed.data.invitation;
      throw apiError(status, body);
    },

    /**
     * `DELETE /meetings/{id}` answers 204. A 404 with code 3001 means the meeting is already gone
     * (deleted in Zoom, or its host was deleted with their meetings): for us that is done too.
     */
    async deleteMeeting(
      accessToken: string,
      meetingId: number,
    ): Promise<'deleted' | 'already_gone'> {
      const { status, body } = await call(`${endpoints.apiUrl}/meetings/${meetingId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${accessToken}` },
      });
      if (status === 204 || status === 200) return 'deleted';
      const err = apiError(status, body);
      if (status === 404 && err.zoomCode === MEETING_NOT_FOUND) return 'already_gone';
      throw err;
    },

    async getUser(accessToken: string, userId = 'me'): Promise<ZoomUser> {
      const { status, body } = await call(
        `${endpoints.apiUrl}/users/${encodeURIComponent(userId)}`,
        { headers: { authorization: `Bearer ${accessToken}` } },
      );
      if (status === 200) {
        const parsed = zoomUser.safeParse(body);
        if (parsed.success) return parsed.data;
        throw new ZoomUnavailableError('Zoom sent an unexpected user response');
      }
      throw apiError(status, body);
    },
  };
}

/** Zoom sometimes answers errors with non-JSON (zoom-platform.md §3): keep its first words. */
function apiError(status: number, body: unknown): ZoomApiError {
  const err = apiErrorBody.safeParse(body);
  return new ZoomApiError(
    status,
    err.success ? err.data.code : 0,
    err.success ? err.data.message : `HTTP ${status}`,
  );
}

export type ZoomClient = ReturnType<typeof createZoomClient>;
