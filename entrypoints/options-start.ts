import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { consoleFirstView, paintConsoleFirstView } from '@/components/console-first-paint';
import { beginOptionsPage, handOverOptionsStart } from '@/lib/extension/pages/page-start';
import { preloadRest } from '@/lib/extension/pages/preload-rest';

// options.html loads this classic script first, deferred: it runs as soon as the HTML is parsed,
// before any module script. It reads storage and sends the member table's first request at once
// (page-start.ts), hands both to the page's module entry (options/main.tsx), and paints the
// console as React's first render will show it (console-first-paint.ts): the member table from
// the page the last open kept. React then renders over it in the same element.
export default defineUnlistedScript(() => {
  const started = beginOptionsPage();
  handOverOptionsStart(started);
  preloadRest();
  void started.then((values) => {
    const root = document.getElementById('root');
    const view = consoleFirstView(values);
    // Not over React, should the console already have rendered.
    if (root && view && root.childElementCount === 0) paintConsoleFirstView(root, view);
  });
});
