import {
  infiniteQueryOptions,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { z } from 'zod/mini';
import {
  type MembersResponse,
  membersResponse,
  type OrgRole,
  type UpcomingBookingsChoice,
} from '../../contracts/api';
import {
  type KeptMembersPage,
  keptMembersPageItem,
  type StoredSession,
} from '../shared/storage-items';
import { authedConsole } from './console-api';
import { apiFilter, type MemberTableFilter, useMemberTableStore } from './member-table-store';
import { useAfterMembers } from './members-first';
import {
  firstMembersPath,
  initialMemberFilter,
  MEMBER_PAGE_SIZE,
  membersPath,
} from './members-path';
import { ownKept } from './page-start';
import { isAdmin } from './queries';
import { useSingleFlightMutation } from './single-flight';

/** Server state of the admin member table, its counts and invitations (issue #3). */

export { MEMBER_PAGE_SIZE } from './members-path';

export const memberKeys = {
  all: (s: StoredSession) => ['members', s.serviceUrl, s.account.id] as const,
  table: (s: StoredSession, f: ReturnType<typeof apiFilter>) =>
    [...memberKeys.all(s), 'table', f] as const,
  summary: (s: StoredSession) => [...memberKeys.all(s), 'summary'] as const,
  bookings: (s: StoredSession, accountId: string) =>
    [...memberKeys.all(s), 'bookings', accountId] as const,
  invitations: (s: StoredSession) => ['invitations', s.serviceUrl, s.account.id] as const,
};

/** The member table's pages for `filter`: one query per filter, each page after the cursor. */
export function memberPagesQuery(session: StoredSession, filter: MemberTableFilter) {
  const f = apiFilter(filter);
  return infiniteQueryOptions({
    queryKey: memberKeys.table(session, f),
    initialPageParam: null as string | null,
    // Taking the signal lets react-query abort a page nobody waits for any more: each keystroke
    // in the search box is a new key, and the previous search's request is cancelled.
    queryFn: async ({ pageParam, signal }) => {
      const request = { ...f, limit: MEMBER_PAGE_SIZE, cursor: pageParam };
      const page = await authedConsole(session, (api) => api.members(request, signal));
      // The page the options page asks for first (page-start.ts) is kept for the next open.
      if (membersPath(request) === firstMembersPath()) keepFirstPage(session, page);
      return page;
    },
    getNextPageParam: (page) => page.nextCursor,
  });
}

/** Kept for the next open of the console (storage-items.ts says where, and why there). */
function keepFirstPage(session: StoredSession, page: MembersResponse): void {
  const kept = {
    accountId: session.account.id,
    serviceUrl: session.serviceUrl,
    page,
    savedAt: Date.now(),
  };
  void keptMembersPageItem.setValue(kept).catch(() => {});
}

export function useMemberPages(session: StoredSession, filter: MemberTableFilter) {
  return useInfiniteQuery({
    ...memberPagesQuery(session, filter),
    enabled: isAdmin(session),
    // Typing in the search box keeps the last rows on screen until the new ones arrive.
    placeholderData: (previous) => previous,
  });
}

/**
 * Before the options page first renders: an admin's first page of members asked for now, so the
 * answer to the request page-start.ts sent early is taken (and checked) as soon as it lands, not
 * after the whole console's first render and effects.
 */
export function primeMemberTable(
  queryClient: QueryClient,
  session: StoredSession,
  kept: KeptMembersPage | null = null,
): void {
  if (!isAdmin(session)) return;
  const query = memberPagesQuery(session, initialMemberFilter);
  // The first page the last open kept, if it is this admin's and still checks out: the table
  // shows it in its first render, and the answer to the request page-start.ts sent replaces it
  // (asked at once whatever its age: members may have changed since, from anywhere).
  const own = ownKept(kept, session);
  const page = own && z.safeParse(membersResponse, own.page);
  if (own && page?.success) {
    queryClient.setQueryData(
      query.queryKey,
      { pages: [page.data], pageParams: [null] },
      { updatedAt: own.savedAt },
    );
  }
  void queryClient.prefetchInfiniteQuery({ ...query, staleTime: 0 });
}

/**
 * Observes the table's own query (same key: one request), so this is true once it answered: in
 * the render after the one that shows the rows, so the console's other sections (which start
 * their requests on this signal) do not re-render in the commit that puts the rows on screen.
 */
export function useMembersFirstPageAnswered(session: StoredSession): boolean {
  const filter = useMemberTableStore();
  const members = useMemberPages(session, filter);
  const answered = !isAdmin(session) || members.data !== undefined || members.isError;
  const [shown, setShown] = useState(answered);
  useEffect(() => {
    if (answered) setShown(true);
  }, [answered]);
  return shown;
}

export function useMembersSummary(session: StoredSession) {
  const afterMembers = useAfterMembers();
  return useQuery({
    queryKey: memberKeys.summary(session),
    queryFn: () => authedConsole(session, (api) => api.membersSummary()),
    enabled: isAdmin(session) && afterMembers,
  });
}

/** Downloads the current filter as CSV through a blob URL (the request needs the bearer token). */
export async function downloadMembersCsv(session: StoredSession, filter: MemberTableFilter) {
  const blob = await authedConsole(session, (api) => api.membersCsv(apiFilter(filter)));
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = 'members.csv';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked on the next tick: the click has started the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function useUpdateMemberRole(session: StoredSession) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ accountId, role }: { accountId: string; role: OrgRole }) =>
      authedConsole(session, (api) => api.updateMemberRole(accountId, role)),
    onSettled: () => client.invalidateQueries({ queryKey: memberKeys.all(session) }),
  });
}

/** A member's upcoming bookings, asked for when the Remove dialog opens. */
export function useMemberBookings(session: StoredSession, accountId: string) {
  return useQuery({
    queryKey: memberKeys.bookings(session, accountId),
    queryFn: () => authedConsole(session, (api) => api.memberBookings(accountId)),
    staleTime: 0,
  });
}

export function useRemoveMember(session: StoredSession) {
  const client = useQueryClient();
  return useSingleFlightMutation({
    mutationFn: ({
      accountId,
      upcomingBookings,
    }: {
      accountId: string;
      upcomingBookings?: UpcomingBookingsChoice;
    }) => authedConsole(session, (api) => api.removeMember(accountId, upcomingBookings)),
    onSettled: () => client.invalidateQueries({ queryKey: memberKeys.all(session) }),
  });
}

export function useInvitations(session: StoredSession) {
  const afterMembers = useAfterMembers();
  return useQuery({
    queryKey: memberKeys.invitations(session),
    queryFn: () => authedConsole(session, (api) => api.invitations()),
    enabled: isAdmin(session) && afterMembers,
  });
}

export function useCreateInvitation(session: StoredSession) {
  const client = useQueryClient();
  return useSingleFlightMutation({
    mutationFn: (body: { email: string; role: OrgRole }) =>
      authedConsole(session, (api) => api.createInvitation(body)),
    onSuccess: () => client.invalidateQueries({ queryKey: memberKeys.invitations(session) }),
  });
}

export function useRevokeInvitation(session: StoredSession) {
  const client = useQueryClient();
  return useSingleFlightMutation({
    mutationFn: (id: string) => authedConsole(session, (api) => api.revokeInvitation(id)),
    onSettled: () => client.invalidateQueries({ queryKey: memberKeys.invitations(session) }),
  });
}
