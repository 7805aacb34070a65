import { createRoot } from 'react-dom/client';
import { mountPoint } from '@/components/mount-point';
import { OptionsPage } from '@/components/options-page';
import { QueryProvider } from '@/components/query-provider';
import type { SessionValues } from '@/lib/extension/pages/page-start';

export function mountOptions(start: SessionValues) {
  createRoot(mountPoint()).render(
    <QueryProvider>
      <OptionsPage start={start} />
    </QueryProvider>,
  );
}
