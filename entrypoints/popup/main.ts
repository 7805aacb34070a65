import '@/components/theme.css';
import { mountPoint } from '@/components/mount-point';
import { settleFirstView } from '@/components/settle-first-view';
import { startPopup } from '@/lib/extension/pages/page-start';

// The popup opens on what a member opens it for: which Zoom they are on. Its start script
// (popup-start.ts) has painted the view the last open kept. This entry reads chrome.storage
// (sending at once whatever the snapshot lacks, page-start.ts) while React and the rest of the
// popup (preloaded by the start script) are evaluated, takes the first paint off if it is not what
// storage says (settleFirstView), and renders the popup over it in the same element.
const app = import('./app');
void startPopup().then(async (start) => {
  settleFirstView(mountPoint(), start);
  (await app).renderPopup(start);
});
