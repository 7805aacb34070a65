import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import {
  defaultPolicy,
  type Resource,
  Resources,
  ResourcesProvider,
  useResource,
} from '@/lib/extension/pages/resource';
import { ApiError } from '@/lib/extension/shared/api-request';

const noRetry = { ...defaultPolicy, retry: () => false };

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function Show({ resource }: { resource: Resource<string> }) {
  const r = useResource(resource);
  const text = `${r.data ?? 'none'} ${r.isError ? 'error' : 'ok'} ${r.isFetching ? 'fetching' : 'idle'}`;
  return <p>{text}</p>;
}

describe('resources (the member data the popup and options page share)', () => {
  it('fetches once for callers that ask at the same time', async () => {
    const load = vi.fn(async () => 'v');
    const resource = new Resources(noRetry).get('k', load);
    await Promise.all([resource.refetch(), resource.refetch(), resource.refetch()]);
    expect(load).toHaveBeenCalledTimes(1);
    expect(resource.get().data).toBe('v');
  });

  it('keeps the data it had when a refetch fails, and says it failed', async () => {
    let fail = false;
    const resource = new Resources(noRetry).get('k', async () => {
      if (fail) throw new ApiError({ status: 0, code: 'network', message: 'offline' });
      return 'saved';
    });
    await resource.refetch();
    const fetchedAt = resource.get().dataUpdatedAt;
    fail = true;
    await resource.refetch();
    expect(resource.get()).toMatchObject({
      data: 'saved',
      isError: true,
      dataUpdatedAt: fetchedAt,
    });
  });

  it('tries a network failure again (twice), never a refusal', async () => {
    vi.useFakeTimers();
    try {
      const offline = vi.fn(async () => {
        throw new ApiError({ status: 0, code: 'network', message: 'offline' });
      });
      const one = new Resources().get('a', offline);
      const done = one.refetch();
      await vi.runAllTimersAsync();
      await done;
      expect(offline).toHaveBeenCalledTimes(3);
      const refused = vi.fn(async () => {
        throw new ApiError({ status: 403, code: 'forbidden', message: 'no' });
      });
      await new Resources().get('b', refused).refetch();
      expect(refused).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('is fresh for the stale time after a snapshot or fetch, and stale after invalidate', async () => {
    const resource = new Resources(noRetry).get('k', async () => 'v');
    expect(resource.isStale()).toBe(true);
    resource.setData('snapshot', Date.now() - 1000);
    expect(resource.isStale()).toBe(false);
    resource.setData('old snapshot', Date.now() - defaultPolicy.staleMs);
    expect(resource.isStale()).toBe(true);
    await resource.refetch();
    expect(resource.isStale()).toBe(false);
    await resource.invalidate();
    expect(resource.isStale()).toBe(true);
  });

  it('the newest loader is used (it closes over the newest session)', async () => {
    const resources = new Resources(noRetry);
    resources.get('k', async () => 'first token');
    const resource = resources.get('k', async () => 'second token');
    await resource.refetch();
    expect(resource.get().data).toBe('second token');
  });

  it('a screen shows it, fetches it when stale on mount, and refetches on invalidate', async () => {
    const resources = new Resources(noRetry);
    let answer = deferred<string>();
    const resource = resources.get('k', () => answer.promise);
    render(
      <ResourcesProvider resources={resources}>
        <Show resource={resource} />
      </ResourcesProvider>,
    );
    expect(await screen.findByText('none ok fetching')).toBeTruthy();
    await act(async () => answer.resolve('first'));
    expect(await screen.findByText('first ok idle')).toBeTruthy();
    answer = deferred<string>();
    let invalidated!: Promise<void>;
    act(() => {
      invalidated = resource.invalidate();
    });
    expect(await screen.findByText('first ok fetching')).toBeTruthy();
    await act(async () => {
      answer.resolve('second');
      await invalidated;
    });
    expect(await screen.findByText('second ok idle')).toBeTruthy();
  });

  it('is not fetched on mount while fresh (a popup reopened at once paints its snapshot)', () => {
    const load = vi.fn(async () => 'network');
    const resources = new Resources(noRetry);
    const resource = resources.get('k', load);
    resource.setData('snapshot');
    render(
      <ResourcesProvider resources={resources}>
        <Show resource={resource} />
      </ResourcesProvider>,
    );
    expect(screen.getByText('snapshot ok idle')).toBeTruthy();
    expect(load).not.toHaveBeenCalled();
  });

  it('forgets everything on clear (sign-out)', async () => {
    const resources = new Resources(noRetry);
    await resources.get('k', async () => 'person A').refetch();
    resources.clear();
    expect(resources.get('k', async () => 'person B').get().data).toBeUndefined();
  });
});
