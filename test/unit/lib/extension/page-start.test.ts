import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createConsoleApi } from '@/lib/extension/pages/console-api';
import { MEMBER_PAGE_SIZE } from '@/lib/extension/pages/members-path';
import {
  beginOptionsPage,
  handOverOptionsStart,
  startOptionsPage,
  startPopup,
} from '@/lib/extension/pages/page-start';
import { createApiClient } from '@/lib/extension/shared/api-client';
import { jsonResponse } from '../../helpers/fake-service';
import { adminSession, meFor, member, memberSession, SERVICE_URL } from '../../helpers/fixtures';

/**
 * The pages' start (page-start.ts): one storage read, and the page's first request sent before
 * React and the page's code have loaded, which the page's client then takes instead of asking
 * again.
 */

const firstPage = { members: [member({ id: 'm-1' })], nextCursor: null, total: 1 };
let fetchMock: ReturnType<typeof vi.fn>;

function answering(body: unknown) {
  fetchMock = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
    jsonResponse(200, body),
  );
  vi.stubGlobal('fetch', fetchMock);
}

const requested = () => fetchMock.mock.calls.map(([url]) => String(url));

beforeEach(() => answering({}));
afterEach(() => vi.unstubAllGlobals());

describe('options page start', () => {
  it("sends an admin's first member page at once, and the table's call takes that answer", async () => {
    answering(firstPage);
    await fakeBrowser.storage.local.set({ session: adminSession });

    const [, stored] = await startOptionsPage();
    expect(stored).toEqual(adminSession);
    expect(requested()).toEqual([
      `${SERVICE_URL}/api/org/members?sort=name&dir=asc&limit=${MEMBER_PAGE_SIZE}`,
    ]);
    const init = fetchMock.mock.calls[0]?.[1] as RequestInit;
    expect(new Headers(init.headers).get('authorization')).toBe(`Bearer ${adminSession.token}`);

    const api = createConsoleApi({ serviceUrl: SERVICE_URL, token: adminSession.token });
    const page = await api.members({ sort: 'name', dir: 'asc', limit: MEMBER_PAGE_SIZE });
    expect(page.members.map((m) => m.id)).toEqual(['m-1']);
    expect(fetchMock).toHaveBeenCalledTimes(1);

    // Taken once: the next call for the same page asks the service again.
    await api.members({ sort: 'name', dir: 'asc', limit: MEMBER_PAGE_SIZE });
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it("reads the table's kept first page with the session, and asks for the first page all the same", async () => {
    await fakeBrowser.storage.local.set({ session: adminSession });
    const kept = {
      accountId: adminSession.account.id,
      serviceUrl: SERVICE_URL,
      page: firstPage,
      savedAt: Date.now(),
    };
    await fakeBrowser.storage.session.set({ memberTableFirstPage: kept });
    const [, , read] = await startOptionsPage();
    expect(read).toEqual(kept);
    expect(requested()).toEqual([
      `${SERVICE_URL}/api/org/members?sort=name&dir=asc&limit=${MEMBER_PAGE_SIZE}`,
    ]);
  });

  it("takes what the page's start script began: one storage read and one request in all", async () => {
    answering(firstPage);
    await fakeBrowser.storage.local.set({ session: adminSession });
    const started = beginOptionsPage();
    handOverOptionsStart(started);
    const taken = startOptionsPage();
    expect(taken).toBe(started);
    expect((await taken)[1]).toEqual(adminSession);
    expect(requested()).toHaveLength(1);
    // Taken once: a later start (no start script ran) begins its own.
    const again = startOptionsPage();
    expect(again).not.toBe(started);
    await again;
    expect(requested()).toHaveLength(2);
  });

  it('sends nothing for a member without the console, or for nobody signed in', async () => {
    expect((await startOptionsPage())[1]).toBeNull();
    await fakeBrowser.storage.local.set({ session: memberSession });
    await startOptionsPage();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('does not hand an early answer to a client with other credentials', async () => {
    answering(firstPage);
    await fakeBrowser.storage.local.set({ session: adminSession });
    await startOptionsPage();
    const other = createConsoleApi({ serviceUrl: SERVICE_URL, token: 'another-token' });
    await other.members({ sort: 'name', dir: 'asc', limit: MEMBER_PAGE_SIZE });
    expect(fetchMock).toHaveBeenCalledTimes(2);
    const init = fetchMock.mock.calls[1]?.[1] as RequestInit;
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer another-token');
  });
});

describe('popup start', () => {
  const me = meFor(memberSession);
  const snapshot = (savedAt: number) => ({
    accountId: memberSession.account.id,
    serviceUrl: SERVICE_URL,
    me,
    org: null,
    savedAt,
  });

  it('reads session and snapshot in one go and asks nothing while the snapshot is fresh', async () => {
    const fresh = snapshot(Date.now());
    await fakeBrowser.storage.local.set({ session: memberSession, popupSnapshot: fresh });
    const [resolved, stored, read] = await startPopup();
    expect([resolved, stored, read]).toEqual([null, memberSession, fresh]);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('asks for /api/me at once without a snapshot, and the popup client takes that answer', async () => {
    answering(me);
    await fakeBrowser.storage.local.set({ session: memberSession });
    await startPopup();
    expect(requested()).toEqual([`${SERVICE_URL}/api/me`]);
    const api = createApiClient({ serviceUrl: SERVICE_URL, token: memberSession.token });
    expect((await api.me()).account).toEqual(memberSession.account);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('asks again for a stale snapshot, and for the org state of an admin', async () => {
    await fakeBrowser.storage.local.set({ session: memberSession, popupSnapshot: snapshot(0) });
    await startPopup();
    expect(requested()).toEqual([`${SERVICE_URL}/api/me`]);

    await fakeBrowser.storage.local.set({ session: adminSession, popupSnapshot: null });
    await startPopup();
    expect(requested().slice(1)).toEqual([`${SERVICE_URL}/api/me`, `${SERVICE_URL}/api/org/zoom`]);
  });
});
