import { QueryClient, queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import type { MeResponse, OrgZoomResponse, SignInBody } from '../../contracts/api';
import { type ApiClient, createApiClient } from '../shared/api-client';
import { isApiError } from '../shared/api-request';
import { signedInCall, signIn } from '../shared/session';
import { isAdmin } from '../shared/session-state';
import {
  type OrgZoomSummary,
  type PopupSnapshot,
  popupSnapshotItem,
  type StoredSession,
} from '../shared/storage-items';
import { useAfterMembers } from './members-first';
import { PAGE_DATA_STALE_MS } from './page-start';

export { isAdmin };

/** Keys carry the service and account, so one person's cache never shows for another. */
export const queryKeys = {
  me: (s: StoredSession) => ['me', s.serviceUrl, s.account.id] as const,
  orgZoom: (s: StoredSession) => ['orgZoom', s.serviceUrl, s.account.id] as const,
  orgSummary: (s: StoredSession) => ['orgSummary', s.serviceUrl, s.account.id] as const,
  /** The open alerts this person was told of (the popup's notice). */
  myAlerts: (s: StoredSession) => ['myAlerts', s.serviceUrl, s.account.id] as const,
  /** The org's audit log (Activity); every change to the org connection adds to it. */
  audit: (s: StoredSession) => ['audit', s.serviceUrl, s.account.id] as const,
  approvalInfo: (serviceUrl: string, linkToken: string) =>
    ['approvalInfo', serviceUrl, linkToken] as const,
};

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: PAGE_DATA_STALE_MS,
        // A 4xx will not change on retry; a network blip might.
        retry: (failures, error) => failures < 2 && isApiError(error) && error.status === 0,
        refetchOnWindowFocus: true,
      },
    },
  });
}

/** A call with this session's token, through the pages' common client. */
export function authed<T>(session: StoredSession, call: (api: ApiClient) => Promise<T>) {
  return signedInCall(session, createApiClient, call);
}

export function summarizeOrgZoom(org: OrgZoomResponse): OrgZoomSummary {
  return { state: org.state, pendingLinkExpiresAt: org.pendingLink?.expiresAt ?? null };
}

async function saveSnapshot(
  session: StoredSession,
  part: { me: MeResponse } | { org: OrgZoomSummary },
): Promise<void> {
  const previous = await popupSnapshotItem.getValue();
  const same =
    previous?.accountId === session.account.id && previous.serviceUrl === session.serviceUrl;
  await popupSnapshotItem.setValue({
    accountId: session.account.id,
    serviceUrl: session.serviceUrl,
    me: same ? previous.me : null,
    org: same ? previous.org : null,
    ...part,
    savedAt: Date.now(),
  });
}

export const meQuery = (session: StoredSession) =>
  queryOptions({
    queryKey: queryKeys.me(session),
    queryFn: async () => {
      const me = await authed(session, (api) => api.me());
      // Not awaited: the answer paints now, the snapshot is for the next open.
      void saveSnapshot(session, { me }).catch(() => {});
      return me;
    },
  });

export const orgZoomQuery = (session: StoredSession) =>
  queryOptions({
    queryKey: queryKeys.orgZoom(session),
    queryFn: () => authed(session, (api) => api.orgZoom()),
  });

export const orgSummaryQuery = (session: StoredSession) =>
  queryOptions({
    queryKey: queryKeys.orgSummary(session),
    queryFn: async () => {
      const org = summarizeOrgZoom(await authed(session, (api) => api.orgZoom()));
      void saveSnapshot(session, { org }).catch(() => {});
      return org;
    },
  });

/** Seeds the popup's queries from the last snapshot so it paints before the network answers. */
export function restorePopupSnapshot(
  client: QueryClient,
  session: StoredSession,
  snapshot: PopupSnapshot | null,
): void {
  if (snapshot?.accountId !== session.account.id || snapshot.serviceUrl !== session.serviceUrl) {
    return;
  }
  const updatedAt = snapshot.savedAt;
  if (snapshot.me) client.setQueryData(queryKeys.me(session), snapshot.me, { updatedAt });
  if (snapshot.org) client.setQueryData(queryKeys.orgSummary(session), snapshot.org, { updatedAt });
}

export function useMe(session: StoredSession) {
  return useQuery({ ...meQuery(session), enabled: useAfterMembers() });
}

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

/** The open incidents this person was told of: their personal Zoom broke, the org's is down. */
export function useMyAlerts(session: StoredSession) {
  return useQuery({
    queryKey: queryKeys.myAlerts(session),
    queryFn: () => authed(session, (api) => api.myAlerts()),
  });
}

export function useOrgSummary(session: StoredSession) {
  return useQuery({ ...orgSummaryQuery(session), enabled: isAdmin(session) });
}

export function useApprovalInfo(serviceUrl: string, linkToken: string) {
  return useQuery({
    queryKey: queryKeys.approvalInfo(serviceUrl, linkToken),
    queryFn: () => createApiClient({ serviceUrl }).approvalInfo(linkToken),
    enabled: linkToken !== '',
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useSignIn(serviceUrl: string) {
  return useMutation({ mutationFn: (body: SignInBody) => signIn(serviceUrl, body) });
}
