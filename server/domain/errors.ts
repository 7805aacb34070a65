import type { ApiErrorCode } from '../../lib/contracts/errors';

/**
 * A failure the domain knows how to name: a stable code from the contracts and a sentence for
 * the person who will read it. The domain does not know about HTTP; `server/http/errors.ts`
 * maps each code to its status, so one code always means one status.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: {
      issues?: { path: string; message: string }[];
      /** Seconds the caller should wait before trying again (sent as `Retry-After`). */
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDomainError(err: unknown, code?: ApiErrorCode): err is DomainError {
  return err instanceof DomainError && (code === undefined || err.code === code);
}
