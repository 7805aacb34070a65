import '@/components/theme.css';
import { createRoot } from 'react-dom/client';
import { mountPoint } from '@/components/mount-point';
import { OptionsPage } from '@/components/options-page';
import { QueryProvider } from '@/components/query-provider';

createRoot(mountPoint()).render(
  <QueryProvider>
    <OptionsPage />
  </QueryProvider>,
);
