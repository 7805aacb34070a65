import { createRoot } from 'react-dom/client';
import { mountPoint } from '@/components/mount-point';
import { PopupPage } from '@/components/popup-page';
import { primePopup } from '@/lib/extension/pages/member-data';
import type { PopupValues } from '@/lib/extension/pages/page-start';
import { Resources, ResourcesProvider } from '@/lib/extension/pages/resource';

/** The full popup, in place of its first paint (main.ts, popup-first-paint.ts) in the same element. */
export function renderPopup(start: PopupValues) {
  const resources = new Resources();
  primePopup(resources, start);
  createRoot(mountPoint()).render(
    <ResourcesProvider resources={resources}>
      <PopupPage start={start} />
    </ResourcesProvider>,
  );
}
