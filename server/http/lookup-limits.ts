import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, Deps } from '../deps';
import {
  LIMITS,
  type LimitRule,
  limitKey,
  readLimits,
  recordFailure,
  tooManyAttempts,
} from '../domain/rate-limits';
import { messagePage } from '../pages/layout';
import { clientAddress } from './client-address';
import { errorBody } from './errors';

const LOCKED = 'Too many links that do not exist were opened from your network.';

/**
 * Secret links (approval links, invitations, email verification, Zoom sign-in states) looked up
 * without a session: every 404 under these paths is a link that does not exist, counted per
 * client address; at the limit every look-up from that address is a 429 with Retry-After until
 * the lock ends. Links that exist never count, nor do used or expired ones (410), so nobody who
 * opens their own links meets the limit.
 */
export const lookupLimitedPaths: [path: string, rule: LimitRule][] = [
  ['/api/approvals/*', LIMITS.approvalLinkLookup],
  ['/approve/*', LIMITS.approvalLinkLookup],
  ['/api/oauth/flows/*', LIMITS.oauthFlowLookup],
  ['/oauth/zoom/callback', LIMITS.oauthFlowLookup],
  ['/api/invitations/*', LIMITS.invitationLookup],
  ['/invite/*', LIMITS.invitationLookup],
  ['/verify/*', LIMITS.verificationLookup],
  ['/booking/*', LIMITS.bookingLinkLookup],
];

export function limitLookups(deps: Deps, rule: LimitRule): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const limited = { rule, key: limitKey(deps, 'address', clientAddress(c, deps.env)) };
    const { retryAfterMs } = await readLimits(deps, [limited]);
    if (retryAfterMs !== null) return refusal(c, retryAfterMs);
    await next();
    if (c.res.status !== 404) return;
    // The failure that reaches the limit is answered as the lock, like a sign-in's.
    const { lockedUntil } = await recordFailure(deps, limited);
    const left = (lockedUntil?.getTime() ?? 0) - deps.now().getTime();
    if (left > 0) {
      const locked = await refusal(c, left);
      c.res = undefined;
      c.res = locked;
    }
  };
}

/** The API answers in its error shape (server/http/errors.ts); a page, as a page. */
export async function refusal(
  c: Context<AppEnv>,
  retryAfterMs: number,
  why = LOCKED,
): Promise<Response> {
  const error = tooManyAttempts(retryAfterMs, why);
  const headers = { 'Retry-After': String(error.details.retryAfterSeconds) };
  if (c.req.path.startsWith('/api/')) {
    return c.json(errorBody(error.code, error.message), 429, headers);
  }
  return c.html(messagePage('Too many attempts', error.message), 429, headers);
}
