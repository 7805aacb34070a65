import type { Context } from 'hono';
import { DAILY_CREATE_LIMIT, nextUtcMidnight } from './meetings.ts';
import type { SandboxStore } from './store.ts';
import { apiError, tokenError } from './zoom-errors.ts';

/**
 * Zoom's HTTP 429s, with the headers zoom/skills documents (rest-api/concepts/
 * rate-limiting-strategy.md): a per-second limit says when it resets in `X-RateLimit-Reset`
 * (Unix seconds) and sends no `Retry-After`; the per-user daily limit sends `Retry-After` as an
 * ISO date-time. Zoom has also been seen answering the daily limit with the body alone and none
 * of these headers (devforum t/18928; zoom-platform.md §9), which `daily_without_headers` plays.
 */
export type RateLimitKind = 'qps' | 'daily' | 'daily_without_headers';

/** The per-second limit of a Medium endpoint (Create Meeting) on a Pro account. */
const QPS_LIMIT = 20;

const QPS_MESSAGE =
  'You have reached the maximum per-second rate limit for this API. Try again later.';

/** Zoom's own wording for the per-user create/update limit, as seen in the wild. */
export const DAILY_LIMIT_MESSAGE = `You have exceeded the daily rate limit (${DAILY_CREATE_LIMIT}) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.`;

export function rateLimited(c: Context, store: SandboxStore, kind: RateLimitKind) {
  const nowMs = store.now();
  if (kind === 'qps') {
    c.header('X-RateLimit-Category', 'Medium');
    c.header('X-RateLimit-Type', 'QPS');
    c.header('X-RateLimit-Limit', String(QPS_LIMIT));
    c.header('X-RateLimit-Remaining', '0');
    c.header('X-RateLimit-Reset', String(Math.floor(nowMs / 1000) + 1));
    return new URL(c.req.url).pathname.startsWith('/oauth/')
      ? tokenError(c, QPS_MESSAGE, 'too_many_requests', 429)
      : apiError(c, 429, 429, QPS_MESSAGE);
  }
  if (kind === 'daily') {
    c.header('X-RateLimit-Category', 'Medium');
    c.header('X-RateLimit-Type', 'Daily-limit');
    c.header('X-RateLimit-Limit', String(DAILY_CREATE_LIMIT));
    c.header('X-RateLimit-Remaining', '0');
    c.header('Retry-After', nextUtcMidnight(nowMs));
  }
  return apiError(c, 429, 429, DAILY_LIMIT_MESSAGE);
}
