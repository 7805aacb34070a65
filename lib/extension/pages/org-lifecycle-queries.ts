import {
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { CheckNowResponse, OrgZoomResponse } from '../../contracts/api';
import { sendToBackground } from '../shared/messaging';
import { authFlowItem, type StoredSession } from '../shared/storage-items';
import { alertKeys } from './alert-queries';
import { authedConsole } from './console-api';
import { invalidateMemberData, meResource, orgSummaryResource } from './member-data';
import { memberKeys } from './member-queries';
import { useAfterMembers } from './members-first';
import { isAdmin, queryKeys, useOrgZoom } from './queries';
import { type Resources, useResources } from './resource';
import { useSingleFlightMutation } from './single-flight';

/** The org connection's lifecycle in the console: Check now, disconnect, revoke, activity (issue #4). */

export const AUDIT_PAGE_SIZE = 25;

export const lifecycleKeys = {
  disconnectImpact: (s: StoredSession) => ['disconnectImpact', s.serviceUrl, s.account.id] as const,
  repairProgress: (s: StoredSession) => ['repairProgress', s.serviceUrl, s.account.id] as const,
  audit: queryKeys.audit,
};

/**
 * Everything that shows the org connection's state or its effect on members. The badge lives in
 * the background worker, so it is asked to refresh rather than invalidated.
 */
async function refreshAfterOrgChange(
  client: QueryClient,
  resources: Resources,
  session: StoredSession,
  { orgZoomFresh = false } = {},
): Promise<void> {
  await Promise.all([
    orgZoomFresh || client.invalidateQueries({ queryKey: queryKeys.orgZoom(session) }),
    invalidateMemberData(resources, session),
    client.invalidateQueries({ queryKey: memberKeys.all(session) }),
    client.invalidateQueries({ queryKey: lifecycleKeys.audit(session) }),
    client.invalidateQueries({ queryKey: lifecycleKeys.repairProgress(session) }),
    client.invalidateQueries({ queryKey: alertKeys.org(session) }),
  ]);
  void sendToBackground({ type: 'badge/refresh' });
}

/** While a link is pending, how often the open console asks whether a Zoom admin approved it. */
export const PENDING_POLL_MS = 2_000;

/**
 * The org connection as the open console shows it, kept true without a reload: while a link is
 * pending it asks the service every few seconds (the Zoom admin may approve in any browser), and
 * when the background ends an approval flow it ran (it writes the flow's end to storage, which
 * every open page sees) everything that shows the org's Zoom is refreshed at once.
 */
export function useLiveOrgZoom(session: StoredSession) {
  const client = useQueryClient();
  const resources = useResources();
  const org = useOrgZoom(session, { pollWhilePendingMs: PENDING_POLL_MS });
  const state = org.data?.state;
  const previous = useRef(state);
  useEffect(() => {
    const approved = previous.current === 'pending_approval' && state === 'active';
    previous.current = state;
    if (approved) void refreshAfterOrgChange(client, resources, session, { orgZoomFresh: true });
  }, [client, session, state, resources]);
  useEffect(
    () =>
      authFlowItem.watch((flow) => {
        if (flow?.kind === 'org' && flow.phase === 'finished') {
          void refreshAfterOrgChange(client, resources, session);
        }
      }),
    [client, session, resources],
  );
  return org;
}

function withoutCheck({ check: _check, ...org }: CheckNowResponse): OrgZoomResponse {
  return org;
}

/** "Check now": the answer carries the fresh org view, so the card updates without a refetch. */
export function useCheckOrgZoom(session: StoredSession) {
  const client = useQueryClient();
  const resources = useResources();
  return useSingleFlightMutation({
    mutationFn: () => authedConsole(session, (api) => api.checkOrgZoom()),
    onSuccess: async (result) => {
      client.setQueryData(queryKeys.orgZoom(session), withoutCheck(result));
      await refreshAfterOrgChange(client, resources, session, { orgZoomFresh: true });
    },
  });
}

/** Loaded only while the Disconnect dialog is open, and fresh each time it opens. */
/** While upcoming meetings are being moved, how often the console asks how far it got. */
export const REPAIR_POLL_MS = 2_000;

/** Upcoming bookings getting new meetings after a Zoom change: asked again while any wait. */
export function useRepairProgress(session: StoredSession) {
  const afterMembers = useAfterMembers();
  return useQuery({
    queryKey: lifecycleKeys.repairProgress(session),
    queryFn: () => authedConsole(session, (api) => api.repairProgress()),
    enabled: isAdmin(session) && afterMembers,
    refetchInterval: (query) => ((query.state.data?.pending ?? 0) > 0 ? REPAIR_POLL_MS : false),
  });
}

export function useDisconnectImpact(session: StoredSession, enabled: boolean) {
  return useQuery({
    queryKey: lifecycleKeys.disconnectImpact(session),
    queryFn: () => authedConsole(session, (api) => api.disconnectImpact()),
    enabled: enabled && isAdmin(session),
    staleTime: 0,
    gcTime: 0,
  });
}

export function useDisconnectOrgZoom(session: StoredSession) {
  const client = useQueryClient();
  const resources = useResources();
  return useSingleFlightMutation({
    mutationFn: () => authedConsole(session, (api) => api.disconnectOrgZoom()),
    onSuccess: () => refreshAfterOrgChange(client, resources, session),
  });
}

export function useRevokeApprovalLink(session: StoredSession) {
  const client = useQueryClient();
  const resources = useResources();
  return useSingleFlightMutation({
    mutationFn: () => authedConsole(session, (api) => api.revokeApprovalLink()),
    onSuccess: () => refreshAfterOrgChange(client, resources, session),
  });
}

/** The audit trail, newest first; each "Show older" asks for entries before the last one shown. */
export function useAuditLog(session: StoredSession) {
  const afterMembers = useAfterMembers();
  return useInfiniteQuery({
    queryKey: lifecycleKeys.audit(session),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) =>
      authedConsole(session, (api) => api.auditLog({ limit: AUDIT_PAGE_SIZE, before: pageParam })),
    getNextPageParam: (page) => page.nextBefore,
    enabled: isAdmin(session) && afterMembers,
  });
}

