import { createHmac } from 'node:crypto';
import type { Grant, SandboxStore, WebhookDelivery } from './store.ts';

/**
 * Zoom's webhook signature: `v0=` + hex(HMAC-SHA256(secret, "v0:{timestamp}:{rawBody}")),
 * sent in `x-zm-signature` with the timestamp (seconds) in `x-zm-request-timestamp`
 * (zoom/webhook-sample index.js).
 */
export function signZoomWebhook(
  secret: string,
  timestamp: string | number,
  rawBody: string,
): string {
  const digest = createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return `v0=${digest}`;
}

const DELIVERY_TIMEOUT_MS = 5000;

/** Posts a signed `app_deauthorized` event for a grant to its app's deauthorization URL. */
export async function sendAppDeauthorized(
  store: SandboxStore,
  grant: Grant,
): Promise<WebhookDelivery> {
  const app = store.app(grant.clientId);
  const url = app?.deauthorizationUrl;
  const nowMs = store.now();
  const delivery: WebhookDelivery = {
    event: 'app_deauthorized',
    url: url ?? '',
    clientId: grant.clientId,
    at: new Date(nowMs).toISOString(),
    status: null,
  };
  if (!app || !url) {
    delivery.error = 'no deauthorization URL configured';
    store.recordWebhook(delivery);
    return delivery;
  }
  const rawBody = JSON.stringify({
    event: 'app_deauthorized',
    event_ts: nowMs,
    payload: {
      account_id: grant.accountId,
      user_id: grant.userId,
      // Legacy field meant for the Data Compliance API; opaque to receivers.
      signature: createHmac('sha256', app.webhookSecret).update(grant.id).digest('hex'),
      deauthorization_time: new Date(nowMs).toISOString(),
      client_id: grant.clientId,
    },
  });
  const timestamp = String(Math.floor(nowMs / 1000));
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-zm-request-timestamp': timestamp,
        'x-zm-signature': signZoomWebhook(app.webhookSecret, timestamp, rawBody),
        'user-agent': 'Zoom Marketplace/1.0a',
      },
      body: rawBody,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    delivery.status = response.status;
    await response.body?.cancel();
  } catch (error) {
    delivery.error = error instanceof Error ? error.message : String(error);
  }
  store.recordWebhook(delivery);
  return delivery;
}

/** Fire-and-forget delivery, as Zoom does after /oauth/revoke; failures only land in the stats. */
export function sendAppDeauthorizedLater(store: SandboxStore, grant: Grant): void {
  store.track(sendAppDeauthorized(store, grant).catch(() => undefined));
}
