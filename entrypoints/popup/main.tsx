import '@/components/theme.css';
import { startPopup } from '@/lib/extension/pages/page-start';

// The storage read (and a request the snapshot cannot answer) starts before React and the
// popup's code load; app.tsx, imported meanwhile, renders once with what the read found.
const started = startPopup();
void import('./app').then(async ({ mountPopup }) => mountPopup(await started));
