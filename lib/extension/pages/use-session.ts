import { useMemo } from 'react';
import { type SessionState, sessionState } from '../shared/session-state';
import type { PopupSnapshot } from '../shared/storage-items';
import { type PopupValues, popupItems, type SessionValues, sessionItems } from './page-start';
import { useStorageItems } from './use-storage-item';

export type { SessionState };

/** The page's view of who is signed in, to which service; follows sign-in/out in any page. */
export function useSession(initial?: SessionValues): SessionState {
  const items = useStorageItems(sessionItems, initial);
  return useMemo(
    () => (items.loaded ? sessionState(...items.values) : { status: 'loading' }),
    [items],
  );
}

/**
 * The popup's start: who is signed in and the last view to paint, from one storage read. The
 * popup closes on blur, so its first paint should wait for nothing else.
 */
export function usePopupStart(initial?: PopupValues): {
  state: SessionState;
  snapshot: PopupSnapshot | null;
} {
  const items = useStorageItems(popupItems, initial);
  return useMemo(() => {
    if (!items.loaded) return { state: { status: 'loading' }, snapshot: null };
    const [resolved, stored, snapshot] = items.values;
    return { state: sessionState(resolved, stored), snapshot };
  }, [items]);
}
