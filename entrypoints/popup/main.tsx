import '@/components/theme.css';
import { createRoot } from 'react-dom/client';
import { mountPoint } from '@/components/mount-point';
import { PopupPage } from '@/components/popup-page';
import { QueryProvider } from '@/components/query-provider';

createRoot(mountPoint()).render(
  <QueryProvider>
    <PopupPage />
  </QueryProvider>,
);
