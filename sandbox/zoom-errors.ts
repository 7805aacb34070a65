import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The authorize page answers errors with JSON, e.g. "Invalid redirect: <url>" (code 4700). */
export function authorizeError(c: Context, errorCode: number, errorMessage: string) {
  return c.json({ status: false, errorCode, errorMessage, result: null }, 400);
}

/** The token and revoke endpoints answer `{reason, error}` (zoom-platform.md §1). */
export function tokenError(
  c: Context,
  reason: string,
  error: string,
  status: ContentfulStatusCode = 400,
) {
  return c.json({ reason, error }, status);
}

/** The REST API answers `{code, message}`; 124 is the access-token family, always HTTP 401. */
export function apiError(c: Context, status: ContentfulStatusCode, code: number, message: string) {
  return c.json({ code, message }, status);
}

export const INVALID_ACCESS_TOKEN = 'Invalid access token.';
export const EXPIRED_ACCESS_TOKEN = 'Access token is expired.';
export const TOKEN_IN_QUERY =
  'Invalid access token, this access token is not supported as query parameter string.';

/** Test controls use the service's error shape, `{error: {code, message}}`. */
export function controlError(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
) {
  return c.json({ error: { code, message } }, status);
}
