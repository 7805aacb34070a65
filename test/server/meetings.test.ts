import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  checkNowResponse,
  meetingView,
  meResponse,
  orgZoomResponse,
} from '../../lib/contracts/api';
import { createApp } from '../../server/app';
import {
  auditLog,
  memberships,
  oauthFlows,
  orgConnections,
  personalConnections,
} from '../../server/db/schema';
import type { Deps } from '../../server/deps';
import {
  expectApiError,
  startServiceWithZoom,
  type TestServiceWithZoom,
  withZoomTimeout,
} from './harness';
import { connectPersonal } from './personal-zoom';
import { addMiaToZoom, connectOrgThroughZoom } from './zoom-browser';

let service: TestServiceWithZoom;
let owner: Record<string, string>;
let mia: Record<string, string>;

const meeting = {
  topic: 'Intro call',
  startTime: '2026-12-01T15:30:00+01:00',
  durationMinutes: 30,
  timezone: 'Europe/Berlin',
};

beforeAll(async () => {
  service = await startServiceWithZoom();
  owner = await service.signIn('olivia@acme.test');
  mia = await service.signIn('mia@acme.test');
});
afterAll(() => service.close());
beforeEach(async () => {
  await service.zoomControl('POST', '/reset');
  await service.deps.db.delete(oauthFlows);
  await service.deps.db.delete(orgConnections);
  await service.deps.db.delete(personalConnections);
  await service.deps.db.update(memberships).set({ zoomUserMissing: false });
});

function create(headers = mia, body: unknown = meeting) {
  return service.request('POST', '/api/me/meetings', { headers, body });
}

