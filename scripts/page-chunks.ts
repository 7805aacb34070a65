import type { Plugin } from 'vite';

/**
 * How the extension pages are cut into chunks, read from the module graph once it is built.
 *
 * - `page-start`: what the popup's and the options page's entries run first (page-start.ts: one
 *   storage read, the page's first request sent). Nothing else, so it runs before React and the
 *   rest of the page have even been evaluated, and the request overlaps their loading.
 * - `popup-entry`: everything else the popup's module entry imports statically (checking the
 *   first paint its classic start script drew, entrypoints/popup-start.ts, which WXT builds on
 *   its own as one IIFE: no chunks there).
 * - `popup-rest`: the rest of the popup (React, actions, forms, the service client and its zod
 *   contracts), which its entry asks for with import(). Left to itself, the bundler cut that rest
 *   into one chunk per set of pages sharing it, each with its own import glue: the popup loaded
 *   six files and ~2 kB gzip more than in one piece (README, Bench).
 *
 * The options and approval pages load the same chunks and their own code besides. What a page's
 * entry imports with import() (and what that imports) is preloaded, so it is fetched and compiled
 * while the entry runs instead of after: by the page's classic start script once it has started
 * what the first paint needs (lib/extension/pages/preload-rest.ts), or from the HTML on a page
 * without one.
 */
export function pageChunks(
  entries = {
    start: /lib[\\/]extension[\\/]pages[\\/]page-start\.ts$/,
    popup: /entrypoints[\\/]popup[\\/]main\.ts$/,
  },
): { plugins: Plugin[] } {
  const start = new Set<string>();
  const popupEntry = new Set<string>();
  const rest = new Set<string>();

  const graph: Plugin = {
    name: 'org-zoom-connect:page-chunks',
    apply: 'build',
    buildEnd() {
      for (const set of [start, popupEntry, rest]) set.clear();
      const ids = [...this.getModuleIds()];
      const walk = (from: string, into: Set<string>, dynamic: boolean) => {
        const queue = [from];
        while (queue.length > 0) {
          const id = queue.pop() as string;
          if (into.has(id) || start.has(id) || popupEntry.has(id)) continue;
          // Stylesheets stay with the pages that import them (a shared one would tie the
          // options page's entry to the popup's React chunk).
          if (!id.endsWith('.css')) into.add(id);
          const info = this.getModuleInfo(id);
          if (!info) continue;
          queue.push(...info.importedIds);
          if (dynamic) queue.push(...info.dynamicallyImportedIds);
        }
      };
      const startId = ids.find((id) => entries.start.test(id));
      if (startId) walk(startId, start, false);
      // Vite's import() helper: both entries call it before anything else is evaluated.
      for (const id of ids) if (id.includes('vite/preload-helper')) start.add(id);
      const popupId = ids.find((id) => entries.popup.test(id));
      if (!popupId) return;
      walk(popupId, popupEntry, false);
      // The entry itself stays the popup's own chunk: other pages share these chunks, and must
      // not run the popup's start.
      popupEntry.delete(popupId);
      for (const id of [popupId, ...popupEntry]) {
        for (const next of this.getModuleInfo(id)?.dynamicallyImportedIds ?? []) {
          walk(next, rest, true);
        }
      }
    },
  };

  const preload: Plugin = {
    name: 'org-zoom-connect:page-html',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const { bundle, chunk } = ctx;
        if (!bundle || !chunk) return html;
        // Stylesheets inline: a linked one is one more file to fetch, and it blocks the entry
        // from running until it has loaded (the floor page has none). A few kB each.
        const styled = html.replace(
          /<link rel="stylesheet"[^>]*href="\/([^"]+\.css)"[^>]*>/g,
          (link, name: string) => {
            const css = bundle[name];
            return css?.type === 'asset' ? `<style>${String(css.source)}</style>` : link;
          },
        );
        const linked = [...html.matchAll(/(?:src|href)="\/([^"]+\.js)"/g)].map((m) => m[1]);
        const present = new Set([chunk.fileName, ...chunk.imports, ...linked]);
        const files: string[] = [];
        const queue = [...chunk.dynamicImports];
        while (queue.length > 0) {
          const file = queue.shift() as string;
          const next = bundle[file];
          if (present.has(file) || !next || next.type !== 'chunk') continue;
          present.add(file);
          files.push(file);
          queue.push(...next.imports);
        }
        // A page with a classic start script (popup.html, options.html) lists them on its tag
        // instead: the script asks for them once it has started what the first paint needs
        // (preload-rest.ts). Preloaded from the HTML, they were fetched and compiled first and
        // the start script ran 20–25 ms later (README, Bench).
        const startScript = /<script src="\/[\w-]+-start\.js"/;
        if (files.length > 0 && startScript.test(styled)) {
          const list = files.map((file) => `/${file}`).join(' ');
          return styled.replace(startScript, (tag) => `${tag} data-preload="${list}"`);
        }
        return {
          html: styled,
          tags: files.map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
            injectTo: 'head' as const,
          })),
        };
      },
    },
  };

  const split: Plugin = {
    name: 'org-zoom-connect:page-split',
    apply: 'build',
    outputOptions(options) {
      // A classic start script (popup-start.ts) is built alone, as one IIFE: nothing to split.
      if (options.format === 'iife') return null;
      return {
        ...options,
        codeSplitting: {
          groups: [
            { name: 'page-start', priority: 3, test: (id: string) => start.has(id) },
            { name: 'popup-entry', priority: 2, test: (id: string) => popupEntry.has(id) },
            { name: 'popup-rest', priority: 1, test: (id: string) => rest.has(id) },
          ],
        },
      };
    },
  };

  return { plugins: [graph, preload, split] };
}
