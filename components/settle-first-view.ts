import type { PopupValues } from '../lib/extension/pages/page-start';
import { isKept, writeFirstView } from '../lib/extension/shared/first-view-cache';
import { firstViewOf } from './my-zoom-status-view';

/**
 * Once chrome.storage has answered (the popup's module entry): if the view the start script
 * painted is not what storage says (the worker signed out, another account signed in), it comes
 * off the screen at once rather than stay up as if true until React renders; and what storage
 * says is kept for the next open.
 */
export function settleFirstView(container: HTMLElement, start: PopupValues): void {
  const view = firstViewOf(start);
  if (isKept(view)) return;
  container.replaceChildren();
  writeFirstView(view);
}
