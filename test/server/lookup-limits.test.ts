import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiErrorBody } from '../../lib/contracts/errors';
import { randomToken } from '../../server/crypto/tokens';
import { LIMITS } from '../../server/domain/rate-limits';
import { startTestService, type TestService } from './harness';

/**
 * Secret links looked up without a session — approval links, invitations, email verification,
 * Zoom sign-in states — are limited per client address (README, Limits): links that do not exist
 * are counted, and at 30 every look-up from that address is a 429 with Retry-After for 15
 * minutes. Links that exist are never counted.
 */

let service: TestService;
let owner: Record<string, string>;
let clock = Date.now();
const MINUTE = 60_000;
const MAX = LIMITS.approvalLinkLookup.maxFailures;

beforeAll(async () => {
  service = await startTestService();
  service.deps.now = () => new Date(clock);
  owner = await service.signIn('olivia@acme.test');
});
afterAll(() => service.close());
beforeEach(() => {
  clock += 60 * MINUTE;
});

let nextAddress = 1;
const newAddress = () => `198.51.100.${nextAddress++}`;

type Lookup = (token: string, address: string) => Promise<Response>;

const get =
  (path: (token: string) => string): Lookup =>
  (token, address) =>
    service.request('GET', path(token), { address });
const post =
  (path: (token: string) => string, body?: unknown): Lookup =>
  (token, address) =>
    service.request('POST', path(token), { address, body });
const postForm =
  (path: (token: string) => string, form: Record<string, string>): Lookup =>
  (token, address) =>
    Promise.resolve(
      service.app.request(
        path(token),
        { method: 'POST', body: new URLSearchParams(form) },
        { incoming: { socket: { remoteAddress: address } } },
      ),
    );

/** Every look-up of a secret link, with the bucket it counts in. */
const lookups: [name: string, bucket: string, lookup: Lookup][] = [
  ['GET /api/approvals/:token', 'approval_link_address', get((t) => `/api/approvals/${t}`)],
  [
    'POST /api/approvals/:token/flows',
    'approval_link_address',
    post((t) => `/api/approvals/${t}/flows`, { client: 'web' }),
  ],
  ['GET /approve/:token', 'approval_link_address', get((t) => `/approve/${t}`)],
  ['POST /approve/:token/start', 'approval_link_address', post((t) => `/approve/${t}/start`)],
  ['GET /approve/result', 'approval_link_address', get((t) => `/approve/result?state=${t}`)],
  ['GET /api/oauth/flows/:state', 'oauth_flow_address', get((t) => `/api/oauth/flows/${t}`)],
  [
    'GET /oauth/zoom/callback',
    'oauth_flow_address',
    get((t) => `/oauth/zoom/callback?state=${t}&code=zoom-code`),
  ],
  ['GET /api/invitations/:token', 'invitation_address', get((t) => `/api/invitations/${t}`)],
  [
    'POST /api/invitations/:token/accept',
    'invitation_address',
    post((t) => `/api/invitations/${t}/accept`, { name: 'Guess', password: 'a-long-password' }),
  ],
  ['GET /invite/:token', 'invitation_address', get((t) => `/invite/${t}`)],
  [
    'POST /invite/:token',
    'invitation_address',
    postForm((t) => `/invite/${t}`, { name: 'Guess', password: 'a-long-password' }),
  ],
  ['POST /verify/:token', 'verification_address', postForm((t) => `/verify/${t}`, {})],
  ['GET /booking/:token', 'booking_link_address', get((t) => `/booking/${t}`)],
  [
    'POST /booking/:token/cancel',
    'booking_link_address',
    postForm((t) => `/booking/${t}/cancel`, {}),
  ],
];

async function statusesOf(lookup: Lookup, n: number, address: string) {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await lookup(randomToken(), address)).status);
  return statuses;
}

describe.each(lookups)('%s', (_name, bucket, lookup) => {
  it(`answers the ${MAX}th unknown link from one address with 429 and Retry-After, until the lock ends`, async () => {
    const address = newAddress();
    expect(await statusesOf(lookup, MAX, address)).toEqual([...Array(MAX - 1).fill(404), 429]);
    const locked = await lookup(randomToken(), address);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe(String(15 * 60));
    const text = await locked.text();
    if (locked.headers.get('content-type')?.includes('json')) {
      expect(apiErrorBody.parse(JSON.parse(text)).error).toEqual({
        code: 'too_many_attempts',
        message:
          'Too many links that do not exist were opened from your network. Try again in 15 minutes.',
      });
    } else {
      expect(text).toContain('Too many links that do not exist were opened from your network.');
    }
    // Another address is not affected; and after the lock the count starts again.
    expect((await lookup(randomToken(), newAddress())).status).toBe(404);
    clock += 15 * MINUTE;
    expect(await statusesOf(lookup, MAX - 1, address)).toEqual(Array(MAX - 1).fill(404));
    expect(bucket).toMatch(/_address$/);
  });
});

async function approvalLinkToken(): Promise<string> {
  const res = await service.request('POST', '/api/org/zoom/approval-links', {
    headers: owner,
    body: {},
  });
  expect(res.status).toBe(201);
  const { url } = (await res.json()) as { url: string };
  return url.split('/').at(-1) ?? '';
}

describe('links that exist', () => {
  it('are never counted, however often they are opened', async () => {
    const token = await approvalLinkToken();
    const address = newAddress();
    for (let i = 0; i < MAX * 2; i++) {
      expect((await service.request('GET', `/api/approvals/${token}`, { address })).status).toBe(
        200,
      );
    }
  });

  it('are refused too while the address is locked, so guessing gains nothing from the lock', async () => {
    const token = await approvalLinkToken();
    const address = newAddress();
    await statusesOf(
      get((t) => `/api/approvals/${t}`),
      MAX,
      address,
    );
    expect((await service.request('GET', `/api/approvals/${token}`, { address })).status).toBe(429);
    expect((await service.request('GET', `/approve/${token}`, { address })).status).toBe(429);
    // The lock is per kind of link: invitations from that address are still looked up.
    expect(
      (await service.request('GET', `/api/invitations/${randomToken()}`, { address })).status,
    ).toBe(404);
    clock += 15 * MINUTE;
    expect((await service.request('GET', `/api/approvals/${token}`, { address })).status).toBe(200);
  });
});
