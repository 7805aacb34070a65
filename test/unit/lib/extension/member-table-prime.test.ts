import { QueryClient } from '@tanstack/react-query';
import { waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { memberPagesQuery, primeMemberTable } from '@/lib/extension/pages/member-queries';
import { initialMemberFilter, MEMBER_PAGE_SIZE } from '@/lib/extension/pages/members-path';
import { createQueryClient } from '@/lib/extension/pages/queries';
import { signOut } from '@/lib/extension/shared/session';
import { type KeptMembersPage, keptMembersPageItem } from '@/lib/extension/shared/storage-items';
import { fakeService } from '../../helpers/fake-service';
import { adminSession, member, memberSession, SERVICE_URL } from '../../helpers/fixtures';

/**
 * The options page asks for an admin's first member page before React renders the console
 * (entrypoints/options/app.tsx), under the very key the table reads, so the table's first render
 * finds it there (or on its way) instead of asking after the console's first render.
 */
describe('member table prime', () => {
  it("asks for an admin's first page at once, under the table's own key", async () => {
    const page = { members: [member({ id: 'm-1' })], nextCursor: null, total: 1 };
    const { calls } = fakeService({ 'GET /api/org/members': { body: page } });
    const client = new QueryClient();
    primeMemberTable(client, adminSession);
    await waitFor(() =>
      expect(calls.map((c) => `${c.url.pathname}${c.url.search}`)).toEqual([
        `/api/org/members?sort=name&dir=asc&limit=${MEMBER_PAGE_SIZE}`,
      ]),
    );
    const key = memberPagesQuery(adminSession, initialMemberFilter).queryKey;
    await waitFor(() => expect(client.getQueryData(key)?.pages[0]).toEqual(page));
  });

  it('asks nothing for a member, who has no table', async () => {
    const { calls } = fakeService({});
    primeMemberTable(new QueryClient(), memberSession);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toEqual([]);
  });
});

describe('the member table kept from the last open (storage.session)', () => {
  const key = memberPagesQuery(adminSession, initialMemberFilter).queryKey;
  const keptPage = {
    members: [member({ id: 'kept', name: 'Kept Row' })],
    nextCursor: null,
    total: 1,
  };
  const freshPage = {
    members: [member({ id: 'new', name: 'New Row' })],
    nextCursor: null,
    total: 1,
  };
  const kept = (overrides: Partial<KeptMembersPage> = {}): KeptMembersPage => ({
    accountId: adminSession.account.id,
    serviceUrl: SERVICE_URL,
    page: keptPage,
    savedAt: Date.now(),
    ...overrides,
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

  it('is in the table before any request, and replaced by the answer however fresh it is', async () => {
    const { calls } = fakeService({ 'GET /api/org/members': { body: freshPage } });
    const client = createQueryClient();
    primeMemberTable(client, adminSession, kept());
    expect(client.getQueryData(key)?.pages[0]).toEqual(keptPage);
    await waitFor(() => expect(client.getQueryData(key)?.pages[0]).toEqual(freshPage));
    expect(calls).toHaveLength(1);
  });

  it("is never shown for another account or service, nor when it fails the page's schema", async () => {
    for (const other of [
      kept({ accountId: memberSession.account.id }),
      kept({ serviceUrl: 'https://other.example' }),
      kept({ page: { members: [{ id: 'x' }], nextCursor: null, total: 1 } as never }),
    ]) {
      fakeService({ 'GET /api/org/members': { body: freshPage } });
      const client = createQueryClient();
      primeMemberTable(client, adminSession, other);
      expect(client.getQueryData(key)).toBeUndefined();
      await waitFor(() => expect(client.getQueryData(key)?.pages[0]).toEqual(freshPage));
    }
  });

  it('keeps the first page of the default view when it is fetched, not a searched one', async () => {
    fakeService({ 'GET /api/org/members': { body: freshPage } });
    const client = createQueryClient();
    await client.fetchInfiniteQuery(
      memberPagesQuery(adminSession, { ...initialMemberFilter, q: 'ann' }),
    );
    await settle();
    expect(await keptMembersPageItem.getValue()).toBeNull();
    await client.fetchInfiniteQuery(memberPagesQuery(adminSession, initialMemberFilter));
    await waitFor(async () =>
      expect(await keptMembersPageItem.getValue()).toMatchObject({
        accountId: adminSession.account.id,
        serviceUrl: SERVICE_URL,
        page: freshPage,
      }),
    );
  });

  it('is dropped on sign-out', async () => {
    fakeService({});
    await keptMembersPageItem.setValue(kept());
    await signOut(adminSession);
    expect(await keptMembersPageItem.getValue()).toBeNull();
  });
});
