import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { paintPopupFirstView } from '@/components/popup-first-paint';
import { readFirstView } from '@/lib/extension/shared/first-view-cache';

// popup.html runs this classic script right after #root, before any module script has run: it
// paints the first view the last open kept (first-view-cache.ts, in localStorage: no round trip
// to the browser process) with the DOM alone (popup-first-paint.ts). The popup's module entry
// (popup/main.ts) then reads chrome.storage, takes this paint off if it is not what storage
// says, and brings React and the rest of the popup over it.
export default defineUnlistedScript(() => {
  const kept = readFirstView();
  if (kept === undefined) return;
  // In <head>: it runs as the HTML arrives, and paints once #root has been parsed.
  const paint = () => {
    const root = document.getElementById('root');
    if (root) paintPopupFirstView(root, kept);
  };
  if (document.readyState !== 'loading') paint();
  else document.addEventListener('readystatechange', paint, { once: true });
});
