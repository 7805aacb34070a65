import type {
  Account,
  MeetingView,
  Membership,
  MembersResponse,
  MeResponse,
} from '../../contracts/api';
import type { AuthFlowStatus } from '../../contracts/messages';
import type { OrgConnectionState } from '../../domain/effective-connection';
import { defineItem } from './storage';

/**
 * Every storage item the extension uses, in one place. Areas are chosen on purpose:
 * `local:` survives a browser restart (on disk, unencrypted), `session:` lives in memory and is
 * readable only by the extension's own pages and worker.
 */

export interface StoredSession {
  token: string;
  account: Account;
  membership: Membership;
  /** The service that issued the token: a session is never sent to another service URL. */
  serviceUrl: string;
}

/** The session token must survive browser restarts, so it lives in `local:`. */
export const sessionItem = defineItem<StoredSession | null>('local:session', {
  fallback: null,
});

export const authFlowItem = defineItem<AuthFlowStatus | null>('session:authFlow', {
  fallback: null,
});

/**
 * The meeting just created, so reopening the popup (it closes as soon as the member clicks
 * elsewhere to paste) still shows the link and invitation. In memory only, for one account.
 */
export interface LastMeeting {
  accountId: string;
  meeting: MeetingView;
  savedAt: number;
}
export const lastMeetingItem = defineItem<LastMeeting | null>('session:lastMeeting', {
  fallback: null,
});

export interface ResolvedServiceUrl {
  url: string;
  source: 'build' | 'policy';
  /** A policy value was set but refused (not an https URL); the build URL is used instead. */
  policyRejected: boolean;
}

/**
 * Written by the background from build config + enterprise policy. Pages read this instead of
 * `managed:` because the first managed read after browser start can block for ~3 s.
 */
export const resolvedServiceUrlItem = defineItem<ResolvedServiceUrl | null>('local:serviceUrl', {
  fallback: null,
});

/** Enterprise policy (public/managed_schema.json). Read by the background only. */
export const policyServiceUrlItem = defineItem<unknown>('managed:serviceUrl', {
  fallback: null,
});

export interface OrgZoomSummary {
  state: OrgConnectionState;
  pendingLinkExpiresAt: string | null;
}

/**
 * The popup's last view, so it paints before the network answers. Holds no token: the approval
 * link URL (a credential) is reduced to its expiry.
 */
export interface PopupSnapshot {
  accountId: string;
  serviceUrl: string;
  me: MeResponse | null;
  org: OrgZoomSummary | null;
  savedAt: number;
}

export const popupSnapshotItem = defineItem<PopupSnapshot | null>('local:popupSnapshot', {
  fallback: null,
});

/**
 * The member table's first page as an admin last saw it (default sort, no search or filter), so
 * the console shows rows as soon as React renders and refreshes them when stale. In the session
 * area: kept in memory only (never written to disk, gone when the browser closes) and readable
 * by the extension's own pages and worker alone, not content scripts.
 */
export interface KeptMembersPage {
  accountId: string;
  serviceUrl: string;
  page: MembersResponse;
  savedAt: number;
}

export const keptMembersPageItem = defineItem<KeptMembersPage | null>(
  'session:memberTableFirstPage',
  { fallback: null },
);

/**
 * The alerts (incident ids) the background already showed as a desktop notification, so each
 * incident is shown once however often the badge refreshes (lib/extension/worker/alert-notifications.ts).
 */
export const shownAlertIdsItem = defineItem<string[]>('local:shownAlertIds', {
  fallback: [],
});
