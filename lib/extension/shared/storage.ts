import { type Browser, browser } from 'wxt/browser';

/**
 * Typed items over chrome.storage: the part of @wxt-dev/storage the extension used (an item
 * with a fallback, read, write, watch, and several items in one read per area), without its
 * versioning, metadata and locking, which cost every page and the worker ~2.5 kB gzip (README,
 * Bench). Values are stored as they are, as @wxt-dev/storage stores them.
 */

export type StorageArea = 'local' | 'session' | 'managed';

export interface StorageItem<T> {
  readonly area: StorageArea;
  readonly key: string;
  readonly fallback: T;
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
  removeValue(): Promise<void>;
  /** Called with the new value (the fallback when removed); returns the unwatch function. */
  watch(callback: (value: T) => void): () => void;
}

function areaOf(area: StorageArea) {
  // `managed` is missing where no policy can apply (and in some test browsers).
  return (browser.storage as Partial<Record<StorageArea, Browser.storage.StorageArea>>)[area];
}

function valueOr<T>(value: unknown, fallback: T): T {
  return value === undefined || value === null ? fallback : (value as T);
}

/**
 * Defining an item does nothing until it is used, so the bundler may drop the items a script
 * never touches (the console's start script reads three of them).
 */
/*#__NO_SIDE_EFFECTS__*/
export function defineItem<T>(
  spec: `${StorageArea}:${string}`,
  { fallback }: { fallback: T },
): StorageItem<T> {
  const at = spec.indexOf(':');
  const area = spec.slice(0, at) as StorageArea;
  const key = spec.slice(at + 1);
  return {
    area,
    key,
    fallback,
    async getValue() {
      const store = areaOf(area);
      return store ? valueOr((await store.get(key))[key], fallback) : fallback;
    },
    async setValue(value) {
      await areaOf(area)?.set({ [key]: value });
    },
    async removeValue() {
      await areaOf(area)?.remove(key);
    },
    watch(callback) {
      const listener = (
        changes: Record<string, Browser.storage.StorageChange>,
        changedArea: string,
      ) => {
        const change = changes[key];
        if (changedArea !== area || !change) return;
        // As @wxt-dev/storage: a write of the same value is not a change.
        if (JSON.stringify(change.newValue) === JSON.stringify(change.oldValue)) return;
        callback(valueOr(change.newValue, fallback));
      };
      browser.storage.onChanged.addListener(listener);
      return () => browser.storage.onChanged.removeListener(listener);
    },
  };
}

type ValuesOf<Items extends readonly StorageItem<unknown>[]> = {
  -readonly [K in keyof Items]: Items[K] extends StorageItem<infer T> ? T : never;
};

/** Several items in one read per area, their values in the items' order. */
export async function getItems<const Items extends readonly StorageItem<unknown>[]>(
  items: Items,
): Promise<ValuesOf<Items>> {
  const areas = [...new Set(items.map((item) => item.area))];
  const read = await Promise.all(
    areas.map(async (area) => {
      const keys = items.filter((item) => item.area === area).map((item) => item.key);
      const store = areaOf(area);
      return [area, store ? await store.get(keys) : {}] as const;
    }),
  );
  const byArea = new Map<StorageArea, Record<string, unknown>>(read);
  return items.map((item) =>
    valueOr(byArea.get(item.area)?.[item.key], item.fallback),
  ) as ValuesOf<Items>;
}
