import { describe, expect, it } from 'vitest';
import { SANDBOX_PERSONAL_APP } from '../../sandbox/seed.ts';
import { api, BASE_URL, connect, control, makeSandbox } from './helpers.ts';

const meeting = {
  topic: 'Quarterly review',
  type: 2,
  start_time: '2025-03-15T17:00:00',
  duration: 30,
  timezone: 'Europe/Berlin',
  agenda: 'Numbers',
};

function createMeeting(
  sandbox: ReturnType<typeof makeSandbox>,
  token: string,
  user: string,
  body: unknown = meeting,
) {
  return api(sandbox, `/users/${user}/meetings`, token, {
    method: 'POST',
    body: JSON.stringify(body),
  });
}

describe('users', () => {
  it('returns Zoom’s user fields for me', async () => {
    const sandbox = makeSandbox();
    const tokens = await connect(sandbox, 'olivia@acme.test');
    const me = await (await api(sandbox, '/users/me', tokens.access_token)).json();
    expect(me).toMatchObject({
      id: 'zu_olivia',
      first_name: 'Olivia',
      last_name: 'Owner',
      display_name: 'Olivia Owner',
      email: 'olivia@acme.test',
      type: 2,
      role_name: 'Owner',
      role_id: '0',
      status: 'active',
      account_id: 'acme-zoom-account',
      account_number: 10000001,
      timezone: 'UTC',
      language: 'en-US',
      verified: 1,
      dept: '',
    });
    expect(me.personal_meeting_url).toContain(BASE_URL);
  });

  it('lets an admin token read any user of its account by email or id', async () => {
    const sandbox = makeSandbox();
    const tokens = await connect(sandbox, 'zara@acme.test');
    const byEmail = await api(sandbox, '/users/mia@acme.test', tokens.access_token);
    expect((await byEmail.json()).id).toBe('zu_mia');
    const byId = await api(sandbox, '/users/zu_max', tokens.access_token);
    expect((await byId.json()).email).toBe('max@acme.test');
  });

  it('answers 1001 for a user outside the account', async () => {
    const sandbox = makeSandbox();
    const tokens = await connect(sandbox, 'zara@acme.test');
    const response = await api(sandbox, '/users/mia.personal@example.test', tokens.access_token);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      code: 1001,
      message: 'User does not exist: mia.personal@example.test',
    });
  });

  it('limits a user-app token to its own user', async () => {
    const sandbox = makeSandbox();
    const tokens = await connect(sandbox, 'mia@acme.test', SANDBOX_PERSONAL_APP);
    expect((await api(sandbox, '/users/mia@acme.test', tokens.access_token)).status).toBe(200);
    const other = await api(sandbox, '/users/max@acme.test', tokens.access_token);
    expect(other.status).toBe(400);
    expect((await other.json()).code).toBe(4711);
  });

  it('shows a role change in users/me', async () => {
    const sandbox = makeSandbox();
    const tokens = await connect(sandbox, 'zara@acme.test');
    const patched = await control(sandbox, 'PATCH', '/users/zara@acme.test', { role: 'Member' });
    expect(patched.status).toBe(200);
    const me = await (await api(sandbox, '/users/me', tokens.access_token)).json();
    expect(me).toMatchObject({ role_name: 'Member', role_id: '2' });
  });
});

