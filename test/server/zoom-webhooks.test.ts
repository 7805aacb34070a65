import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiErrorBody } from '../../lib/contracts/errors';
import { SANDBOX_ORG_APP, SANDBOX_PERSONAL_APP } from '../../sandbox/seed';
import type { RunningZoomSandbox } from '../../sandbox/server';
import { signZoomWebhook } from '../../sandbox/webhooks';
import { auditLog, orgConnections, personalConnections } from '../../server/db/schema';
import { verifyZoomSignature, WEBHOOK_TOLERANCE_MS } from '../../server/domain/zoom-webhooks';
import { startServiceWithZoom, type TestServiceWithZoom } from './harness';
import { connectPersonal, myZoom } from './personal-zoom';
import { connectOrgThroughZoom } from './zoom-browser';

let zoom: RunningZoomSandbox;
let service: TestServiceWithZoom;
let owner: Record<string, string>;
let mia: Record<string, string>;
const ORG_SECRET = SANDBOX_ORG_APP.webhookSecret;
const PERSONAL_SECRET = SANDBOX_PERSONAL_APP.webhookSecret;

beforeAll(async () => {
  service = await startServiceWithZoom();
  zoom = service.zoom;
  owner = await service.signIn('olivia@acme.test');
  mia = await service.signIn('mia@acme.test');
});
afterAll(async () => {
  await service.close();
});
beforeEach(async () => {
  await fetch(`${zoom.url}/_sandbox/reset`, { method: 'POST' });
  await service.deps.db.delete(orgConnections);
  await service.deps.db.delete(personalConnections);
  await service.deps.db.delete(auditLog);
});

function post(body: unknown, opts: { secret?: string; timestamp?: number; headers?: object } = {}) {
  const raw = JSON.stringify(body);
  // Like Zoom: each app's events are signed with that app's own Secret Token.
  const clientId = (body as { payload?: { client_id?: string } }).payload?.client_id;
  const secret =
    opts.secret ?? (clientId === SANDBOX_PERSONAL_APP.clientId ? PERSONAL_SECRET : ORG_SECRET);
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  return service.app.request('/webhooks/zoom', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-zm-request-timestamp': timestamp,
      'x-zm-signature': signZoomWebhook(secret, timestamp, raw),
      ...opts.headers,
    },
    body: raw,
  });
}

function deauthorized(payload: { account_id: string; user_id: string; client_id: string }) {
  return {
    event: 'app_deauthorized',
    event_ts: Date.now(),
    payload: { ...payload, signature: 'x', deauthorization_time: new Date().toISOString() },
  };
}

const orgDeauth = () =>
  deauthorized({
    account_id: 'acme-zoom-account',
    user_id: 'zu_zara',
    client_id: 'sandbox-org-app',
  });

