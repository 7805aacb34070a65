import { zValidator } from '@hono/zod-validator';
import type { Context, ValidationTargets } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod/mini';
import type { ApiErrorBody, ApiErrorCode } from '../../lib/contracts/errors';
import { DomainError } from '../domain/errors';
import type { Logger } from '../log';

/** One status per error code, so a client can rely on either (PRODUCT.md §7). */
export const statusOf: Record<ApiErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  invalid_redirect: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  bad_signature: 401,
  forbidden: 403,
  /** Not 401: the session is fine, only the password typed to confirm was wrong. */
  wrong_password: 403,
  /** The org's Zoom needs a verified address (server/domain/email-verification.ts). */
  email_not_verified: 403,
  not_found: 404,
  link_not_found: 404,
  flow_not_found: 404,
  invitation_not_found: 404,
  verification_not_found: 404,
  reset_not_found: 404,
  conflict: 409,
  email_taken: 409,
  last_owner: 409,
  zoom_not_connected: 409,
  zoom_needs_reconnect: 409,
  link_expired: 410,
  link_revoked: 410,
  link_used: 410,
  invitation_expired: 410,
  invitation_used: 410,
  invitation_revoked: 410,
  verification_expired: 410,
  verification_used: 410,
  reset_expired: 410,
  reset_used: 410,
  zoom_user_not_found: 422,
  zoom_daily_limit: 429,
  /** A rate limit (server/domain/rate-limits.ts); always with Retry-After. */
  too_many_attempts: 429,
  internal: 500,
  /** Zoom refused our app (wrong client secret, an edge in the way): a bad gateway, not us. */
  zoom_misconfigured: 502,
  zoom_unavailable: 503,
};

export function errorBody(
  code: string,
  message: string,
  issues?: ApiErrorBody['error']['issues'],
): ApiErrorBody {
  return { error: issues ? { code, message, issues } : { code, message } };
}

/** What a log line may say about the request: its id and the route pattern, never the path. */
export function requestLogFields(c: Context) {
  return { requestId: c.get('requestId') as string, method: c.req.method, route: routePath(c) };
}

/**
 * The one error handler. Anything that is not a domain error or Hono's own is logged with the
 * request id and the route pattern (never the path: it can hold a token), and the error's safe
 * fields only (server/log.ts).
 */
export function errorHandler(log: Logger) {
  return (err: Error, c: Context): Response => {
    if (err instanceof DomainError) {
      const { issues, retryAfterSeconds } = err.details;
      if (retryAfterSeconds !== undefined) {
        c.header('Retry-After', String(Math.max(1, Math.ceil(retryAfterSeconds))));
      }
      return c.json(errorBody(err.code, err.message, issues), statusOf[err.code]);
    }
    if (err instanceof HTTPException) {
      // Hono raises these itself, e.g. for a body that is not JSON.
      const status = err.status as ContentfulStatusCode;
      return c.json(
        errorBody(status === 401 ? 'unauthenticated' : 'bad_request', err.message),
        status,
      );
    }
    log.error({ err, ...requestLogFields(c) }, 'Unhandled error');
    return c.json(errorBody('internal', 'Something went wrong on our side.'), 500);
  };
}

// The contracts are zod/mini, which sets no locale: alone, every issue would read "Invalid input".
// Classic zod sets English when it builds its first schema; the service should not depend on
// some module happening to do that first, so it is set here, where every validated route passes.
z.config(z.locales.en());

/**
 * zod at the boundary: a bad body, query or param is a 400 with the issues, and nothing runs.
 * Takes any zod 4 schema, classic or mini (the contracts are mini; see lib/contracts/api.ts).
 */
export function validate<T extends z.core.$ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const issues = result.error.issues.map((i) => ({
        path: i.path.map(String).join('.'),
        message: i.message,
      }));
      throw new DomainError('bad_request', `Invalid request ${target}.`, { issues });
    }
  });
}
