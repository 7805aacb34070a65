import '@/components/theme.css';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { mountPoint } from '@/components/mount-point';
import { PopupFirstPaint } from '@/components/popup-first-paint';
import { paintsStatus, startPopup } from '@/lib/extension/pages/page-start';

// The popup opens on what a member opens it for: which Zoom they are on. That first paint needs
// one storage read and React alone (popup-first-paint.tsx); the rest of the popup (actions,
// forms, the service client and its zod contracts) loads after it has been committed, so its
// evaluation does not delay it, or at once when there is nothing yet to paint (then the request
// page-start.ts sends is on its way meanwhile). It takes over the same root.
void startPopup().then(async (start) => {
  const app = paintsStatus(start) ? null : import('./app');
  const root = createRoot(mountPoint());
  flushSync(() => root.render(<PopupFirstPaint start={start} />));
  (await (app ?? import('./app'))).renderPopup(root, start);
});
