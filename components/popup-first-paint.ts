import type { FirstView, ZoomStatusView } from '../lib/extension/shared/first-view-cache';
import { h, loadingState } from './dom-paint';

/**
 * The popup's first paint, drawn by its start script (entrypoints/popup-start.ts) with the DOM
 * alone, before React and the rest of the popup have loaded: the org's name and the member's Zoom
 * from their own last snapshot (`view`, first-view-cache.ts), or "Loading…" (null). The full
 * popup (popup-page.tsx) then renders into the same element; its first render shows these parts
 * in the same markup (PopupTitle, YourZoomCard, MyZoomStatus, LoadingState: a test holds them
 * equal), so taking over changes nothing on screen. Text goes in as text nodes only.
 */
export function paintPopupFirstView(container: HTMLElement, view: FirstView | null): void {
  const main = h('main', { class: 'popup' });
  if (!view) {
    main.append(loadingState());
  } else {
    main.append(
      h(
        'div',
        { class: 'row' },
        h('h1', { class: 'popup-title' }, view.orgName),
        h('span', { class: 'spacer' }),
      ),
      h(
        'section',
        { class: 'card stack', 'aria-label': 'Your Zoom' },
        view.zoom ? myZoomStatus(view.zoom) : loadingState(),
      ),
    );
  }
  container.replaceChildren(main);
}

/** MyZoomStatus (my-zoom-status.tsx). */
function myZoomStatus(view: ZoomStatusView): HTMLElement {
  return h(
    'div',
    { class: 'stack' },
    h(
      'div',
      { class: 'row' },
      h('strong', {}, view.title),
      view.connected
        ? h('span', { class: 'status status-ok' }, 'Connected')
        : h('span', { class: 'status status-off' }, 'Not connected'),
    ),
    view.email && h('span', { class: 'small muted' }, view.email),
    view.notice && h('p', { class: 'notice notice-warn' }, view.notice),
    view.reason && h('p', { class: 'small' }, view.reason),
    view.action && h('p', { class: 'small muted' }, view.action),
  );
}
