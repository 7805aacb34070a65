import '@/components/theme.css';
import { startOptionsPage } from '@/lib/extension/pages/page-start';

// The storage read, and for an admin the member table's first request, start before React and
// the console load; app.tsx, imported meanwhile, renders once with what the read found.
const started = startOptionsPage();
void import('./app').then(async ({ mountOptions }) => mountOptions(await started));
