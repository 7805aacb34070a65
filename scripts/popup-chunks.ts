import type { Plugin, UserConfig } from 'vite';

/**
 * The popup in two chunks (besides its tiny entry): what its first paint needs, and the rest of
 * it. Its first paint (entrypoints/popup/main.tsx: React, one storage read, the member's Zoom from
 * the snapshot) must not wait for the service client and its zod contracts, so the rest is an
 * import(); left to itself, the bundler cuts that rest into one chunk per set of pages sharing
 * it (popup, options, approval page), each with its own import glue, and the popup loaded six
 * files and ~2 kB gzip more than in one piece (README, Bench). Here the two sets are read from
 * the module graph once it is built: everything the popup's entry imports statically, and
 * everything else it reaches. The options and approval pages load the same two chunks and their
 * own code besides.
 */
export function popupChunks(entry = /entrypoints[\\/]popup[\\/]main\.tsx$/): {
  plugin: Plugin;
  output: NonNullable<NonNullable<UserConfig['build']>['rollupOptions']>['output'];
} {
  const firstPaint = new Set<string>();
  const rest = new Set<string>();

  const plugin: Plugin = {
    name: 'org-zoom-connect:popup-chunks',
    apply: 'build',
    buildEnd() {
      firstPaint.clear();
      rest.clear();
      const start = [...this.getModuleIds()].find((id) => entry.test(id));
      if (!start) return;
      const walk = (from: string, into: Set<string>, dynamic: boolean) => {
        const queue = [from];
        while (queue.length > 0) {
          const id = queue.pop() as string;
          if (into.has(id) || (into === rest && firstPaint.has(id))) continue;
          into.add(id);
          const info = this.getModuleInfo(id);
          if (!info) continue;
          queue.push(...info.importedIds);
          if (dynamic) queue.push(...info.dynamicallyImportedIds);
        }
      };
      walk(start, firstPaint, false);
      // The entry itself stays the popup's own chunk: other pages share these chunks, and must
      // not run the popup's start.
      firstPaint.delete(start);
      for (const id of [start, ...firstPaint]) {
        for (const next of this.getModuleInfo(id)?.dynamicallyImportedIds ?? []) {
          walk(next, rest, true);
        }
      }
    },
  };

  return {
    plugin,
    output: {
      codeSplitting: {
        groups: [
          { name: 'popup-first-paint', priority: 2, test: (id: string) => firstPaint.has(id) },
          { name: 'popup-rest', priority: 1, test: (id: string) => rest.has(id) },
        ],
      },
    },
  };
}
