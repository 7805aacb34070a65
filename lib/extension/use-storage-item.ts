import { useEffect, useState } from 'react';
import type { WxtStorageItem } from 'wxt/utils/storage';

export type StorageItemState<T> = { loaded: false; value: undefined } | { loaded: true; value: T };

/** Reads a storage item and follows it, so a page reflects what the background writes. */
export function useStorageItem<T>(item: WxtStorageItem<T, Record<string, unknown>>) {
  const [state, setState] = useState<StorageItemState<T>>({ loaded: false, value: undefined });

  useEffect(() => {
    let active = true;
    const unwatch = item.watch((value) => {
      if (active) setState({ loaded: true, value });
    });
    void item.getValue().then((value) => {
      // A watch event that arrived first is newer than this read.
      if (active) setState((previous) => (previous.loaded ? previous : { loaded: true, value }));
    });
    return () => {
      active = false;
      unwatch();
    };
  }, [item]);

  return state;
}
