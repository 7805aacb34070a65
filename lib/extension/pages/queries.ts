import { QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import { createApiClient } from '../shared/api-client';
import { isAdmin } from '../shared/session-state';
import type { StoredSession } from '../shared/storage-items';
import { authed } from './member-data';
import { useAfterMembers } from './members-first';

export { isAdmin };

import { defaultPolicy } from './resource';

/**
 * The options and approval pages' React Query data. The member's own data (their Zoom, the org
 * summary), which the popup shows too, is in member-data.ts without React Query.
 */

/** Keys carry the service and account, so one person's cache never shows for another. */
export const queryKeys = {
  orgZoom: (s: StoredSession) => ['orgZoom', s.serviceUrl, s.account.id] as const,
  /** The org's audit log (Activity); every change to the org connection adds to it. */
  audit: (s: StoredSession) => ['audit', s.serviceUrl, s.account.id] as const,
  approvalInfo: (serviceUrl: string, linkToken: string) =>
    ['approvalInfo', serviceUrl, linkToken] as const,
};

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: defaultPolicy.staleMs,
        retry: defaultPolicy.retry,
        refetchOnWindowFocus: true,
      },
    },
  });
}

export const orgZoomQuery = (session: StoredSession) =>
  queryOptions({
    queryKey: queryKeys.orgZoom(session),
    queryFn: () => authed(session, (api) => api.orgZoom()),
  });

/** `pollWhilePendingMs`: ask again this often while a link waits for a Zoom admin. */
export function useOrgZoom(session: StoredSession, { pollWhilePendingMs = 0 } = {}) {
  const afterMembers = useAfterMembers();
  return useQuery({
    ...orgZoomQuery(session),
    enabled: isAdmin(session) && afterMembers,
    refetchInterval: (query) =>
      pollWhilePendingMs > 0 && query.state.data?.state === 'pending_approval'
        ? pollWhilePendingMs
        : false,
  });
}

export function useApprovalInfo(serviceUrl: string, linkToken: string) {
  return useQuery({
    queryKey: queryKeys.approvalInfo(serviceUrl, linkToken),
    queryFn: () => createApiClient({ serviceUrl }).approvalInfo(linkToken),
    enabled: linkToken !== '',
    staleTime: Number.POSITIVE_INFINITY,
  });
}
