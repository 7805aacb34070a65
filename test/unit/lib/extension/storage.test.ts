import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { defineItem, getItems } from '@/lib/extension/shared/storage';

describe('storage items over chrome.storage', () => {
  it('reads the fallback until a value is written, and the value after', async () => {
    const item = defineItem<{ n: number } | null>('local:thing', { fallback: null });
    expect(await item.getValue()).toBeNull();
    await item.setValue({ n: 1 });
    expect(await item.getValue()).toEqual({ n: 1 });
    expect(await browser.storage.local.get('thing')).toEqual({ thing: { n: 1 } });
    await item.removeValue();
    expect(await item.getValue()).toBeNull();
  });

  it('keeps areas apart: the same key in session and local are two items', async () => {
    const local = defineItem<string>('local:k', { fallback: 'none' });
    const session = defineItem<string>('session:k', { fallback: 'none' });
    await local.setValue('on disk');
    expect(await session.getValue()).toBe('none');
    await session.setValue('in memory');
    expect(await local.getValue()).toBe('on disk');
  });

  it('reads several items in one read per area, in the order given', async () => {
    const a = defineItem<string | null>('local:a', { fallback: null });
    const b = defineItem<number>('session:b', { fallback: 7 });
    const c = defineItem<string>('local:c', { fallback: 'c?' });
    await a.setValue('A');
    const localGet = vi.spyOn(browser.storage.local, 'get');
    const sessionGet = vi.spyOn(browser.storage.session, 'get');
    expect(await getItems([a, b, c] as const)).toEqual(['A', 7, 'c?']);
    expect(localGet).toHaveBeenCalledTimes(1);
    expect(localGet).toHaveBeenCalledWith(['a', 'c']);
    expect(sessionGet).toHaveBeenCalledTimes(1);
  });

  it('tells a watcher each change of its own item, not of others or of a same-value write', async () => {
    const item = defineItem<string | null>('local:watched', { fallback: null });
    const other = defineItem<string | null>('session:watched', { fallback: null });
    const seen: (string | null)[] = [];
    const unwatch = item.watch((value) => seen.push(value));
    await item.setValue('one');
    await item.setValue('one');
    await other.setValue('elsewhere');
    await item.removeValue();
    unwatch();
    await item.setValue('after unwatch');
    expect(seen).toEqual(['one', null]);
  });
});
