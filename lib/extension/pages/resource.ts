import {
  createContext,
  createElement,
  type ReactNode,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
} from 'react';
import { isApiError } from '../shared/api-request';
import { PAGE_DATA_STALE_MS } from './page-start';

/**
 * The member's own data (their Zoom, the org summary) as the popup and the options page both
 * show it. A cached value per key, fetched once at a time, refetched when stale on mount and on
 * focus, kept when a refetch fails (so a snapshot can be marked old rather than dropped).
 *
 * Why not React Query here: the popup opens dozens of times a day and only needs this; React
 * Query is ~10 kB gzip of the popup's 105 (README, Bench). The options page keeps React Query for
 * its tables, polling and infinite lists, and reads the member's own data through this.
 */
export interface ResourceState<T> {
  data: T | undefined;
  /** The last fetch's error; null once a fetch succeeds. */
  error: unknown;
  isError: boolean;
  isFetching: boolean;
  /** When `data` was fetched (or saved, for a restored snapshot); 0 when there is none. */
  dataUpdatedAt: number;
}

export interface ResourcePolicy {
  staleMs: number;
  /** Whether to try again after `failures` failed attempts ending in `error`. */
  retry: (failures: number, error: unknown) => boolean;
  retryDelayMs: (failures: number) => number;
}

/** A 4xx will not change on retry; a network blip might (as the pages' React Query client). */
export const defaultPolicy: ResourcePolicy = {
  staleMs: PAGE_DATA_STALE_MS,
  retry: (failures, error) => failures < 2 && isApiError(error) && error.status === 0,
  retryDelayMs: (failures) => Math.min(1000 * 2 ** failures, 30_000),
};

const empty = {
  data: undefined,
  error: null,
  isError: false,
  isFetching: false,
  dataUpdatedAt: 0,
} satisfies ResourceState<never>;

export class Resource<T> {
  private state: ResourceState<T> = empty;
  private readonly listeners = new Set<() => void>();
  private inFlight: Promise<void> | null = null;
  private invalidated = false;

  constructor(
    private load: () => Promise<T>,
    private readonly policy: ResourcePolicy,
  ) {}

  /** The newest loader wins (it closes over the newest session). */
  setLoader(load: () => Promise<T>): void {
    this.load = load;
  }

  readonly get = (): ResourceState<T> => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private update(patch: Partial<ResourceState<T>>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Sets the value without fetching (a snapshot, or what a change answered with). */
  setData(data: T, updatedAt = Date.now()): void {
    this.update({ data, dataUpdatedAt: updatedAt, error: null, isError: false });
  }

  isStale(now = Date.now()): boolean {
    return (
      this.invalidated ||
      this.state.data === undefined ||
      now - this.state.dataUpdatedAt >= this.policy.staleMs
    );
  }

  /** One fetch at a time: a call while one runs waits for that one. */
  readonly refetch = (): Promise<void> => {
    this.inFlight ??= this.run().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  };

  private async run(): Promise<void> {
    this.invalidated = false;
    this.update({ isFetching: true });
    for (let failures = 0; ; failures++) {
      try {
        const data = await this.load();
        this.update({ data, dataUpdatedAt: Date.now(), error: null, isError: false });
        break;
      } catch (error) {
        if (!this.policy.retry(failures, error)) {
          this.update({ error, isError: true });
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, this.policy.retryDelayMs(failures)));
      }
    }
    this.update({ isFetching: false });
  }

  /** Marks the value stale, and fetches it again now if a screen shows it. */
  invalidate(): Promise<void> {
    this.invalidated = true;
    return this.listeners.size > 0 ? this.refetch() : Promise.resolve();
  }
}

/** The resources of one page (one per React root, like a query client). */
export class Resources {
  private readonly byKey = new Map<string, Resource<unknown>>();

  constructor(private readonly policy: ResourcePolicy = defaultPolicy) {}

  get<T>(key: string, load: () => Promise<T>): Resource<T> {
    let resource = this.byKey.get(key) as Resource<T> | undefined;
    if (resource) resource.setLoader(load);
    else {
      resource = new Resource(load, this.policy);
      this.byKey.set(key, resource as Resource<unknown>);
    }
    return resource;
  }

  /** After sign-out: nothing of the previous person stays. */
  clear(): void {
    this.byKey.clear();
  }
}

const ResourcesContext = createContext<Resources | null>(null);

export function ResourcesProvider({
  children,
  resources,
}: {
  children: ReactNode;
  resources?: Resources;
}) {
  const [value] = useState(() => resources ?? new Resources());
  return createElement(ResourcesContext.Provider, { value }, children);
}

export function useResources(): Resources {
  const resources = useContext(ResourcesContext);
  if (!resources) throw new Error('useResources needs a ResourcesProvider above it');
  return resources;
}

export type ResourceResult<T> = ResourceState<T> & { refetch: () => Promise<void> };

/** Shows a resource: fetched on mount when stale (and `enabled`), and again on focus. */
export function useResource<T>(resource: Resource<T>, { enabled = true } = {}): ResourceResult<T> {
  const state = useSyncExternalStore(resource.subscribe, resource.get);
  useEffect(() => {
    if (!enabled) return;
    if (resource.isStale()) void resource.refetch();
    const onFocus = () => {
      if (document.visibilityState === 'visible' && resource.isStale()) void resource.refetch();
    };
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onFocus);
    return () => {
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onFocus);
    };
  }, [resource, enabled]);
  return { ...state, refetch: resource.refetch };
}
