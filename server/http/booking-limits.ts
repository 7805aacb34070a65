import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Deps } from '../deps';
import { LIMITS, limitKey, reserveAttempt } from '../domain/rate-limits';
import { clientAddress } from './client-address';
import { refusal } from './lookup-limits';

const TOO_MANY_BOOKINGS = 'Too many bookings were sent from your network.';
const TOO_MANY_VIEWS = 'This booking page was opened too often from your network.';

/**
 * The public booking form (README, Limits): each booking sent and each booking page opened
 * counts per client address, before anything else is read, so requests sent all at once get no
 * more through than one after the other. Past the limit: 429, Retry-After and a page saying so.
 */
export function limitBookingRequests(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const submit = c.req.method === 'POST';
    const rule = submit ? LIMITS.bookingSubmitAddress : LIMITS.bookingPageAddress;
    const limited = { rule, key: limitKey(deps, 'address', clientAddress(c, deps.env)) };
    const { lockedUntil } = await reserveAttempt(deps, limited);
    const left = (lockedUntil?.getTime() ?? 0) - deps.now().getTime();
    if (left > 0) return refusal(c, left, submit ? TOO_MANY_BOOKINGS : TOO_MANY_VIEWS);
    await next();
  };
}
