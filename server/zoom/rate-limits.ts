/**
 * What a Zoom 429 says about itself. zoom/skills (rest-api/concepts/rate-limiting-strategy.md)
 * documents `X-RateLimit-Type` (`QPS` or `Daily-limit`), `X-RateLimit-Reset` (Unix seconds, for
 * per-second limits) and `Retry-After` (an ISO date-time, for the daily limit). Zoom has also
 * answered the per-user daily limit with none of these headers, only its message, "You have
 * exceeded the daily rate limit (100) of Meeting Create/Update API requests … resume these
 * requests at GMT 00:00:00" (devforum t/18928), so the body counts as much as the headers.
 */
export interface ZoomRateLimit {
  /** The per-user daily create/update quota, by header or by body; anything else is per-second. */
  daily: boolean;
  type: string | null;
  retryAfter: string | null;
  reset: string | null;
}

const DAILY_LIMIT_MESSAGE = /\bdaily\b.*\blimit\b/i;

export function readRateLimit(headers: Headers, body: unknown): ZoomRateLimit {
  const type = headers.get('x-ratelimit-type');
  const message =
    typeof body === 'object' && body !== null && 'message' in body ? String(body.message) : '';
  return {
    daily: type?.toLowerCase() === 'daily-limit' || DAILY_LIMIT_MESSAGE.test(message),
    type,
    retryAfter: headers.get('retry-after'),
    reset: headers.get('x-ratelimit-reset'),
  };
}

/**
 * When Zoom will take requests again, or null if it did not say. `Retry-After` may be seconds
 * or a date (RFC 9110 allows both; Zoom sends an ISO date-time for the daily limit), and
 * `X-RateLimit-Reset` Unix seconds; both are honoured alike. The daily limit resets at 00:00
 * UTC (zoom-platform.md §4), which is also what the header-less answer says.
 */
export function retryAt(limit: ZoomRateLimit, now: Date): Date | null {
  const hinted = fromRetryAfter(limit.retryAfter, now) ?? fromReset(limit.reset, now);
  if (hinted) return hinted;
  return limit.daily ? nextUtcMidnight(now) : null;
}

function fromRetryAfter(value: string | null, now: Date): Date | null {
  if (!value?.trim()) return null;
  if (/^\d+$/.test(value.trim())) return new Date(now.getTime() + Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? new Date(at) : null;
}

/** Unix seconds as zoom/skills documents; a small number can only be seconds from now. */
function fromReset(value: string | null, now: Date): Date | null {
  const seconds = Number(value?.trim() || Number.NaN);
  if (!Number.isFinite(seconds) || seconds < 0) return null;
  return new Date(seconds > 1e9 ? seconds * 1000 : now.getTime() + seconds * 1000);
}

function nextUtcMidnight(now: Date): Date {
  const next = new Date(now);
  next.setUTCHours(24, 0, 0, 0);
  return next;
}
