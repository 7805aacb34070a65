import '@/components/theme.css';
import { startPopup } from '@/lib/extension/pages/page-start';
import { mountPopup } from './app';

// One module graph, all of it preloaded from popup.html, so React and the popup's code load in
// parallel with this entry (an import() here would fetch them only after this ran). The storage
// read (and a request the snapshot cannot answer) starts as soon as the graph has run.
void startPopup().then(mountPopup);
