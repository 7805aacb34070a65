import { afterEach, describe, expect, it } from 'vitest';
import { preloadRest } from '@/lib/extension/pages/preload-rest';

/**
 * A page's start script preloads the rest of the page (React and what its entry imports with
 * import()) once it has started what the first paint needs, from the list the build puts on its tag
 * (scripts/page-chunks.ts; the built pages are checked in bundle-budget.test.ts).
 */
const preloads = () =>
  [...document.head.querySelectorAll<HTMLLinkElement>('link')].map((link) => ({
    rel: link.rel,
    href: link.getAttribute('href'),
    crossOrigin: link.getAttribute('crossorigin'),
  }));

function startScript(list: string | null): void {
  const script = document.createElement('script');
  if (list !== null) script.dataset.preload = list;
  document.head.append(script);
}

afterEach(() => {
  document.head.replaceChildren();
});

describe('preloadRest', () => {
  it('preloads every listed module, in order, fetched as the module scripts are', () => {
    startScript('/chunks/popup-rest-a1.js /chunks/rolldown-runtime-b2.js');
    preloadRest();
    expect(preloads()).toEqual([
      { rel: 'modulepreload', href: '/chunks/popup-rest-a1.js', crossOrigin: '' },
      { rel: 'modulepreload', href: '/chunks/rolldown-runtime-b2.js', crossOrigin: '' },
    ]);
  });

  it('does nothing on a page whose start script lists nothing', () => {
    startScript(null);
    preloadRest();
    expect(preloads()).toEqual([]);
  });
});
