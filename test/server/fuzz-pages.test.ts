import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitationView } from '../../lib/contracts/api';
import { hashToken, newId, randomToken } from '../../server/crypto/tokens';
import { emailVerifications, passwordResets } from '../../server/db/schema';
import { nearValid } from '../fuzz-values';
import { describeStats, newStats } from './fuzz';
import { type FuzzTarget, fuzzTarget, queryValue } from './fuzz-requests';
import { startTestService, type TestService } from './harness';

/**
 * Every page the service serves on PUBLIC_URL — the approval link's page and its web flow,
 * Zoom's OAuth callback, the result page, the invitation sign-up form, the assets — with random
 * and boundary values in each path param, query and form: never a 5xx, and a refused request
 * changes nothing (test/server/fuzz.ts).
 */

let service: TestService;
let targets: FuzzTarget[];
const stats = newStats();
const started = performance.now();

beforeAll(async () => {
  // Zoom on a closed port: a callback that gets as far as redeeming a code must not reach a
  // real sandbox (other processes on this machine may run one on the default port).
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
  const newState = async () => {
    const flow = await service.request('POST', `/api/approvals/${linkToken}/flows`, {
      body: { client: 'web' },
    });
    return ((await flow.json()) as { state: string }).state;
  };
  let invitations = 0;
  const newInvitation = async () => {
    invitations += 1;
    const invited = await service.request('POST', '/api/org/invitations', {
      headers: owner,
      body: { email: `fuzz-page-${invitations}@acme.test`, role: 'user' },
    });
    return (invitationView.parse(await invited.json()).url ?? '').split('/invite/')[1] ?? '';
  };
  const state = await newState();
  const invitationToken = await newInvitation();
  // A valid callback or sign-up uses its sign-in or invitation up: those get a new one per run.
  const FRESH_STATE = 'fresh-state-0000000000000000';
  const FRESH_INVITATION = 'fresh-invitation-00000000000';
  // A verification link as if mailed to max@acme.test: a valid one is used up, so one per run.
  const FRESH_VERIFICATION = 'fresh-verification-000000000';
  const newVerification = async () => {
    const token = randomToken();
    await service.deps.db.insert(emailVerifications).values({
      id: newId(),
      accountId: 'acct_max',
      email: 'max@acme.test',
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    return token;
  };
  const verificationToken = await newVerification();
  // A reset link as if mailed to max@acme.test; a valid POST uses it up (and sets his password).
  const FRESH_RESET = 'fresh-password-reset-000000';
  const newReset = async () => {
    const token = randomToken();
    await service.deps.db.insert(passwordResets).values({
      id: newId(),
      accountId: 'acct_max',
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    return token;
  };
  const resetToken = await newReset();
  // A phone event open all week, so the booking page always offers times.
  const created = await service.request('POST', '/api/me/event-types', {
    headers: owner,
    body: {
      name: 'Intro call',
      durationMinutes: 15,
      location: { kind: 'phone', detail: '+49 30 1234567' },
      timezone: 'UTC',
      availability: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '00:00', end: '24:00' })),
    },
  });
  const bookingUrl = new URL(((await created.json()) as { bookingUrl: string }).bookingUrl);
  const [, , handle = '', slug = ''] = bookingUrl.pathname.split('/');
  const firstSlot = async () => {
    const html = await (await service.app.request(bookingUrl.pathname)).text();
    return html.match(/name="start" id="slot-1" value="([^"]+)"/)?.[1] ?? '';
  };
  const booker = { name: 'Ivy Invitee', email: 'ivy@example.test', tz: 'Europe/Berlin' };
  const booked = await service.app.request(bookingUrl.pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...booker, start: await firstSlot() }).toString(),
  });
  const bookingToken = (booked.headers.get('location') ?? '').split('/booking/')[1]?.split('?')[0];

  targets = [
    { method: 'GET', route: '/healthz', runs: 10 },
    { method: 'GET', route: '/assets/:name', params: { name: 'page.css' }, runs: 40 },
    {
      method: 'GET',
      route: '/approve/result',
      query: nearValid({ state }, queryValue),
      runs: 60,
    },
    { method: 'GET', route: '/approve/:linkToken', params: { linkToken }, runs: 60 },
    { method: 'POST', route: '/approve/:linkToken/start', params: { linkToken }, runs: 40 },
    {
      method: 'GET',
      route: '/oauth/zoom/callback',
      query: fc.oneof(
        nearValid({ state: FRESH_STATE, error: 'access_denied' }, queryValue),
        nearValid({ state: FRESH_STATE, code: 'zoom-authorization-code' }, queryValue),
      ),
      fresh: { [FRESH_STATE]: newState },
      runs: 100,
    },
    { method: 'GET', route: '/invite/:token', params: { token: invitationToken }, runs: 60 },
    {
      method: 'POST',
      route: '/invite/:token',
      params: { token: FRESH_INVITATION },
      form: nearValid({ name: 'New Person', password: 'a-long-password' }),
      fresh: { [FRESH_INVITATION]: newInvitation },
      runs: 60,
    },
    { method: 'GET', route: '/verify/:token', params: { token: verificationToken }, runs: 40 },
    { method: 'GET', route: '/console', runs: 10 },
    {
      method: 'POST',
      route: '/verify/:token',
      params: { token: FRESH_VERIFICATION },
      fresh: { [FRESH_VERIFICATION]: newVerification },
      runs: 40,
    },
    { method: 'GET', route: '/reset', runs: 10 },
    { method: 'POST', route: '/reset', form: nearValid({ email: 'max@acme.test' }), runs: 40 },
    { method: 'GET', route: '/reset/:token', params: { token: resetToken }, runs: 40 },
    {
      method: 'POST',
      route: '/reset/:token',
      params: { token: FRESH_RESET },
      form: nearValid({ password: 'a-long-new-password' }),
      fresh: { [FRESH_RESET]: newReset },
      runs: 40,
    },
    {
      method: 'GET',
      route: '/book/:handle/:slug',
      params: { handle, slug },
      query: nearValid({ tz: 'Europe/Berlin', from: '2030-01-01' }, queryValue),
      runs: 40,
    },
    {
      method: 'POST',
      route: '/book/:handle/:slug',
      params: { handle, slug },
      form: nearValid({ ...booker, start: await firstSlot() }),
      runs: 60,
    },
    {
      method: 'GET',
      route: '/booking/:token',
      params: { token: bookingToken ?? '' },
      query: nearValid({ booked: '1' }, queryValue),
      runs: 40,
    },
    {
      method: 'POST',
      route: '/booking/:token/cancel',
      params: { token: bookingToken ?? '' },
      runs: 40,
    },
  ];
});

afterAll(async () => {
  console.log(describeStats('pages', stats, performance.now() - started));
  await service.close();
});

describe('fuzzing every page request', () => {
  it('covers every route outside /api and /webhooks', () => {
    const served = service.app.routes
      .filter((r) => r.method !== 'ALL' && !/^\/(api|webhooks)\//.test(r.path))
      .map((r) => `${r.method} ${r.path}`);
    expect(new Set(targets.map((t) => `${t.method} ${t.route}`))).toEqual(new Set(served));
  });

  it('never answers 5xx and a refused request changes nothing', async () => {
    for (const target of targets) await fuzzTarget(service, stats, target);
    expect(stats.serverErrors).toBe(0);
  }, 120_000);
});
