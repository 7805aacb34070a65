import { z } from 'zod/mini';
import { flowResult } from './api';
import { urlToken } from './text';

/**
 * Messages between the extension's own pages and its background service worker, and the one
 * message the service's approval landing page may send (externally_connectable).
 */

export const linkToken = urlToken();

export const internalMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('approval/start'), linkToken }),
  z.strictObject({ type: z.literal('badge/refresh') }),
  /** Sent by a page that finds a flow still "running": wakes a worker that Chrome stopped. */
  z.strictObject({ type: z.literal('flow/resume') }),
  /** The signed-in member connects (or reconnects) their personal Zoom. */
  z.strictObject({ type: z.literal('personal/start') }),
]);
export type InternalMessage = z.infer<typeof internalMessage>;

export const externalMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ping') }),
  z.strictObject({ type: z.literal('approval/open'), linkToken }),
]);
export type ExternalMessage = z.infer<typeof externalMessage>;

export const messageReply = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type MessageReply = z.infer<typeof messageReply>;

/**
 * The state of the OAuth flow the background runs, kept in storage.session so that a page
 * (or a restarted worker) sees how it ended even if the sendMessage reply channel is gone.
 */
export const authFlowStatus = z.object({
  /** Which Zoom app: the org approval (absent in records written before personal flows) or a
   * member's personal connection. */
  kind: z.optional(z.enum(['org', 'personal'])),
  /** The approval link of an org flow; null for a personal one. */
  linkToken: z.nullable(z.string()),
  phase: z.enum(['starting', 'waiting_for_zoom', 'finished', 'failed']),
  startedAt: z.number(),
  state: z.nullable(z.string()),
  result: z.nullable(flowResult),
  error: z.nullable(
    z.object({
      code: z.enum(['cancelled', 'busy', 'network', 'denied', 'invalid_state', 'service']),
      message: z.string(),
      /** The org service's error code when it refused (e.g. `link_expired`), so pages can explain. */
      serviceCode: z._default(z.nullable(z.string()), null),
    }),
  ),
});
export type AuthFlowStatus = z.infer<typeof authFlowStatus>;
