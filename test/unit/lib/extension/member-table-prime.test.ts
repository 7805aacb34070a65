import { QueryClient } from '@tanstack/react-query';
import { waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { memberPagesQuery, primeMemberTable } from '@/lib/extension/pages/member-queries';
import { initialMemberFilter, MEMBER_PAGE_SIZE } from '@/lib/extension/pages/members-path';
import { fakeService } from '../../helpers/fake-service';
import { adminSession, member, memberSession } from '../../helpers/fixtures';

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
