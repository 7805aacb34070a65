import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, inArray, lte } from 'drizzle-orm';
import { z } from 'zod/mini';
import { storableText } from '../../lib/contracts/text';
import { orgConnections, personalConnections } from '../db/schema';
import type { Deps } from '../deps';
import { type ZoomAppConfig, zoomApps } from '../zoom/apps';
import { openAlert, resolveAlerts } from './alerts';
import { recordAudit } from './audit';

/**
 * Zoom's event notifications (zoom-platform.md §5): signature check, URL validation, and
 * `app_deauthorized` for either app. Every handler is idempotent: Zoom retries, and our own
 * `/oauth/revoke` makes Zoom send the event for a connection we already removed.
 */

/** Zoom signs `v0:{timestamp}:{raw body}`; older timestamps are replays (zoom/webhook-sample). */
export const WEBHOOK_TOLERANCE_MS = 5 * 60_000;

/**
 * Which of our two apps signed this request, or null when none did. Each Marketplace app signs
 * with its own Secret Token, so the secret is tried per app (zoom-platform.md §9); the one that
 * verifies tells which app the event is for.
 */
export function verifyZoomSignature(
  deps: Deps,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: string,
): ZoomAppConfig | null {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp || !/^\d{1,13}$/.test(timestamp)) return null;
  const skew = Math.abs(deps.now().getTime() - Number(timestamp) * 1000);
  if (!(skew <= WEBHOOK_TOLERANCE_MS)) return null;
  const given = Buffer.from(signature);
  for (const app of zoomApps(deps.env)) {
    const expected = Buffer.from(`v0=${hmacHex(app.webhookSecret, `v0:${timestamp}:${rawBody}`)}`);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return app;
  }
  return null;
}

function hmacHex(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message).digest('hex');
}

const urlValidation = z.object({
  event: z.literal('endpoint.url_validation'),
  payload: z.object({ plainToken: storableText().check(z.minLength(1), z.maxLength(512)) }),
});

const appDeauthorized = z.object({
  event: z.literal('app_deauthorized'),
  // Milliseconds since the epoch. Past ±8.64e15 a Date is invalid (ECMA-262, "Time Values and
  // Time Range") and the query below could not bind it.
  event_ts: z.optional(z.int().check(z.minimum(0), z.maximum(8.64e15))),
  payload: z.object({
    account_id: storableText().check(z.minLength(1)),
    user_id: storableText().check(z.minLength(1)),
    client_id: storableText().check(z.minLength(1)),
    deauthorization_time: z.optional(z.iso.datetime({ offset: true })),
  }),
});

const anyEvent = z.object({ event: storableText() });

export type WebhookReply =
  | { status: 200; body: { plainToken: string; encryptedToken: string } }
  | { status: 200; body: { received: true; handled: boolean } }
  | { status: 400; body: null };

/** Dispatches a verified event. Unknown events are acknowledged and ignored. */
export async function handleZoomEvent(
  deps: Deps,
  app: ZoomAppConfig,
  json: unknown,
): Promise<WebhookReply> {
  const base = anyEvent.safeParse(json);
  if (!base.success) return { status: 400, body: null };

  if (base.data.event === 'endpoint.url_validation') {
    const event = urlValidation.safeParse(json);
    if (!event.success) return { status: 400, body: null };
    const { plainToken } = event.data.payload;
    return {
      status: 200,
      body: { plainToken, encryptedToken: hmacHex(app.webhookSecret, plainToken) },
    };
  }

  if (base.data.event === 'app_deauthorized') {
    const event = appDeauthorized.safeParse(json);
    if (!event.success) return { status: 400, body: null };
    // An event signed by one app that names the other app's client id is not ours to act on.
    if (event.data.payload.client_id !== app.clientId) {
      return { status: 200, body: { received: true, handled: false } };
    }
    const handled = await appWasDeauthorized(deps, app, event.data);
    return { status: 200, body: { received: true, handled } };
  }

  return { status: 200, body: { received: true, handled: false } };
}

async function appWasDeauthorized(
  deps: Deps,
  app: ZoomAppConfig,
  event: z.infer<typeof appDeauthorized>,
): Promise<boolean> {
  const { payload } = event;
  // Only connections made before the uninstall: a member who disconnects and at once connects
  // the same Zoom user again must not lose the new connection to the old grant's late event.
  const at = payload.deauthorization_time
    ? new Date(payload.deauthorization_time)
    : event.event_ts
      ? new Date(event.event_ts)
      : deps.now();

  if (app.kind === 'personal') {
    const removed = await deps.db
      .delete(personalConnections)
      .where(
        and(
          eq(personalConnections.zoomUserId, payload.user_id),
          lte(personalConnections.connectedAt, at),
        ),
      )
      .returning();
    for (const row of removed) {
      await recordAudit(deps.db, {
        orgId: row.orgId,
        actor: { accountId: null, label: 'Zoom' },
        action: 'personal_connection.disconnected',
        detail: { zoomEmail: row.zoomEmail, reason: 'Removed in Zoom' },
        at: deps.now(),
      });
      // One transaction: the incident and its fan-out row commit together.
      await deps.db.transaction((tx) =>
        openAlert(tx, deps, {
          orgId: row.orgId,
          kind: 'personal_broken',
          reason: `Your personal Zoom connection (${row.zoomEmail}) was removed in Zoom: the app was uninstalled from that Zoom account.`,
          accountId: row.accountId,
        }),
      );
    }
    return removed.length > 0;
  }

  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const rows = await tx
      .update(orgConnections)
      .set({
        state: 'disconnected',
        stateReason: 'Removed in Zoom',
        accessTokenSealed: null,
        refreshTokenSealed: null,
        accessTokenExpiresAt: null,
        updatedAt: now,
      })
      .where(
        and(
          eq(orgConnections.zoomAccountId, payload.account_id),
          inArray(orgConnections.state, ['active', 'needs_reconnect']),
          lte(orgConnections.approvedAt, at),
        ),
      )
      .returning();
    for (const row of rows) {
      await recordAudit(tx, {
        orgId: row.orgId,
        actor: { accountId: null, label: 'Zoom' },
        action: 'org_connection.disconnected',
        detail: { zoomEmail: row.zoomEmail, reason: 'Removed in Zoom', by: 'zoom' },
        at: now,
      });
      // The removal supersedes a break or a configuration problem: one incident to fix, not three.
      await resolveAlerts(tx, deps, {
        orgId: row.orgId,
        kinds: ['org_needs_reconnect', 'org_misconfigured'],
        resolution: 'Zoom removed the app',
        notify: false,
      });
      await openAlert(tx, deps, {
        orgId: row.orgId,
        kind: 'org_deauthorized',
        reason: `The app was removed in Zoom for ${row.zoomEmail ?? 'the Zoom account'}.`,
      });
    }
    return rows.length > 0;
  });
}
