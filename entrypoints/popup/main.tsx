import '@/components/theme.css';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { mountPoint } from '@/components/mount-point';
import { PopupFirstPaint } from '@/components/popup-first-paint';
import { startPopup } from '@/lib/extension/pages/page-start';

// The popup opens on what a member opens it for: which Zoom they are on. That first paint needs
// one storage read and React alone (popup-first-paint.tsx). The rest of the popup (actions,
// forms, the service client and its zod contracts) is asked for at the same time, so it loads
// while storage is read and the request page-start.ts sends is on its way; it takes over the
// same root once the first paint has been committed.
const app = import('./app');
void startPopup().then(async (start) => {
  const root = createRoot(mountPoint());
  flushSync(() => root.render(<PopupFirstPaint start={start} />));
  (await app).renderPopup(root, start);
});
