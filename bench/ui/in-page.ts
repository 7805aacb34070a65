/**
 * Code the bench runs inside extension pages, kept as source text: tsx (esbuild with keepNames)
 * wraps named inner functions in `__name(…)`, which does not exist in the page, so a TypeScript
 * function handed to Playwright's evaluate would throw there.
 */

/** A page is ready when `text` is in its DOM, or `selector` matches. */
export interface ReadyTarget {
  path: string;
  text?: string;
  selector?: string;
}

/**
 * An init script (it runs before the page's own scripts): on a page whose path has a target,
 * a MutationObserver records `window.__benchReadyAt` = performance.now() (ms since navigation
 * start) in the batch of DOM changes that makes the target appear. The same for a figure and
 * its floor, so both are timed from navigation start to the text in the DOM.
 */
export function readyMarkScript(targets: ReadyTarget[]): string {
  return `(() => {
  const targets = ${JSON.stringify(targets)};
  if (location.protocol !== 'chrome-extension:') return;
  const target = targets.find((t) => t.path === location.pathname);
  if (!target) return;
  const observer = new MutationObserver(() => {
    const ready = target.selector
      ? document.querySelector(target.selector) !== null
      : (document.body ? document.body.textContent : '').includes(target.text);
    if (!ready || window.__benchReadyAt !== undefined) return;
    window.__benchReadyAt = performance.now();
    observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();`;
}

type BenchWindow = Window & {
  __benchReadyAt?: number;
  __benchSearch?: { start?: number; end?: number };
};

/**
 * Predicates for waitForFunction are functions: a string predicate is eval'ed in the page,
 * which the extension's CSP (script-src 'self') refuses. No inner named functions (see above).
 */
export const readyAt = () => (window as BenchWindow).__benchReadyAt;

/**
 * Arms a search timing on the options page: from the search box's first input event (its
 * timeStamp, on the performance.now() clock) to the DOM change that puts a row named `q` first
 * in the member table. Every query names other members than the last, so the rows on screen
 * before the answer never match.
 */
export function armSearchScript(q: string): string {
  return `(() => {
  const q = ${JSON.stringify(q.toLowerCase())};
  const state = { start: undefined, end: undefined };
  window.__benchSearch = state;
  document.addEventListener('input', (event) => {
    if (state.start === undefined) state.start = event.timeStamp;
  }, { capture: true, once: true });
  const observer = new MutationObserver(() => {
    const cell = document.querySelector('tbody tr[aria-rowindex] td');
    if (state.start === undefined || !cell || cell.textContent.toLowerCase() !== q) return;
    state.end = performance.now();
    observer.disconnect();
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
})()`;
}

export const searchDone = () => {
  const s = (window as BenchWindow).__benchSearch;
  return s?.end !== undefined && s.start !== undefined && s.end - s.start;
};

/** One fetch of `url` with the bearer token, body read as JSON: ms from call to parsed body. */
export function timedFetchScript(url: string, token: string): string {
  return `(async () => {
  const started = performance.now();
  const res = await fetch(${JSON.stringify(url)}, { headers: { authorization: 'Bearer ' + ${JSON.stringify(token)} } });
  await res.json();
  const ms = performance.now() - started;
  if (!res.ok) throw new Error('GET ' + res.url + ': ' + res.status);
  return ms;
})()`;
}

/** One runtime message to the background: ms from sendMessage to the reply. */
export function timedMessageScript(message: unknown): string {
  return `(async () => {
  const started = performance.now();
  const reply = await chrome.runtime.sendMessage(${JSON.stringify(message)});
  const ms = performance.now() - started;
  if (!reply || reply.ok !== true) throw new Error('reply: ' + JSON.stringify(reply));
  return ms;
})()`;
}

export function removeSessionStorageScript(keys: string[]): string {
  return `chrome.storage.session.remove(${JSON.stringify(keys)})`;
}

export function setStorageScript(items: Record<string, unknown>): string {
  return `chrome.storage.local.set(${JSON.stringify(items)})`;
}

/** Removes `keys` from chrome.storage.local and `localKeys` from the origin's localStorage. */
export function removeStorageScript(keys: string[], localKeys: string[] = []): string {
  return `(() => {
  for (const key of ${JSON.stringify(localKeys)}) localStorage.removeItem(key);
  return chrome.storage.local.remove(${JSON.stringify(keys)});
})()`;
}

/**
 * BENCH_TRACE=1: what one open did, on the page's clock (ms from navigation start): DOM
 * interactive and DOMContentLoaded end, each request's start and end, the page's own
 * performance marks, and the ready mark. Extension files are not listed (Chromium does not
 * report chrome-extension:// resources); the gap between DOMContentLoaded and ready is the
 * page's own work.
 */
export const traceScript = `JSON.stringify({
  nav: ((n) => [Math.round(n.domInteractive), Math.round(n.domContentLoadedEventEnd)])(performance.getEntriesByType('navigation')[0]),
  requests: performance.getEntriesByType('resource').map((e) => [e.name.replace(/^.*\\/api\\//, ''), Math.round(e.startTime), Math.round(e.responseEnd)]),
  marks: performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]),
  ready: Math.round(window.__benchReadyAt ?? -1),
})`;
