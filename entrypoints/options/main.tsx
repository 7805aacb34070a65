import '@/components/theme.css';
import '@/components/console.css';
import { startOptionsPage } from '@/lib/extension/pages/page-start';
import { mountOptions } from './app';

// One module graph, all of it preloaded from options.html (see popup/main.tsx); for an admin
// the member table's first request is sent before React renders anything.
void startOptionsPage().then(mountOptions);
