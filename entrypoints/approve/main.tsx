import '@/components/theme.css';
import '@/components/console.css';
import { createRoot } from 'react-dom/client';
import { ApprovalPage } from '@/components/approval-page';
import { mountPoint } from '@/components/mount-point';
import { QueryProvider } from '@/components/query-provider';
import { linkTokenFromHash } from '@/lib/extension/shared/page-actions';

function App() {
  return <ApprovalPage linkToken={linkTokenFromHash(window.location.hash)} />;
}

// The hash is the credential; a new one (another link opened in this tab) means a new page.
window.addEventListener('hashchange', () => window.location.reload());

createRoot(mountPoint()).render(
  <QueryProvider>
    <App />
  </QueryProvider>,
);
