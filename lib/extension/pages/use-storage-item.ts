import { useEffect, useRef, useState } from 'react';
import { getItems, type StorageItem } from '../shared/storage';

export type StorageItemState<T> = { loaded: false; value: undefined } | { loaded: true; value: T };

/** Reads a storage item and follows it, so a page reflects what the background writes. */
export function useStorageItem<T>(item: StorageItem<T>) {
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

type Item<T> = StorageItem<T>;
// biome-ignore lint/suspicious/noExplicitAny: any item type; each one's value type is kept below.
type Values<Items extends readonly Item<any>[]> = {
  [K in keyof Items]: Items[K] extends Item<infer T> ? T : never;
};

export type StorageItemsState<Items extends readonly unknown[]> =
  | { loaded: false; values: undefined }
  | { loaded: true; values: Items };

/**
 * Several storage items in ONE storage read (getItems reads each area once), followed
 * like useStorageItem. For a page's first paint: separate reads queue one after another.
 * `items` must be a stable array (a module constant). With `initial`, the read still happens
 * once the watchers are set up, so a change between the start's read and now is not missed.
 */
// biome-ignore lint/suspicious/noExplicitAny: see Values.
export function useStorageItems<const Items extends readonly Item<any>[]>(
  items: Items,
  /** Values already read at the page's start (page-start.ts): the first render shows them. */
  initial?: Values<Items>,
) {
  const [state, setState] = useState<StorageItemsState<Values<Items>>>(() =>
    initial ? { loaded: true, values: initial } : { loaded: false, values: undefined },
  );
  const started = useRef(initial);

  useEffect(() => {
    let active = true;
    let current: unknown[] | null = null;
    // A watch event that arrives before the read is newer than what the read returns.
    const newer = new Map<number, unknown>();
    const publish = () => {
      if (active && current) setState({ loaded: true, values: [...current] as Values<Items> });
    };
    const unwatchers = items.map((item, index) =>
      item.watch((value) => {
        if (current) current[index] = value;
        else newer.set(index, value);
        publish();
      }),
    );
    void getItems(items).then((values) => {
      current = values.map((value, index) => (newer.has(index) ? newer.get(index) : value));
      // Read again after a start with `initial`: a render only when something changed since.
      if (JSON.stringify(current) !== JSON.stringify(started.current)) publish();
    });
    return () => {
      active = false;
      for (const unwatch of unwatchers) unwatch();
    };
  }, [items]);

  return state;
}
