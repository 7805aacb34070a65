import { describe, expect, it } from 'vitest';
import { SANDBOX_ORG_APP, SANDBOX_PERSONAL_APP } from '../../sandbox/seed.ts';
import { api, connect, control, makeSandbox, REDIRECT_URI, type TestSandbox } from './helpers.ts';

const upcoming = { topic: 'Intro call', start_time: '2030-05-01T09:00:00Z', duration: 30 };

async function create(sandbox: TestSandbox, token: string, user: string, body = upcoming) {
  const response = await api(sandbox, `/users/${user}/meetings`, token, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: number; join_url: string };
}

function remove(sandbox: TestSandbox, token: string, id: number | string) {
  return api(sandbox, `/meetings/${id}`, token, { method: 'DELETE' });
}

function list(sandbox: TestSandbox, token: string, user: string, query = '') {
  return api(sandbox, `/users/${user}/meetings${query}`, token);
}

describe('deleting a meeting', () => {
  it('answers 204 without a body, and 404 with code 3001 once it is gone', async () => {
    const sandbox = makeSandbox();
    const tokens = await connect(sandbox, 'zara@acme.test');
    const meeting = await create(sandbox, tokens.access_token, 'mia@acme.test');
    const deleted = await remove(sandbox, tokens.access_token, meeting.id);
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    const again = await remove(sandbox, tokens.access_token, meeting.id);
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({
      code: 3001,
      message: `Meeting does not exist: ${meeting.id}.`,
    });
    expect((await remove(sandbox, tokens.access_token, 'not-a-number')).status).toBe(404);
  });

  it('lets a user token delete only its own user’s meetings', async () => {
    const sandbox = makeSandbox();
    const admin = await connect(sandbox, 'zara@acme.test');
    const mia = await connect(sandbox, 'mia@acme.test', SANDBOX_PERSONAL_APP);
    const maxMeeting = await create(sandbox, admin.access_token, 'max@acme.test');
    const miaMeeting = await create(sandbox, mia.access_token, 'me');
    expect((await remove(sandbox, mia.access_token, maxMeeting.id)).status).toBe(404);
    expect((await remove(sandbox, mia.access_token, miaMeeting.id)).status).toBe(204);
  });

  it('does not reach a meeting of another Zoom account', async () => {
    const sandbox = makeSandbox();
    const acme = await connect(sandbox, 'zara@acme.test');
    const meeting = await create(sandbox, acme.access_token, 'mia@acme.test');
    const state = await (await control(sandbox, 'GET', '/state')).json();
    const otherAdmin = state.users.find(
      (user: { accountId: string; roleName: string }) =>
        user.accountId !== 'acme-zoom-account' && user.roleName !== 'Member',
    );
    const other = await connect(sandbox, otherAdmin.email);
    expect((await remove(sandbox, other.access_token, meeting.id)).status).toBe(404);
    expect((await remove(sandbox, acme.access_token, meeting.id)).status).toBe(204);
  });

  it('answers 4711 when the app lacks the delete scope', async () => {
    const sandbox = makeSandbox({
      apps: [
        {
          ...SANDBOX_ORG_APP,
          redirectUris: [REDIRECT_URI],
          scopes: ['meeting:write:meeting:admin', 'user:read:user:admin'],
        },
      ],
    });
    const tokens = await connect(sandbox, 'zara@acme.test');
    const meeting = await create(sandbox, tokens.access_token, 'mia@acme.test');
    const refused = await remove(sandbox, tokens.access_token, meeting.id);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      code: 4711,
      message: 'Invalid access token, does not contain scopes:[meeting:delete:meeting:admin].',
    });
    expect((await list(sandbox, tokens.access_token, 'mia@acme.test')).status).toBe(400);
  });
});

describe('listing a user’s meetings', () => {
  it('lists the user’s meetings in pages, upcoming only when asked', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const sandbox = makeSandbox({ now: () => now, accessTokenTtlSeconds: 86_400 * 365 * 10 });
    const tokens = await connect(sandbox, 'zara@acme.test');
    const past = await create(sandbox, tokens.access_token, 'mia@acme.test', {
      ...upcoming,
      start_time: '2030-01-01T08:00:00Z',
    });
    const later = await create(sandbox, tokens.access_token, 'mia@acme.test');
    await create(sandbox, tokens.access_token, 'max@acme.test');
    now = Date.parse('2030-02-01T00:00:00Z');

    const all = await (await list(sandbox, tokens.access_token, 'mia@acme.test')).json();
    expect(all).toMatchObject({ total_records: 2, page_size: 30, next_page_token: '' });
    expect(all.meetings.map((m: { id: number }) => m.id)).toEqual([past.id, later.id]);
    expect(all.meetings[1]).toMatchObject({
      host_id: 'zu_mia',
      topic: 'Intro call',
      start_time: '2030-05-01T09:00:00Z',
      duration: 30,
      join_url: later.join_url,
    });

    const soon = await (
      await list(sandbox, tokens.access_token, 'mia@acme.test', '?type=upcoming')
    ).json();
    expect(soon.meetings.map((m: { id: number }) => m.id)).toEqual([later.id]);

    const first = await (
      await list(sandbox, tokens.access_token, 'mia@acme.test', '?page_size=1')
    ).json();
    expect(first.meetings).toHaveLength(1);
    const second = await (
      await list(
        sandbox,
        tokens.access_token,
        'mia@acme.test',
        `?page_size=1&next_page_token=${first.next_page_token}`,
      )
    ).json();
    expect(second.meetings[0].id).toBe(later.id);
    expect(second.next_page_token).toBe('');
  });

  it('keeps a user token to its own user and rejects a bad type', async () => {
    const sandbox = makeSandbox();
    const mia = await connect(sandbox, 'mia@acme.test', SANDBOX_PERSONAL_APP);
    expect((await list(sandbox, mia.access_token, 'me')).status).toBe(200);
    const other = await list(sandbox, mia.access_token, 'max@acme.test');
    expect(other.status).toBe(400);
    expect((await other.json()).code).toBe(4711);
    expect((await list(sandbox, mia.access_token, 'me', '?type=nope')).status).toBe(400);
  });
});

describe('deleting a Zoom user', () => {
  it('loses that user’s meetings, as Zoom does', async () => {
    const sandbox = makeSandbox();
    const tokens = await connect(sandbox, 'zara@acme.test');
    const miaMeeting = await create(sandbox, tokens.access_token, 'mia@acme.test');
    const maxMeeting = await create(sandbox, tokens.access_token, 'max@acme.test');
    expect((await control(sandbox, 'DELETE', '/users/mia@acme.test')).status).toBe(200);
    expect((await remove(sandbox, tokens.access_token, miaMeeting.id)).status).toBe(404);
    const held = await (await control(sandbox, 'GET', '/meetings')).json();
    expect(held.meetings.map((m: { id: number }) => m.id)).toEqual([maxMeeting.id]);
    expect(held.meetings[0]).toMatchObject({ hostEmail: 'max@acme.test' });
  });
});
