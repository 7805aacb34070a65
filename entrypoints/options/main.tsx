import '@/components/theme.css';
import '@/components/console.css';
import { startOptionsPage } from '@/lib/extension/pages/page-start';

// An admin opens the console for the member table. This entry holds only the storage read (with
// the table's first page as the last open kept it) and, unless that is fresh, the table's first
// request (page-start.ts), sent before React and the console have been evaluated; they load
// meanwhile (preloaded from options.html) and render once both are there.
const started = startOptionsPage();
const app = import('./app');
void Promise.all([started, app]).then(([start, { mountOptions }]) => mountOptions(start));
