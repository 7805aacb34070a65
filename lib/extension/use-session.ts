import { useMemo } from 'react';
import { buildServiceUrl } from './service-url';
import { activeSession } from './session';
import {
  type ResolvedServiceUrl,
  resolvedServiceUrlItem,
  type StoredSession,
  sessionItem,
} from './storage-items';
import { useStorageItem } from './use-storage-item';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed_out'; serviceUrl: string; resolved: ResolvedServiceUrl | null }
  | {
      status: 'signed_in';
      serviceUrl: string;
      resolved: ResolvedServiceUrl | null;
      session: StoredSession;
    };

/** The page's view of who is signed in, to which service; follows sign-in/out in any page. */
export function useSession(): SessionState {
  const resolvedItem = useStorageItem(resolvedServiceUrlItem);
  const sessionState = useStorageItem(sessionItem);

  return useMemo((): SessionState => {
    if (!resolvedItem.loaded || !sessionState.loaded) return { status: 'loading' };
    const resolved = resolvedItem.value;
    const serviceUrl = resolved?.url ?? buildServiceUrl();
    const session = activeSession(sessionState.value, serviceUrl);
    if (!session) return { status: 'signed_out', serviceUrl, resolved };
    return { status: 'signed_in', serviceUrl, resolved, session };
  }, [resolvedItem, sessionState]);
}
