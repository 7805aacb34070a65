/**
 * The rest of a page (React and the code its entry imports with import()) is preloaded by the
 * page's classic start script, not by its HTML: the build lists the files on the start script's
 * tag (`data-preload`, scripts/page-chunks.ts), and the script calls this once it has begun what
 * the first paint needs. Preloaded from the HTML, the files were fetched and compiled before the
 * start script ran, and it ran 20–25 ms later (README, Bench).
 */
export function preloadRest(): void {
  const tag = document.querySelector<HTMLScriptElement>('script[data-preload]');
  for (const href of tag?.dataset.preload?.split(' ') ?? []) {
    // crossOrigin as the module scripts have it, so the preloaded module is the one they use.
    const link = Object.assign(document.createElement('link'), { crossOrigin: '', href });
    link.rel = 'modulepreload';
    document.head.append(link);
  }
}
