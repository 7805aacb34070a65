import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitationView, membersResponse } from '../../lib/contracts/api';
import { DEV_EXTENSION_ID } from '../../lib/contracts/dev-extension';
import { anyString, nearValid } from '../fuzz-values';
import { describeStats, newStats } from './fuzz';
import { type FuzzTarget, fuzzTarget, queryValue } from './fuzz-requests';
import { startTestService, type TestService } from './harness';

/**
 * Every JSON endpoint of the service, with random and boundary values in each body, query and
 * path param: never a 5xx, and a refused request changes nothing (test/server/fuzz.ts).
 */

let service: TestService;
let targets: FuzzTarget[];
const stats = newStats();
const started = performance.now();

beforeAll(async () => {
  // Zoom on a closed port: a request that gets far enough to call Zoom must not reach a real
  // sandbox (other processes on this machine may run one on the default port).
  service = await startTestService({
    ZOOM_OAUTH_URL: 'http://127.0.0.1:9',
    ZOOM_API_URL: 'http://127.0.0.1:9/v2',
  });
  const owner = await service.signIn('olivia@acme.test');
  const link = await service.request('POST', '/api/org/zoom/approval-links', {
    headers: owner,
    body: {},
  });
  const linkToken = ((await link.json()) as { url: string }).url.split('/').at(-1) ?? '';
  const flow = await service.request('POST', `/api/approvals/${linkToken}/flows`, {
    body: { client: 'web' },
  });
  const { state } = (await flow.json()) as { state: string };
  const invited = await service.request('POST', '/api/org/invitations', {
    headers: owner,
    body: { email: 'fuzz-invitee@acme.test', role: 'user' },
  });
  const invitation = invitationView.parse(await invited.json());
  const invitationToken = (invitation.url ?? '').split('/invite/')[1] ?? '';
  let invitations = 0;
  // A valid sign-up uses its invitation up: the sign-up target gets a new one per run.
  const FRESH_INVITATION = 'fresh-invitation-00000000000';
  const newInvitation = async () => {
    invitations += 1;
    const res = await service.request('POST', '/api/org/invitations', {
      headers: owner,
      body: { email: `fuzz-signup-${invitations}@acme.test`, role: 'user' },
    });
    return (invitationView.parse(await res.json()).url ?? '').split('/invite/')[1] ?? '';
  };
  const firstPage = membersResponse.parse(
    await (await service.request('GET', '/api/org/members?limit=1', { headers: owner })).json(),
  );
  const cursor = firstPage.nextCursor ?? '';
  const redirectUri = `https://${DEV_EXTENSION_ID}.chromiumapp.org/zoom`;
  const filter = { q: 'a', status: 'connected', type: 'personal', sort: 'name', dir: 'asc' };
  const auth = { headers: owner };
  const maxSession = await service.signIn('max@acme.test');
  const eventType = {
    name: 'Intro call',
    durationMinutes: 30,
    location: { kind: 'phone', detail: '+49 30 1234567' },
    timezone: 'Europe/Berlin',
    availability: [{ day: 1, start: '09:00', end: '17:00' }],
  };
  const created = await service.request('POST', '/api/me/event-types', {
    ...auth,
    body: eventType,
  });
  const eventTypeId = ((await created.json()) as { id: string }).id;

  targets = [
    {
      method: 'POST',
      route: '/api/auth/sign-in',
      json: nearValid({ email: 'olivia@acme.test', password: 'not-the-password' }),
      runs: 40,
    },
    { method: 'POST', route: '/api/auth/sign-out', runs: 20 },
    {
      method: 'POST',
      route: '/api/auth/password-reset',
      json: nearValid({ email: 'max@acme.test' }),
      runs: 40,
    },
    { method: 'GET', route: '/api/approvals/:linkToken', params: { linkToken }, runs: 60 },
    {
      method: 'POST',
      route: '/api/approvals/:linkToken/flows',
      params: { linkToken },
      json: fc.oneof(nearValid({ client: 'web' }), nearValid({ client: 'extension', redirectUri })),
      runs: 80,
    },
    { method: 'GET', route: '/api/oauth/flows/:state', params: { state }, runs: 60 },
    {
      method: 'GET',
      route: '/api/invitations/:token',
      params: { token: invitationToken },
      runs: 60,
    },
    {
      method: 'POST',
      route: '/api/invitations/:token/accept',
      params: { token: FRESH_INVITATION },
      json: nearValid({ name: 'New Person', password: 'a-long-password' }),
      fresh: { [FRESH_INVITATION]: newInvitation },
      runs: 60,
    },
    { method: 'GET', route: '/api/me', ...auth, runs: 20 },
    {
      method: 'POST',
      route: '/api/me/zoom/personal/flows',
      json: nearValid({ client: 'extension', redirectUri }),
      ...auth,
      runs: 60,
    },
    { method: 'DELETE', route: '/api/me/zoom/personal', ...auth, runs: 20 },
    { method: 'POST', route: '/api/me/zoom/personal/check', ...auth, runs: 20 },
    // The owner is verified: another link is refused (409), and nothing is sent.
    { method: 'POST', route: '/api/me/email/verification', ...auth, runs: 20 },
    {
      // Not the owner's password: a change would move the account the other targets sign in as.
      method: 'PUT',
      route: '/api/me/email',
      json: nearValid({ email: 'olivia.new@acme.test', password: 'not-the-password' }),
      ...auth,
      runs: 40,
    },
    {
      // Not the owner's password: a change would end the sessions the other targets use.
      method: 'PUT',
      route: '/api/me/password',
      json: nearValid({ currentPassword: 'not-the-password', newPassword: 'a-long-new-password' }),
      ...auth,
      runs: 40,
    },
    // Max's own session: the first valid request ends it (and only it), the rest get 401.
    { method: 'DELETE', route: '/api/me/sessions', headers: maxSession, runs: 20 },
    {
      method: 'PUT',
      route: '/api/me/zoom/org-connection',
      json: nearValid({ removed: true }),
      ...auth,
      runs: 60,
    },
    {
      method: 'POST',
      route: '/api/me/meetings',
      json: nearValid({
        topic: 'Planning',
        startTime: '2030-01-01T09:00:00Z',
        durationMinutes: 30,
        timezone: 'Europe/Berlin',
      }),
      ...auth,
      runs: 100,
    },
    { method: 'GET', route: '/api/org/zoom', ...auth, runs: 20 },
    {
      method: 'POST',
      route: '/api/org/zoom/approval-links',
      json: fc.oneof(nearValid({}), nearValid({ note: 'x' })),
      ...auth,
      runs: 40,
    },
    { method: 'DELETE', route: '/api/org/zoom/approval-links/current', ...auth, runs: 20 },
    { method: 'GET', route: '/api/org/zoom/disconnect-impact', ...auth, runs: 20 },
    { method: 'POST', route: '/api/org/zoom/disconnect', ...auth, runs: 20 },
    { method: 'POST', route: '/api/org/zoom/check', ...auth, runs: 20 },
    {
      method: 'GET',
      route: '/api/org/audit',
      query: nearValid({ before: '10', limit: '5' }, queryValue),
      ...auth,
      runs: 80,
    },
    {
      method: 'GET',
      route: '/api/org/members',
      query: fc.oneof(
        nearValid({ ...filter, limit: '10' }, queryValue),
        nearValid({ sort: 'name', dir: 'asc', cursor }, queryValue),
        fc.record({ cursor: forgedCursor() }),
      ),
      ...auth,
      runs: 200,
    },
    { method: 'GET', route: '/api/org/members/summary', ...auth, runs: 20 },
    {
      method: 'GET',
      route: '/api/org/members.csv',
      query: nearValid(filter, queryValue),
      ...auth,
      runs: 80,
    },
    {
      method: 'PATCH',
      route: '/api/org/members/:accountId',
      params: { accountId: 'acct_mia' },
      json: nearValid({ role: 'user' }),
      ...auth,
      runs: 80,
    },
    {
      method: 'DELETE',
      route: '/api/org/members/:accountId',
      params: { accountId: 'acct_no_such_member' },
      query: nearValid({ upcomingBookings: 'cancel' }, queryValue),
      ...auth,
      runs: 60,
    },
    {
      method: 'GET',
      route: '/api/org/members/:accountId/bookings',
      params: { accountId: 'acct_mia' },
      query: nearValid({ limit: '5' }, queryValue),
      ...auth,
      runs: 60,
    },
    {
      method: 'POST',
      route: '/api/org/invitations',
      json: nearValid({ email: 'fuzz@acme.test', role: 'user' }),
      ...auth,
      runs: 80,
    },
    { method: 'GET', route: '/api/org/invitations', ...auth, runs: 20 },
    {
      method: 'DELETE',
      route: '/api/org/invitations/:id',
      params: { id: invitation.id },
      ...auth,
      runs: 60,
    },
    {
      method: 'PATCH',
      route: '/api/org/zoom/settings',
      json: nearValid({ allowMemberRemoval: false, zoomDefaultLocation: true }),
      ...auth,
      runs: 60,
    },
    { method: 'GET', route: '/api/org/alerts', ...auth, runs: 20 },
    { method: 'GET', route: '/api/org/bookings/repair-progress', ...auth, runs: 10 },
    { method: 'GET', route: '/api/me/alerts', ...auth, runs: 20 },
    { method: 'GET', route: '/api/me/alert-preferences', ...auth, runs: 20 },
    {
      method: 'PUT',
      route: '/api/me/alert-preferences',
      json: nearValid({ preferences: [{ topic: 'approval_link_expiring', email: true }] }),
      ...auth,
      runs: 60,
    },
    { method: 'GET', route: '/api/me/event-types', ...auth, runs: 20 },
    {
      method: 'POST',
      route: '/api/me/event-types',
      json: nearValid(eventType),
      ...auth,
      runs: 100,
    },
    {
      method: 'PATCH',
      route: '/api/me/event-types/:id',
      params: { id: eventTypeId },
      json: nearValid({ ...eventType, slug: 'fuzzed', location: { kind: 'zoom' } }),
      ...auth,
      runs: 100,
    },
    {
      method: 'DELETE',
      route: '/api/me/event-types/:id',
      params: { id: eventTypeId },
      ...auth,
      runs: 20,
    },
  ];
});

afterAll(async () => {
  console.log(describeStats('api', stats, performance.now() - started));
  await service.close();
});

/** Cursors shaped like ours (base64url JSON) with keys of every type. */
function forgedCursor(): fc.Arbitrary<string> {
  return fc
    .record({
      sort: fc.constantFrom('name', 'email', 'status', 'type', 'x'),
      dir: fc.constantFrom('asc', 'desc', 'x'),
      keys: fc.array(fc.oneof(anyString, fc.integer(), fc.double(), fc.constant(null)), {
        maxLength: 4,
      }),
    })
    .map((value) => Buffer.from(JSON.stringify(value)).toString('base64url'));
}

describe('fuzzing every API request', () => {
  it('covers every /api route the app serves', () => {
    const served = service.app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
      .map((r) => `${r.method} ${r.path}`);
    expect(new Set(targets.map((t) => `${t.method} ${t.route}`))).toEqual(new Set(served));
  });

  it('never answers 5xx and a refused request changes nothing', async () => {
    for (const target of targets) await fuzzTarget(service, stats, target);
    expect(stats.serverErrors).toBe(0);
  }, 120_000);
});
