import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signZoomWebhook } from '../../sandbox/webhooks';
import { orgConnections, personalConnections } from '../../server/db/schema';
import { anyJson, anyNumber, anyString, nearValid } from '../fuzz-values';
import { describeStats, type FuzzRequest, fuzzRequests, newStats } from './fuzz';
import { startTestService, type TestService } from './harness';

/**
 * Zoom's webhook endpoint with random payloads, signed validly by either app (and now and then
 * not): never a 5xx, and a refused event changes nothing (test/server/fuzz.ts).
 */

let service: TestService;
const stats = newStats();
const started = performance.now();

beforeAll(async () => {
  service = await startTestService();
});

afterAll(async () => {
  console.log(describeStats('webhooks', stats, performance.now() - started));
  await service.close();
});

/** The org and Mia connected again before each event, so a valid uninstall has work to do. */
async function reconnect() {
  const long_ago = new Date('2001-01-01T00:00:00Z');
  await service.deps.db
    .insert(orgConnections)
    .values({
      orgId: 'org_acme',
      state: 'active',
      zoomAccountId: 'acme-zoom-account',
      zoomEmail: 'zara@acme.test',
      approvedAt: long_ago,
    })
    .onConflictDoUpdate({ target: orgConnections.orgId, set: { state: 'active' } });
  await service.deps.db
    .insert(personalConnections)
    .values({
      accountId: 'acct_mia',
      orgId: 'org_acme',
      state: 'active',
      zoomUserId: 'zu_mia',
      zoomAccountId: 'mia-zoom-account',
      zoomEmail: 'mia@zoom.test',
      connectedAt: long_ago,
    })
    .onConflictDoNothing();
}

function events(): fc.Arbitrary<unknown> {
  const env = service.env;
  // Either the payload or the event around it varies, so each level is reached while the other
  // is valid. Without deauthorization_time, the uninstall's time comes from event_ts.
  const deauthorized = (clientId: string, accountId: string, userId: string) => {
    const payload = { account_id: accountId, user_id: userId, client_id: clientId, signature: 'x' };
    const timed = { ...payload, deauthorization_time: new Date().toISOString() };
    const event = { event: 'app_deauthorized', event_ts: Date.now() };
    return fc.oneof(
      nearValid(timed).map((p) => ({ ...event, payload: p })),
      nearValid({ ...event, payload: timed }),
      nearValid({ ...event, payload }),
    );
  };
  return fc.oneof(
    nearValid({ plainToken: 'abc123' }).map((payload) => ({
      event: 'endpoint.url_validation',
      payload,
    })),
    nearValid({ event: 'endpoint.url_validation', payload: { plainToken: 'abc123' } }),
    deauthorized(env.ZOOM_ORG_CLIENT_ID, 'acme-zoom-account', 'zu_zara'),
    deauthorized(env.ZOOM_PERSONAL_CLIENT_ID, 'mia-zoom-account', 'zu_mia'),
    fc.record({ event: anyString, event_ts: anyNumber, payload: anyJson }),
    anyJson,
  );
}

/** Mostly signed right and on time; one in ten signed wrong, some too old or too new. */
function signedRequests(): fc.Arbitrary<FuzzRequest> {
  const env = service.env;
  return fc
    .record({
      event: events(),
      raw: fc.oneof(
        { weight: 9, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: anyString },
      ),
      // Mostly the app the event names, sometimes the other one (which must not act on it).
      otherApp: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      skewSeconds: fc.oneof(
        { weight: 9, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: -100_000, max: 100_000 }) },
      ),
      badSignature: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    })
    .map(({ event, raw, otherApp, skewSeconds, badSignature }) => {
      const body = raw ?? JSON.stringify(event) ?? 'null';
      const personal = body.includes(env.ZOOM_PERSONAL_CLIENT_ID) !== otherApp;
      const secret = personal ? env.ZOOM_PERSONAL_WEBHOOK_SECRET : env.ZOOM_ORG_WEBHOOK_SECRET;
      const timestamp = String(Math.floor(Date.now() / 1000) + skewSeconds);
      const signature = signZoomWebhook(secret, timestamp, body);
      return {
        method: 'POST',
        path: '/webhooks/zoom',
        headers: {
          'content-type': 'application/json',
          'x-zm-request-timestamp': timestamp,
          'x-zm-signature': badSignature ? signature.replace(/.$/, '0') : signature,
        },
        body,
      };
    });
}

describe('fuzzing Zoom webhooks', () => {
  it('never answers 5xx and a refused event changes nothing', async () => {
    await fuzzRequests(service, stats, signedRequests(), 400, async (req) => {
      await reconnect();
      return { ...req };
    });
    expect(stats.serverErrors).toBe(0);
  }, 120_000);
});
