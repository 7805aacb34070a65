import { zValidator } from '@hono/zod-validator';
import type { Context, ValidationTargets } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodType } from 'zod';
import type { ApiErrorBody, ApiErrorCode } from '../../lib/contracts/errors';

/** A failure with the stable `{ error: { code, message } }` body (PRODUCT.md §7). */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

export function errorBody(
  code: string,
  message: string,
  issues?: ApiErrorBody['error']['issues'],
): ApiErrorBody {
  return { error: issues ? { code, message, issues } : { code, message } };
}

export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    return c.json(errorBody(err.code, err.message, err.issues), err.status);
  }
  if (err instanceof HTTPException) {
    // Hono raises these itself, e.g. for a body that is not JSON.
    const status = err.status as ContentfulStatusCode;
    return c.json(
      errorBody(status === 401 ? 'unauthenticated' : 'bad_request', err.message),
      status,
    );
  }
  console.error('Unhandled error', err);
  return c.json(errorBody('internal', 'Something went wrong on our side.'), 500);
}

/** zod at the boundary: a bad body, query or param is a 400 with the issues, and nothing runs. */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const issues = result.error.issues.map((i) => ({
        path: i.path.map(String).join('.'),
        message: i.message,
      }));
      throw new ApiError(400, 'bad_request', `Invalid request ${target}.`, issues);
    }
  });
}