describe('New Zoom meeting', () => {
  it('creates it on the org connection as the member, with passcode and invitation text', async () => {
    await connectOrgThroughZoom(service, owner);
    const res = await create();
    expect(res.status).toBe(201);
    const view = meetingView.parse(await res.json());
    expect(view).toMatchObject({
      topic: 'Intro call',
      via: 'organization',
      fellBack: false,
      hostEmail: 'mia@acme.test',
    });
    expect(view.startTime).toBe('2026-12-01T14:30:00Z');
    expect(view.passcode).toBeTruthy();
    expect(view.invitation).toContain(view.joinUrl);
  });

  it('uses the personal connection when the member has one', async () => {
    await connectOrgThroughZoom(service, owner);
    await connectPersonal(service, mia, 'mia.personal@example.test');
    const view = meetingView.parse(await (await create()).json());
    expect(view).toMatchObject({
      via: 'personal',
      fellBack: false,
      hostEmail: 'mia.personal@example.test',
    });
  });

  it('falls back to the org connection, visibly, when Zoom no longer accepts the personal one', async () => {
    await connectOrgThroughZoom(service, owner);
    await connectPersonal(service, mia, 'mia.personal@example.test');
    await service.zoomControl('POST', '/grants/revoke', {
      email: 'mia.personal@example.test',
      clientId: 'sandbox-personal-app',
    });
    const res = await create();
    expect(res.status).toBe(201);
    expect(meetingView.parse(await res.json())).toMatchObject({
      via: 'organization',
      fellBack: true,
      hostEmail: 'mia@acme.test',
    });
    const [personal] = await service.deps.db.select().from(personalConnections);
    expect(personal?.state).toBe('needs_reconnect');
  });

  it('refreshes once and creates the meeting when Zoom ended the access token early', async () => {
    await connectOrgThroughZoom(service, owner);
    const expired = await service.zoomControl('POST', '/expire-tokens', {
      clientId: 'sandbox-org-app',
    });
    expect(await expired.json()).toEqual({ expired: 1 });
    expect((await create()).status).toBe(201);
    const stats = (await (await service.zoomControl('GET', '/stats')).json()) as {
      tokenRequests: { refresh_token: number };
    };
    expect(stats.tokenRequests.refresh_token).toBe(1);
  });

  it('says why when the member has no Zoom', async () => {
    const { message } = await expectApiError(await create(), 409, 'zoom_not_connected');
    expect(message).toMatch(/organization hasn't connected Zoom/);
  });

  it('explains Zoom 1001 (not a user of the Zoom account) and flags the member for admins', async () => {
    await connectOrgThroughZoom(service, owner);
    await service.zoomControl('DELETE', '/users/mia@acme.test');
    const { message } = await expectApiError(await create(), 422, 'zoom_user_not_found');
    expect(message).toContain("mia@acme.test is not a user of your organization's Zoom account");
    const table = (await (
      await service.request('GET', '/api/org/members', { headers: owner })
    ).json()) as {
      members: { email: string; zoomUserMissing: boolean }[];
    };
    expect(table.members.find((m) => m.email === 'mia@acme.test')?.zoomUserMissing).toBe(true);
    expect(table.members.find((m) => m.email === 'max@acme.test')?.zoomUserMissing).toBe(false);
  });

  it('after 1001 the member is not Connected, and a retry once Zoom knows them works again', async () => {
    await connectOrgThroughZoom(service, owner);
    await service.zoomControl('DELETE', '/users/mia@acme.test');
    await expectApiError(await create(), 422, 'zoom_user_not_found');
    const me = async () =>
      meResponse.parse(await (await service.request('GET', '/api/me', { headers: mia })).json());
    expect((await me()).zoom).toMatchObject({
      status: 'not_connected',
      type: null,
      reason: 'not_in_zoom_account',
    });
    // A Zoom admin adds her to the account: the next meeting is asked of Zoom again.
    const added = await addMiaToZoom(service.zoom.url);
    expect(added.status).toBe(201);
    const res = await create();
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await me()).zoom).toMatchObject({ status: 'connected', type: 'organization' });
  });

  it("reports Zoom's per-user daily limit with when it resets", async () => {
    await connectOrgThroughZoom(service, owner);
    const [row] = await service.deps.db.select().from(orgConnections);
    const token = service.deps.vault.open(row?.accessTokenSealed ?? '');
    // 100 creates today, at most 20 a second (the sandbox holds Zoom's per-second limit too).
    let created = 0;
    while (created < 100) {
      const res = await fetch(`${service.zoom.url}/v2/users/mia@acme.test/meetings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ topic: `m${created}`, type: 2 }),
      });
      if (res.status === 201) created += 1;
      else await new Promise((r) => setTimeout(r, 250));
    }
    const { message } = await expectApiError(await create(), 429, 'zoom_daily_limit');
    expect(message).toMatch(
      /100 new meetings per person per day\. Try again after \d{4}-\d{2}-\d{2}T00:00:00Z/,
    );
  });

  it("recognises Zoom's daily limit by its message when Zoom sends no rate-limit headers", async () => {
    await connectOrgThroughZoom(service, owner);
    await service.zoomControl('POST', '/faults', {
      match: '/v2/users/mia@acme.test/meetings',
      status: 429,
      rateLimit: 'daily_without_headers',
      count: 5,
    });
    const res = await create();
    const { message } = await expectApiError(res, 429, 'zoom_daily_limit');
    const midnight = new Date();
    midnight.setUTCHours(24, 0, 0, 0);
    expect(message).toContain(`Try again after ${midnight.toISOString().slice(0, 19)}Z`);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    // Reported at once, not retried as if it were a per-second limit.
    const state = (await (await service.zoomControl('GET', '/state')).json()) as {
      counters: { faults: number };
    };
    expect(state.counters.faults).toBe(1);
  });

  it("waits for Zoom's X-RateLimit-Reset before retrying a per-second limit", async () => {
    await connectOrgThroughZoom(service, owner);
    // Start early in a second: the sandbox's reset is the next whole second.
    while (Date.now() % 1000 > 100) await new Promise((r) => setTimeout(r, 10));
    const limitedAt = Math.floor(Date.now() / 1000);
    await service.zoomControl('POST', '/faults', {
      match: '/v2/users/mia@acme.test/meetings',
      status: 429,
    });
    expect((await create()).status).toBe(201);
    const state = (await (await service.zoomControl('GET', '/state')).json()) as {
      counters: { faults: number };
    };
    expect(state.counters.faults).toBe(0);
    const [created] = service.zoom.store.meetings.values();
    expect(Date.parse(created?.createdAt ?? '') / 1000).toBeGreaterThanOrEqual(limitedAt + 1);
  });

  it("backs off and retries Zoom's per-second limit", async () => {
    await connectOrgThroughZoom(service, owner);
    await service.zoomControl('POST', '/faults', {
      match: '/v2/users/mia@acme.test/meetings',
      status: 429,
      count: 1,
    });
    expect((await create()).status).toBe(201);
  });

  it('answers 503 zoom_unavailable with Retry-After, not 500, when Zoom fails with a 5xx', async () => {
    await connectOrgThroughZoom(service, owner);
    await service.zoomControl('POST', '/faults', {
      match: '/v2/users/mia@acme.test/meetings',
      status: 502,
    });
    const res = await create();
    const { message } = await expectApiError(res, 503, 'zoom_unavailable');
    expect(message).toMatch(/Zoom is having trouble right now and didn't create the meeting/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers 503 zoom_unavailable with Retry-After when Zoom does not answer in time', async () => {
    await connectOrgThroughZoom(service, owner);
    await service.zoomControl('POST', '/faults', {
      match: '/v2/users/mia@acme.test/meetings',
      delayMs: 1500,
    });
    const res = await withZoomTimeout(service, 300, create);
    const { message } = await expectApiError(res, 503, 'zoom_unavailable');
    expect(message).toMatch(/didn't answer in time\. It may still have created the meeting/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it("answers 503 with Retry-After when Zoom's token endpoint is down for a due refresh", async () => {
    await connectOrgThroughZoom(service, owner);
    await service.deps.db.update(orgConnections).set({ accessTokenExpiresAt: new Date(0) });
    await service.zoomControl('POST', '/faults', { match: '/oauth/token', status: 503 });
    const res = await create();
    await expectApiError(res, 503, 'zoom_unavailable');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const [row] = await service.deps.db.select().from(orgConnections);
    expect(row?.state).toBe('active');
  });

  it.each([
    ['no topic', { ...meeting, topic: '  ' }],
    ['a start without a zone', { ...meeting, startTime: '2026-12-01T15:30' }],
    ['a zero duration', { ...meeting, durationMinutes: 0 }],
    ['an extra field', { ...meeting, userId: 'someone@else.test' }],
  ])('refuses %s and creates nothing', async (_, body) => {
    await connectOrgThroughZoom(service, owner);
    await expectApiError(await create(mia, body), 400, 'bad_request');
    const state = (await (await service.zoomControl('GET', '/state')).json()) as {
      counters: { meetings: number };
    };
    expect(state.counters.meetings).toBe(0);
  });

  it('needs a session', async () => {
    await expectApiError(await create({}), 401, 'unauthenticated');
  });
});

/** The same database behind a service started with other settings (a restart). */
function restartedWith(env: Partial<Deps['env']>) {
  const app = createApp({ ...service.deps, env: { ...service.deps.env, ...env } });
  return (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    app.request(path, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

async function expireStoredTokens() {
  await service.deps.db
    .update(orgConnections)
    .set({ accessTokenExpiresAt: new Date(Date.now() - 1000) })
    .where(eq(orgConnections.orgId, 'org_acme'));
}

// A wrong or rotated client secret is our configuration, not the org's grant: Zoom answers
// `invalid_client`, and the connection must survive it so that fixing the secret is enough.
describe('Zoom refusing our app (invalid_client)', () => {
  it('answers 502 zoom_misconfigured, keeps the connection, shows admins, and recovers with the right secret', async () => {
    await service.deps.db.delete(auditLog);
    await connectOrgThroughZoom(service, owner);
    const wrong = restartedWith({ ZOOM_ORG_CLIENT_SECRET: 'a-rotated-secret' });
    await expireStoredTokens();
    const [before] = await service.deps.db.select().from(orgConnections);

    const failed = await wrong('POST', '/api/me/meetings', mia, meeting);
    const error = await expectApiError(failed, 502, 'zoom_misconfigured');
    expect(error.message).toMatch(/invalid_client/);
    expect(failed.headers.get('retry-after')).toMatch(/^\d+$/);

    const [after] = await service.deps.db.select().from(orgConnections);
    expect(after).toMatchObject({
      state: 'active',
      accessTokenSealed: before?.accessTokenSealed,
      refreshTokenSealed: before?.refreshTokenSealed,
    });

    const view = orgZoomResponse.parse(await (await wrong('GET', '/api/org/zoom', owner)).json());
    expect(view.state).toBe('active');
    expect(view.zoomProblem?.message).toMatch(/client ID or secret/);
    const check = checkNowResponse.parse(
      await (await wrong('POST', '/api/org/zoom/check', owner)).json(),
    );
    expect(check.check).toMatchObject({ outcome: 'zoom_problem' });
    expect(check.lastCheckError).toMatch(/invalid_client/);

    // Restarted with the right secret: the next meeting refreshes the kept pair and works.
    const fixed = restartedWith({});
    expect((await fixed('POST', '/api/me/meetings', mia, meeting)).status).toBe(201);
    const healed = orgZoomResponse.parse(await (await fixed('GET', '/api/org/zoom', owner)).json());
    expect(healed.zoomProblem).toBeNull();
    const actions = (await service.deps.db.select().from(auditLog)).map((a) => a.action);
    expect(actions.filter((a) => a === 'org_connection.zoom_problem')).toHaveLength(1);
    expect(actions).toContain('org_connection.zoom_problem_resolved');
    expect(actions).not.toContain('org_connection.needs_reconnect');
  });
});
