import { endpoint, sendEarly } from '../shared/early-fetch';
import { pageGlobal } from '../shared/page-global';
import { isAdmin, sessionState } from '../shared/session-state';
import { getItems } from '../shared/storage';
import {
  type KeptMembersPage,
  keptMembersPageItem,
  type PopupSnapshot,
  popupSnapshotItem,
  type ResolvedServiceUrl,
  resolvedServiceUrlItem,
  type StoredSession,
  sessionItem,
} from '../shared/storage-items';
import { firstMembersPath } from './members-path';

/**
 * What the popup and the options page do first, from their entry point, before React renders
 * anything: one storage read, and the first request the page will make sent at once
 * (early-fetch.ts). The page then renders its first view from these values, instead of
 * rendering "Loading…" and reading storage from an effect.
 */

/** How long the pages' answers stay fresh (react-query's staleTime, queries.ts). */
export const PAGE_DATA_STALE_MS = 30_000;

export const sessionItems = [resolvedServiceUrlItem, sessionItem] as const;
export type SessionValues = [ResolvedServiceUrl | null, StoredSession | null];

export const popupItems = [resolvedServiceUrlItem, sessionItem, popupSnapshotItem] as const;
export type PopupValues = [ResolvedServiceUrl | null, StoredSession | null, PopupSnapshot | null];

function bearer(session: StoredSession): string {
  return `Bearer ${session.token}`;
}

export const optionsItems = [resolvedServiceUrlItem, sessionItem, keptMembersPageItem] as const;
export type OptionsValues = [...SessionValues, KeptMembersPage | null];

/**
 * Options page: an admin's console opens on the member table, so its first page goes first. The
 * page the last open kept comes with the same read: the table shows it at once, and this request
 * replaces it (members may have changed since, from anywhere).
 */
export async function beginOptionsPage(): Promise<OptionsValues> {
  const values: OptionsValues = await getItems(optionsItems);
  const [resolved, stored] = values;
  const state = sessionState(resolved, stored);
  if (state.status === 'signed_in' && isAdmin(state.session)) {
    sendEarly(endpoint(state.serviceUrl, firstMembersPath()), bearer(state.session));
  }
  return values;
}

/**
 * The options page's classic start script (entrypoints/options-start.ts) begins the page as the
 * HTML arrives and hands what it began to the page's module entry (page-global.ts).
 */
const optionsStart = () =>
  pageGlobal('optionsStart', () => ({ started: null as Promise<OptionsValues> | null }));

export function handOverOptionsStart(started: Promise<OptionsValues>): void {
  optionsStart().started = started;
}

/** What the start script began (taken once), or the same begun now if it did not run. */
export function startOptionsPage(): Promise<OptionsValues> {
  const handoff = optionsStart();
  const started = handoff.started;
  handoff.started = null;
  return started ?? beginOptionsPage();
}

/**
 * What a page kept from an earlier open (the popup's snapshot, the member table's first page) if
 * it is this account's, on this service; null if it is anyone else's.
 */
export function ownKept<T extends { accountId: string; serviceUrl: string }>(
  kept: T | null,
  session: StoredSession,
): T | null {
  return kept?.accountId === session.account.id && kept.serviceUrl === session.serviceUrl
    ? kept
    : null;
}

/** Who the popup's first paint is for and their Zoom from their own snapshot; null signed out. */
export function popupFirstView([resolved, stored, snapshot]: PopupValues) {
  const state = sessionState(resolved, stored);
  if (state.status !== 'signed_in') return null;
  return { session: state.session, me: ownKept(snapshot, state.session)?.me ?? null };
}

/** Whether the popup's snapshot is this account's and still fresh (then it is not refetched). */
function fresh(snapshot: PopupSnapshot | null, session: StoredSession, part: 'me' | 'org') {
  const own = ownKept(snapshot, session);
  return own !== null && own[part] !== null && Date.now() - own.savedAt < PAGE_DATA_STALE_MS;
}

/** Popup: paints from the snapshot; what the snapshot lacks, or has gone stale, is asked now. */
export async function startPopup(): Promise<PopupValues> {
  const values: PopupValues = await getItems(popupItems);
  const [resolved, stored, snapshot] = values;
  const state = sessionState(resolved, stored);
  if (state.status === 'signed_in') {
    const { session, serviceUrl } = state;
    if (!fresh(snapshot, session, 'me')) {
      sendEarly(endpoint(serviceUrl, '/api/me'), bearer(session));
    }
    if (isAdmin(session) && !fresh(snapshot, session, 'org')) {
      sendEarly(endpoint(serviceUrl, '/api/org/zoom'), bearer(session));
    }
  }
  return values;
}
