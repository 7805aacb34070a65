import { createRoot } from 'react-dom/client';
import { mountPoint } from '@/components/mount-point';
import { PopupPage } from '@/components/popup-page';
import { QueryProvider } from '@/components/query-provider';
import type { PopupValues } from '@/lib/extension/pages/page-start';

export function mountPopup(start: PopupValues) {
  createRoot(mountPoint()).render(
    <QueryProvider>
      <PopupPage start={start} />
    </QueryProvider>,
  );
}
