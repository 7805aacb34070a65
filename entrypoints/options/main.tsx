import '@/components/theme.css';
import '@/components/console.css';
import { dropFirstPaint } from '@/components/console-first-paint';
import { startOptionsPage } from '@/lib/extension/pages/page-start';

// An admin opens the console for the member table. The page's start script (options-start.ts)
// has read storage (with the table's first page as the last open kept it), sent the table's first
// request (page-start.ts) and painted the console from them; this entry takes what it began (or
// begins the same, should it not have run) while React and the console load (preloaded by
// the start script), and renders the console over the paint once both are there.
const started = startOptionsPage();
const app = import('./app');
void Promise.all([started, app])
  .then(([start, { mountOptions }]) => mountOptions(start))
  .catch((error: unknown) => {
    // The start script's picture of the console must not stay up as if it worked.
    const root = document.getElementById('root');
    if (root) dropFirstPaint(root);
    throw error;
  });
