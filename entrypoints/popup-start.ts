import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { paintPopupFirstView } from '@/components/popup-first-paint';
import { preloadRest } from '@/lib/extension/pages/preload-rest';
import { readFirstView } from '@/lib/extension/shared/first-view-cache';

// popup.html loads this classic script first, deferred: it runs as soon as the HTML is parsed,
// before any module script. It paints the first view the last open kept (first-view-cache.ts,
// in localStorage: no round trip to the browser process) with the DOM alone
// (popup-first-paint.ts). The popup's module entry (popup/main.ts) then reads chrome.storage,
// takes this paint off if it is not what storage says, and brings React and the rest of the
// popup over it; this script has them preloaded once it has painted what was kept, if anything
// (preload-rest.ts).
export default defineUnlistedScript(() => {
  const kept = readFirstView();
  const root = document.getElementById('root');
  if (kept !== undefined && root) paintPopupFirstView(root, kept);
  preloadRest();
});
