import { createRoot } from 'react-dom/client';
import { mountPoint } from '@/components/mount-point';
import { PopupPage } from '@/components/popup-page';
import type { PopupValues } from '@/lib/extension/pages/page-start';
import { ResourcesProvider } from '@/lib/extension/pages/resource';

export function mountPopup(start: PopupValues) {
  createRoot(mountPoint()).render(
    <ResourcesProvider>
      <PopupPage start={start} />
    </ResourcesProvider>,
  );
}