export function useCreateApprovalLink(session: StoredSession) {
  const client = useQueryClient();
  const resources = useResources();
  return useSingleFlightMutation({
    mutationFn: () => authedConsole(session, (api) => api.createApprovalLink()),
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.orgZoom(session) }),
        orgSummaryResource(resources, session).invalidate(),
        client.invalidateQueries({ queryKey: queryKeys.audit(session) }),
      ]);
      void sendToBackground({ type: 'badge/refresh' });
    },
  });
}

/** "Allow users to remove the org-level connection": optimistic, rolled back on error. */
export function useOrgRemovalSetting(session: StoredSession) {
  return useOrgSetting(session, 'allowMemberRemoval');
}

/** "Make Zoom the default location for new event types": optimistic, rolled back on error. */
export function useZoomDefaultLocationSetting(session: StoredSession) {
  return useOrgSetting(session, 'zoomDefaultLocation');
}

function useOrgSetting(session: StoredSession, name: keyof OrgZoomResponse['settings']) {
  const client = useQueryClient();
  const resources = useResources();
  const key = queryKeys.orgZoom(session);
  return useMutation({
    mutationFn: (value: boolean) =>
      authedConsole(session, (api) => api.updateOrgSettings({ [name]: value })),
    onMutate: async (value) => {
      await client.cancelQueries({ queryKey: key });
      const previous = client.getQueryData<OrgZoomResponse>(key);
      if (previous) {
        client.setQueryData<OrgZoomResponse>(key, {
          ...previous,
          settings: { ...previous.settings, [name]: value },
        });
      }
      return { previous };
    },
    onError: (_error, _value, context) => {
      if (context?.previous) client.setQueryData(key, context.previous);
    },
    onSuccess: (org) => {
      client.setQueryData(key, org);
      // The admin's own Zoom view depends on the settings too, and so do new event types.
      void meResource(resources, session).invalidate();
      void client.invalidateQueries({ queryKey: ['eventTypes'] });
    },
  });
}
