import { buildServiceUrl } from './service-url';
import type { ResolvedServiceUrl, StoredSession } from './storage-items';

/**
 * Who is signed in, to which service, from what storage holds: no network, no schemas, so a
 * page's start (page-start.ts) can decide it before the page's own code has loaded.
 */

/** A stored session counts only for the service that issued it. */
export function activeSession(
  session: StoredSession | null | undefined,
  serviceUrl: string,
): StoredSession | null {
  return session && session.serviceUrl === serviceUrl ? session : null;
}

export function isAdmin(session: StoredSession): boolean {
  return session.membership.role === 'owner' || session.membership.role === 'admin';
}

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed_out'; serviceUrl: string; resolved: ResolvedServiceUrl | null }
  | {
      status: 'signed_in';
      serviceUrl: string;
      resolved: ResolvedServiceUrl | null;
      session: StoredSession;
    };

export function sessionState(
  resolved: ResolvedServiceUrl | null,
  stored: StoredSession | null,
): SessionState {
  const serviceUrl = resolved?.url ?? buildServiceUrl();
  const session = activeSession(stored, serviceUrl);
  if (!session) return { status: 'signed_out', serviceUrl, resolved };
  return { status: 'signed_in', serviceUrl, resolved, session };
}
