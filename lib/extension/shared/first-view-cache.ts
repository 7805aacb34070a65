/**
 * What the popup's first paint shows (components/popup-first-paint.ts): whose popup it is, and
 * their Zoom as their own last snapshot had it, already put in words; null is "Loading…"
 * (signed out, or nothing known yet). Strings only: no token, nothing the page cannot show.
 *
 * The last one is kept in the extension origin's localStorage: a page reads it without a round
 * trip to the browser process, which chrome.storage needs and which takes 2–20 ms while a page
 * opens. The popup's start script paints it at once, then checks it against chrome.storage and
 * paints the truth over it if anything differs (after a sign-out by the worker, which has no
 * localStorage, say). Only this extension's own pages can read this origin's storage.
 */
export interface ZoomStatusView {
  title: string;
  connected: boolean;
  /** The Zoom account's email, when connected. */
  email: string | null;
  /** Connected on the organization's Zoom while the personal one needs reconnecting. */
  notice: string | null;
  /** Why there is no Zoom, and what this reader can do about it. */
  reason: string | null;
  action: string | null;
}

export interface FirstView {
  accountId: string;
  serviceUrl: string;
  orgName: string;
  zoom: ZoomStatusView | null;
}

export const FIRST_VIEW_KEY = 'orgZoomConnect.popupFirstView.v1';

function store(): Storage | null {
  // The background worker has no localStorage; pages always do.
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The last first view; undefined when none is kept, or what is kept is not one. */
export function readFirstView(): FirstView | null | undefined {
  try {
    const raw = store()?.getItem(FIRST_VIEW_KEY);
    if (raw == null) return undefined;
    const value: unknown = JSON.parse(raw);
    return value === null || isFirstView(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `view` is the one kept (as the start script painted it, if it painted one). */
export function isKept(view: FirstView | null): boolean {
  try {
    return store()?.getItem(FIRST_VIEW_KEY) === JSON.stringify(view);
  } catch {
    return false;
  }
}

/** Kept for the next open; null after a sign-out. A no-op in the worker. */
export function writeFirstView(view: FirstView | null): void {
  try {
    store()?.setItem(FIRST_VIEW_KEY, JSON.stringify(view));
  } catch {
    // Full or disabled storage: the next open paints after the chrome.storage read instead.
  }
}

type Fields = Record<string, unknown>;
const texts = (v: Fields, keys: string[], orNull = false) =>
  keys.every((k) => typeof v[k] === 'string' || (orNull && v[k] === null));

/** What the paint puts on screen is text: a kept value is drawn only if every part is. */
function isFirstView(value: unknown): value is FirstView {
  const v = (value ?? 0) as Fields;
  const zoom = (v.zoom ?? 0) as Fields;
  return (
    texts(v, ['accountId', 'serviceUrl', 'orgName']) &&
    (v.zoom === null ||
      (texts(zoom, ['title']) &&
        typeof zoom.connected === 'boolean' &&
        texts(zoom, ['email', 'notice', 'reason', 'action'], true)))
  );
}