describe('meetings', () => {
  it('creates a meeting for a user of the account with Zoom’s fields', async () => {
    const sandbox = makeSandbox();
    const tokens = await connect(sandbox, 'zara@acme.test');
    const response = await createMeeting(sandbox, tokens.access_token, 'mia@acme.test');
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(created).toMatchObject({
      host_id: 'zu_mia',
      host_email: 'mia@acme.test',
      topic: 'Quarterly review',
      type: 2,
      // 17:00 in Berlin (CET, UTC+1) is 16:00 UTC.
      start_time: '2025-03-15T16:00:00Z',
      duration: 30,
      timezone: 'Europe/Berlin',
    });
    expect(created.id).toEqual(expect.any(Number));
    expect(created.join_url).toMatch(new RegExp(`^${BASE_URL}/j/${created.id}\\?pwd=`));
    expect(created.password.length).toBeLessThanOrEqual(10);
    expect(created.settings.global_dial_in_numbers.length).toBeGreaterThan(0);
  });

  it('answers 1001 for an unknown host and 300 for an invalid body', async () => {
    const sandbox = makeSandbox();
    const tokens = await connect(sandbox, 'zara@acme.test');
    const unknown = await createMeeting(sandbox, tokens.access_token, 'ghost@acme.test');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).code).toBe(1001);
    const invalid = await createMeeting(sandbox, tokens.access_token, 'me', {
      password: '12345678901',
    });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).code).toBe(300);
  });

  it('enforces 100 creates per user per UTC day with a Daily-limit 429', async () => {
    let now = Date.parse('2025-03-01T22:00:00Z');
    const sandbox = makeSandbox({ now: () => now, accessTokenTtlSeconds: 86_400 });
    const tokens = await connect(sandbox, 'zara@acme.test');
    for (let i = 0; i < 100; i += 1) {
      // Ten a second: under the per-second limit.
      now += 100;
      const ok = await createMeeting(sandbox, tokens.access_token, 'max@acme.test');
      expect(ok.status).toBe(201);
    }
    const limited = await createMeeting(sandbox, tokens.access_token, 'max@acme.test');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-type')).toBe('Daily-limit');
    expect(limited.headers.get('x-ratelimit-limit')).toBe('100');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('retry-after')).toBe('2025-03-02T00:00:00Z');
    expect(await limited.json()).toEqual({
      code: 429,
      message: expect.stringContaining('exceeded the daily rate limit (100)'),
    });
    // Another user has their own budget.
    expect((await createMeeting(sandbox, tokens.access_token, 'mia@acme.test')).status).toBe(201);
    now = Date.parse('2025-03-02T00:00:01Z');
    expect((await createMeeting(sandbox, tokens.access_token, 'max@acme.test')).status).toBe(201);
  });

  it('enforces 20 creates per second per account (Medium, Pro) with a QPS 429', async () => {
    let now = Date.parse('2025-03-01T10:00:00.000Z');
    const sandbox = makeSandbox({ now: () => now });
    const tokens = await connect(sandbox, 'zara@acme.test');
    // Spread over several users: the limit is the account's, not a user's.
    const hosts = ['max@acme.test', 'mia@acme.test', 'adam@acme.test', 'zara@acme.test'];
    for (let i = 0; i < 20; i += 1) {
      const host = hosts[i % hosts.length] ?? 'max@acme.test';
      expect((await createMeeting(sandbox, tokens.access_token, host)).status).toBe(201);
    }
    const limited = await createMeeting(sandbox, tokens.access_token, 'olivia@acme.test');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-type')).toBe('QPS');
    expect(limited.headers.get('x-ratelimit-limit')).toBe('20');
    expect(limited.headers.get('x-ratelimit-reset')).toBe(String(now / 1000 + 1));
    expect(limited.headers.get('retry-after')).toBeNull();
    // Another Zoom account has its own budget.
    const mine = await connect(sandbox, 'mia.personal@example.test', SANDBOX_PERSONAL_APP);
    expect((await createMeeting(sandbox, mine.access_token, 'me')).status).toBe(201);
    expect(sandbox.store.stats.meetingCreates).toEqual({ created: 21, qps429: 1, daily429: 0 });
    expect(sandbox.store.createLog).toHaveLength(21);
    now += 1000;
    expect((await createMeeting(sandbox, tokens.access_token, 'olivia@acme.test')).status).toBe(
      201,
    );
  });

  it('returns the invitation text with join URL, meeting ID and passcode', async () => {
    const sandbox = makeSandbox();
    const tokens = await connect(sandbox, 'mia@acme.test', SANDBOX_PERSONAL_APP);
    const created = await (await createMeeting(sandbox, tokens.access_token, 'me')).json();
    const response = await api(sandbox, `/meetings/${created.id}/invitation`, tokens.access_token);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.sip_links).toEqual([]);
    expect(body.invitation).toContain(created.join_url);
    expect(body.invitation).toContain(`Passcode: ${created.password}`);
    const spacedId = String(created.id).replace(/^(\d{3})(\d{4})(\d+)$/, '$1 $2 $3');
    expect(body.invitation).toContain(`Meeting ID: ${spacedId}`);

    const missing = await api(sandbox, '/meetings/123/invitation', tokens.access_token);
    expect(missing.status).toBe(404);
  });
});
