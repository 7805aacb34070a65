import type {
  MemberZoom,
  MeResponse,
  OrgZoomResponse,
  PasswordResetRequestBody,
  SignInBody,
} from '../../contracts/api';
import { type ApiClient, createApiClient } from '../shared/api-client';
import { signedInCall, signIn } from '../shared/session';
import { isAdmin, sessionState } from '../shared/session-state';
import {
  type OrgZoomSummary,
  type PopupSnapshot,
  popupSnapshotItem,
  type StoredSession,
} from '../shared/storage-items';
import { useAfterMembers } from './members-first';
import { ownKept, type PopupValues } from './page-start';
import { type Resource, type Resources, useResource, useResources } from './resource';
import { useSingleFlightMutation } from './single-flight';

/**
 * The signed-in person's own data, shown by the popup and the options page alike: their Zoom
 * (`/api/me`) and, for admins, the org connection's summary. Without React Query (resource.ts).
 */

export { isAdmin };

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

/** Keys carry the service and account, so one person's data never shows for another. */
const keyOf = (what: string, s: StoredSession) => `${what}\n${s.serviceUrl}\n${s.account.id}`;

export function meResource(resources: Resources, session: StoredSession) {
  return resources.get(keyOf('me', session), async () => {
    const me = await authed(session, (api) => api.me());
    // Not awaited: the answer paints now, the snapshot is for the next open.
    void saveSnapshot(session, { me }).catch(() => {});
    return me;
  });
}

export function orgSummaryResource(resources: Resources, session: StoredSession) {
  return resources.get(keyOf('orgSummary', session), async () => {
    const org = summarizeOrgZoom(await authed(session, (api) => api.orgZoom()));
    void saveSnapshot(session, { org }).catch(() => {});
    return org;
  });
}

/** The open incidents this person was told of: their personal Zoom broke, the org's is down. */
export function myAlertsResource(resources: Resources, session: StoredSession) {
  return resources.get(keyOf('myAlerts', session), () => authed(session, (api) => api.myAlerts()));
}

/** After a change to the org connection: what the member and the popup summary show of it. */
export function invalidateMemberData(resources: Resources, session: StoredSession) {
  return Promise.all([
    meResource(resources, session).invalidate(),
    orgSummaryResource(resources, session).invalidate(),
    myAlertsResource(resources, session).invalidate(),
  ]);
}

/** A change answered with the member's new Zoom: shown at once, then confirmed by a refetch. */
export function updateMyZoom(
  resources: Resources,
  session: StoredSession,
  zoom: MemberZoom | null,
) {
  const me = meResource(resources, session);
  const shown = me.get().data;
  if (zoom && shown) me.setData({ ...shown, zoom });
  return me.invalidate();
}

/**
 * Seeds the popup's data from the last snapshot so it paints before the network answers. Never
 * over an answer newer than the snapshot (primePopup may have fetched one already).
 */
export function restorePopupSnapshot(
  resources: Resources,
  session: StoredSession,
  snapshot: PopupSnapshot | null,
): void {
  const own = ownKept(snapshot, session);
  if (!own) return;
  const seed = <T>(resource: Resource<T>, data: T | null) => {
    if (data !== null && resource.get().dataUpdatedAt < own.savedAt) {
      resource.setData(data, own.savedAt);
    }
  };
  seed(meResource(resources, session), own.me);
  seed(orgSummaryResource(resources, session), own.org);
}

/**
 * Before the full popup first renders: the snapshot seeded, and what it lacks or has gone stale
 * fetched now, so the answer to the request page-start.ts sent early is taken (and checked) as
 * soon as it lands, not after the first render's effects have run.
 */
export function primePopup(resources: Resources, [resolved, stored, snapshot]: PopupValues): void {
  const state = sessionState(resolved, stored);
  if (state.status !== 'signed_in') return;
  const { session } = state;
  restorePopupSnapshot(resources, session, snapshot);
  const wanted = isAdmin(session)
    ? [meResource(resources, session), orgSummaryResource(resources, session)]
    : [meResource(resources, session)];
  for (const resource of wanted) if (resource.isStale()) void resource.refetch();
}

export function useMe(session: StoredSession) {
  const enabled = useAfterMembers();
  return useResource(meResource(useResources(), session), { enabled });
}

export function useOrgSummary(session: StoredSession) {
  return useResource(orgSummaryResource(useResources(), session), { enabled: isAdmin(session) });
}

/** The member's event types as booking links (the popup's "Copy booking link"). */
export function bookingLinksResource(resources: Resources, session: StoredSession) {
  return resources.get(keyOf('bookingLinks', session), () =>
    authed(session, (api) => api.bookingLinks()),
  );
}

export function useBookingLinks(session: StoredSession) {
  return useResource(bookingLinksResource(useResources(), session));
}

export function useMyAlerts(session: StoredSession) {
  return useResource(myAlertsResource(useResources(), session));
}

export function useSignIn(serviceUrl: string) {
  return useSingleFlightMutation({ mutationFn: (body: SignInBody) => signIn(serviceUrl, body) });
}

/** "Forgot password?": the service answers the same whether or not the address has an account. */
export function useRequestPasswordReset(serviceUrl: string) {
  return useSingleFlightMutation({
    mutationFn: (body: PasswordResetRequestBody) =>
      createApiClient({ serviceUrl }).requestPasswordReset(body),
  });
}