describe('Zoom webhooks', () => {
  it("answers each app's endpoint.url_validation with the HMAC of that app's own secret", async () => {
    for (const secret of [ORG_SECRET, PERSONAL_SECRET]) {
      const validation = { event: 'endpoint.url_validation', payload: { plainToken: 'abc123' } };
      const res = await post(validation, { secret });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        plainToken: 'abc123',
        encryptedToken: createHmac('sha256', secret).update('abc123').digest('hex'),
      });
    }
  });

  it('ignores an uninstall signed by one app that names the other app', async () => {
    await connectOrgThroughZoom(service, owner);
    const forged = await post(orgDeauth(), { secret: PERSONAL_SECRET });
    expect(await forged.json()).toEqual({ received: true, handled: false });
    const foreign = deauthorized({
      account_id: 'acme-zoom-account',
      user_id: 'zu_zara',
      client_id: 'someone-elses-app',
    });
    expect(await (await post(foreign)).json()).toEqual({ received: true, handled: false });
    const [row] = await service.deps.db.select().from(orgConnections);
    expect(row?.state).toBe('active');
  });

  it('refuses a bad, missing or stale signature with 401 and changes nothing', async () => {
    await connectOrgThroughZoom(service, owner);
    const attempts = [
      await post(orgDeauth(), { secret: 'not-the-secret' }),
      await post(orgDeauth(), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }),
      await post(orgDeauth(), { headers: { 'x-zm-signature': '' } }),
      await post(orgDeauth(), { headers: { 'x-zm-request-timestamp': 'soon' } }),
      await post(orgDeauth(), { headers: { 'x-zm-request-timestamp': '99999999999999' } }),
      await post(orgDeauth(), { headers: { 'x-zm-signature': 'v0=short' } }),
      await service.app.request('/webhooks/zoom', {
        method: 'POST',
        body: JSON.stringify(orgDeauth()),
      }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(401);
      expect(apiErrorBody.parse(await res.json()).error.code).toBe('bad_signature');
    }
    const [row] = await service.deps.db.select().from(orgConnections);
    expect(row?.state).toBe('active');
    expect(row?.accessTokenSealed).not.toBeNull();
  });

  it('refuses a request with a timestamp but no signature header', async () => {
    const res = await service.app.request('/webhooks/zoom', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-zm-request-timestamp': String(Math.floor(Date.now() / 1000)),
      },
      body: JSON.stringify(orgDeauth()),
    });
    expect(res.status).toBe(401);
  });

  it('refuses a timestamp Zoom never sends even when it is signed with our secret', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [`+${now}`, `${now}.5`, ` ${now}`]) {
      const raw = JSON.stringify(orgDeauth());
      const headers = { signature: signZoomWebhook(ORG_SECRET, timestamp, raw), timestamp };
      expect(verifyZoomSignature(service.deps, headers, raw), timestamp).toBeNull();
    }
  });

  it('accepts a signature exactly at the replay tolerance, and not a second later', () => {
    const raw = JSON.stringify(orgDeauth());
    const timestamp = '1700000000';
    const headers = { signature: signZoomWebhook(ORG_SECRET, timestamp, raw), timestamp };
    const at = (ms: number) => ({ ...service.deps, now: () => new Date(ms) });
    const edge = 1_700_000_000_000 + WEBHOOK_TOLERANCE_MS;
    expect(verifyZoomSignature(at(edge), headers, raw)?.kind).toBe('org');
    expect(verifyZoomSignature(at(edge + 1000), headers, raw)).toBeNull();
  });

  it('disconnects the org connection when Zoom deauthorizes the org app, once', async () => {
    await connectOrgThroughZoom(service, owner);
    const first = await post(orgDeauth());
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, handled: true });
    const again = await post(orgDeauth());
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, handled: false });

    const [row] = await service.deps.db.select().from(orgConnections);
    expect(row).toMatchObject({
      state: 'disconnected',
      stateReason: 'Removed in Zoom',
      accessTokenSealed: null,
      refreshTokenSealed: null,
    });
    const audit = await service.deps.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'org_connection.disconnected'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorLabel: 'Zoom',
      detail: { zoomEmail: 'zara@acme.test', reason: 'Removed in Zoom', by: 'zoom' },
    });
    expect(await myZoom(service, mia)).toMatchObject({
      status: 'not_connected',
      reason: 'org_disconnected',
    });
  });

  it("removes a member's personal connection when Zoom deauthorizes the personal app", async () => {
    await connectOrgThroughZoom(service, owner);
    await connectPersonal(service, mia, 'mia.personal@example.test');
    const event = deauthorized({
      account_id: 'mia-personal-account',
      user_id: 'zu_mia_personal',
      client_id: 'sandbox-personal-app',
    });
    expect(await (await post(event)).json()).toEqual({ received: true, handled: true });
    expect(await (await post(event)).json()).toEqual({ received: true, handled: false });
    expect(await service.deps.db.select().from(personalConnections)).toHaveLength(0);
    const audit = await service.deps.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'personal_connection.disconnected'));
    expect(audit).toEqual([
      expect.objectContaining({
        orgId: 'org_acme',
        actorLabel: 'Zoom',
        detail: { zoomEmail: 'mia.personal@example.test', reason: 'Removed in Zoom' },
      }),
    ]);
    // The org connection is untouched and shows again.
    expect(await myZoom(service, mia)).toMatchObject({ type: 'organization', personal: 'none' });
  });

  it('does not let a stale uninstall remove a connection made after it', async () => {
    await connectPersonal(service, mia, 'mia.personal@example.test');
    const event = deauthorized({
      account_id: 'mia-personal-account',
      user_id: 'zu_mia_personal',
      client_id: 'sandbox-personal-app',
    });
    event.payload.deauthorization_time = new Date(Date.now() - 60_000).toISOString();
    expect(await (await post(event)).json()).toEqual({ received: true, handled: false });
    expect(await service.deps.db.select().from(personalConnections)).toHaveLength(1);
  });

  it('acknowledges unknown events and rejects malformed ones', async () => {
    const unknown = await post({ event: 'user.updated', payload: { account_id: 'x' } });
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual({ received: true, handled: false });
    for (const malformed of [
      { event: 'app_deauthorized', payload: {} },
      { event: 'endpoint.url_validation', payload: {} },
      { payload: { account_id: 'x' } },
      [],
    ]) {
      const res = await post(malformed);
      expect(res.status, JSON.stringify(malformed)).toBe(400);
      expect(apiErrorBody.parse(await res.json()).error.code).toBe('bad_request');
    }
  });

  it('disconnects an org connection that was waiting for a reconnect when Zoom deauthorizes it', async () => {
    await connectOrgThroughZoom(service, owner);
    await service.deps.db
      .update(orgConnections)
      .set({ state: 'needs_reconnect', accessTokenSealed: null, refreshTokenSealed: null });
    expect(await (await post(orgDeauth())).json()).toEqual({ received: true, handled: true });
    const [row] = await service.deps.db.select().from(orgConnections);
    expect(row).toMatchObject({ state: 'disconnected', stateReason: 'Removed in Zoom' });
  });
});
