import { ZoomUnavailableError } from '../zoom/client';
import { DomainError } from './errors';

/** What we suggest after Zoom failed to answer: long enough for a blip to pass. */
export const ZOOM_OUTAGE_RETRY_SECONDS = 30;

/**
 * Zoom down, too slow (our fetch timed out) or answering 5xx is one thing for the caller: a
 * 503 `zoom_unavailable` with a Retry-After, never a 500. It arrives either as the client's
 * ZoomUnavailableError or, from a token refresh (server/domain/token-refresh.ts), already as a
 * `zoom_unavailable` DomainError with its Retry-After. Null for anything else.
 */
export function asZoomOutage(
  err: unknown,
  messages: { noAnswer: string; failed: string },
): DomainError | null {
  if (err instanceof DomainError && err.code === 'zoom_unavailable') return err;
  if (err instanceof ZoomUnavailableError) {
    // No status: no usable answer (a timeout, a cut connection), so Zoom may still have acted.
    const message = err.status === undefined ? messages.noAnswer : messages.failed;
    return new DomainError('zoom_unavailable', message, {
      retryAfterSeconds: ZOOM_OUTAGE_RETRY_SECONDS,
    });
  }
  return null;
}
