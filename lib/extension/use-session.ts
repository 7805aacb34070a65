import { useMemo } from 'react';
import { buildServiceUrl } from './service-url';
import { activeSession } from './session';
import {
  type PopupSnapshot,
  popupSnapshotItem,
  type ResolvedServiceUrl,
  resolvedServiceUrlItem,
  type StoredSession,
  sessionItem,
} from './storage-items';
import { useStorageItems } from './use-storage-item';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed_out'; serviceUrl: string; resolved: ResolvedServiceUrl | null }
  | {
      status: 'signed_in';
      serviceUrl: string;
      resolved: ResolvedServiceUrl | null;
      session: StoredSession;
    };

function sessionState(
  resolved: ResolvedServiceUrl | null,
  stored: StoredSession | null,
): SessionState {
  const serviceUrl = resolved?.url ?? buildServiceUrl();
  const session = activeSession(stored, serviceUrl);
  if (!session) return { status: 'signed_out', serviceUrl, resolved };
  return { status: 'signed_in', serviceUrl, resolved, session };
}

const sessionItems = [resolvedServiceUrlItem, sessionItem] as const;

/** The page's view of who is signed in, to which service; follows sign-in/out in any page. */
export function useSession(): SessionState {
  const items = useStorageItems(sessionItems);
  return useMemo(
    () => (items.loaded ? sessionState(...items.values) : { status: 'loading' }),
    [items],
  );
}

const popupItems = [resolvedServiceUrlItem, sessionItem, popupSnapshotItem] as const;

/**
 * The popup's start: who is signed in and the last view to paint, from one storage read. The
 * popup closes on blur, so its first paint should wait for nothing else.
 */
export function usePopupStart(): { state: SessionState; snapshot: PopupSnapshot | null } {
  const items = useStorageItems(popupItems);
  return useMemo(() => {
    if (!items.loaded) return { state: { status: 'loading' }, snapshot: null };
    const [resolved, stored, snapshot] = items.values;
    return { state: sessionState(resolved, stored), snapshot };
  }, [items]);
}
