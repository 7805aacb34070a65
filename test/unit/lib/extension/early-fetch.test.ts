import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * A page's classic start script (options-start.ts) is built on its own, with its own copy of
 * early-fetch.ts: the module entry's copy must still find the request the start script sent.
 */
describe('early requests', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('are found by another copy of the module in the same page, once, for the same URL and credentials', async () => {
    const fetchMock = vi.fn(async () => new Response('{}'));
    vi.stubGlobal('fetch', fetchMock);
    const startScript = await import('@/lib/extension/shared/early-fetch');
    vi.resetModules();
    const moduleEntry = await import('@/lib/extension/shared/early-fetch');
    expect(moduleEntry).not.toBe(startScript);

    const url = 'https://svc.test/api/org/members?sort=name&dir=asc&limit=100';
    startScript.sendEarly(url, 'Bearer a');
    expect(fetchMock).toHaveBeenCalledTimes(1);

    // Other credentials, another URL or another method are sent for themselves.
    await moduleEntry.fetchOrEarly(url, { headers: { authorization: 'Bearer b' } });
    await moduleEntry.fetchOrEarly(`${url}&q=x`, { headers: { authorization: 'Bearer a' } });
    await moduleEntry.fetchOrEarly(url, { method: 'POST', headers: { authorization: 'Bearer a' } });
    expect(fetchMock).toHaveBeenCalledTimes(4);

    await moduleEntry.fetchOrEarly(url, { headers: { authorization: 'Bearer a' } });
    expect(fetchMock).toHaveBeenCalledTimes(4);
    // Taken once: the next asks again.
    await moduleEntry.fetchOrEarly(url, { headers: { authorization: 'Bearer a' } });
    expect(fetchMock).toHaveBeenCalledTimes(5);
  });
});
